"""Settings screens in Chromium: a programme lead sets how long groups may keep case notes; the
facilitator then sees that limit beside the choice on the group's settings screen, is told
beside the field when a value is out of range (and loses nothing typed elsewhere), and saves."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_facilitation import SHOTS
from tests.browser.test_invitations import DESKTOP, at_both_sizes, look
from tests.browser.test_story import sign_up
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


async def test_lead_limits_show_beside_the_facilitators_choices(
        chromium: Browser, live_server: ServerProcess) -> None:
    programme = live_server.cli("create-programme", "North Thames")
    group = live_server.cli("create-group", "--programme", programme, "Tuesday group")
    lead_link = live_server.cli("invite", "--lead", "--programme", programme)
    fiona_link = live_server.cli("invite", "--group", group, "--role", "facilitator")

    # Lena, the programme lead, lowers the case notes limit to 60 days.
    lena_context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)
    lena = await lena_context.new_page()
    await lena.goto(lead_link)
    await lena.get_by_label("Sign-in name").fill("lena")
    await lena.get_by_label("Display name").fill("Lena")
    await lena.get_by_label("Password").fill(PASSWORD)
    await lena.get_by_role("button", name="Create my account").click()
    await expect(lena.get_by_role("heading", name="Programme attendance")).to_be_visible()
    await lena.get_by_role("link", name="Programme settings: what groups may keep").click()
    await expect(lena.get_by_role("heading", name="Programme settings: North Thames")
                 ).to_be_visible()
    notes = lena.get_by_label("Longest a group may keep case notes (days)")
    await expect(notes).to_have_value("90")
    await notes.fill("400")
    await lena.get_by_role("button", name="Save the limits").click()
    await expect(lena.get_by_text("Please give a whole number from 0 to 365 days")).to_be_visible()
    await expect(notes).to_be_focused()
    await notes.fill("60")
    await lena.get_by_role("button", name="Save the limits").click()
    await expect(lena.get_by_role("status").filter(has_text="Saved")).to_contain_text(
        "Every group of the programme keeps to these limits")
    await at_both_sizes(lena, "programme-settings")
    await lena_context.close()

    # Fiona, the facilitator, opens the group's settings from her facilitator tools.
    context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)
    fiona = await sign_up(context, fiona_link, "fiona", "Fiona")
    await fiona.get_by_role("link", name="Group settings: Tuesday group").click()
    await expect(fiona.get_by_role("heading", name="Settings: Tuesday group")).to_be_visible()
    kept = fiona.get_by_role("group", name="What is kept")
    note_days = kept.get_by_label("Case notes: days kept after the session")
    await expect(note_days).to_have_attribute(
        "aria-describedby", re.compile(".+"))
    await expect(kept).to_contain_text("From 0 to 60 days, set by your programme lead.")
    await expect(kept).to_contain_text("At most 720 hours (30 days), set by your programme lead.")
    await expect(fiona.get_by_role("region", name="Expected attendance")).to_contain_text("80%")

    # A change in one section survives a refusal in another.
    await fiona.get_by_label("Check-in").fill("10")
    await note_days.fill("90")
    await kept.get_by_role("button", name="Save what is kept").click()
    error = kept.get_by_text("Please give a whole number from 0 to 60 days. “90” cannot be saved.")
    await expect(error).to_be_visible()
    await expect(note_days).to_have_attribute("aria-invalid", "true")
    await expect(note_days).to_be_focused()
    await look(fiona, "settings-error-desktop.png")
    if SHOTS:  # the README's picture: the lead's limit beside the choice, and a refusal
        await kept.locator("xpath=..").screenshot(path=f"{SHOTS}/group-settings.png")
    await expect(fiona.get_by_label("Check-in")).to_have_value("10")
    await note_days.fill("45")
    await kept.get_by_role("button", name="Save what is kept").click()
    await expect(kept.get_by_role("status")).to_contain_text("Saved.")
    await expect(error).to_be_hidden()
    phases = fiona.get_by_role("group", name="Phase lengths")
    await fiona.get_by_label("Discussion").fill("0")
    await phases.get_by_role("button", name="Save phase lengths").click()
    await expect(phases.get_by_text("Please give a whole number from 1 to 120 minutes")
                 ).to_be_visible()
    await fiona.get_by_label("Discussion").fill("30")
    await phases.get_by_role("button", name="Save phase lengths").click()
    await expect(phases.get_by_role("status")).to_contain_text("Phase lengths saved")
    await fiona.get_by_label("Let members straight in (no waiting room)").check()
    await fiona.get_by_role("group", name="Who gets in").get_by_role("button", name="Save").click()
    await at_both_sizes(fiona, "settings")

    await fiona.reload()
    await expect(fiona.get_by_label("Check-in")).to_have_value("10")
    await expect(fiona.get_by_label("Discussion")).to_have_value("30")
    await expect(fiona.get_by_label("Case notes: days kept after the session")).to_have_value("45")
    await expect(fiona.get_by_label("Let members straight in (no waiting room)")).to_be_checked()
    await context.close()
