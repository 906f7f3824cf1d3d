"""Invitations in Chromium, from the people's side: an administrator invites a programme lead
from the admin screen and the lead lands on their programme's attendance; a facilitator keeps
several links open, sees role, who for and expiry, revokes one with the page's own dialog, and
the revoked link tells its opener kindly; every screen passes axe-core at desktop and phone size.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_lead_dashboard import axe_violations
from tests.browser.test_story import note_and_dismiss, sign_up
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-home")
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


async def look(page: Page, name: str) -> None:
    """A screenshot to judge by eye, and axe-core at this size."""
    await page.screenshot(path=str(SHOTS / name), full_page=True)
    found = await axe_violations(page)
    assert found == [], (name, found)


async def at_both_sizes(page: Page, name: str) -> None:
    await look(page, f"{name}-desktop.png")
    await page.set_viewport_size(PHONE)
    await look(page, f"{name}-phone.png")
    await page.set_viewport_size(DESKTOP)


async def test_admin_invites_a_programme_lead_who_lands_on_the_programme(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Ada, the administrator, invites Dr Okafor as lead of North Thames from her admin screen;
    Dr Okafor opens the link, makes an account, and is taken to the programme's attendance."""
    programme = live_server.cli("create-programme", "North Thames")
    live_server.cli("create-group", "--programme", programme, "Tuesday group")
    ada_context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)
    ada = await sign_up(ada_context, live_server.first_invite, "ada", "Ada")
    lead_part = ada.locator(".admin-programmes > li").filter(has_text="Programme: North Thames")
    await expect(ada.get_by_role("heading", name="Programme: North Thames")).to_be_visible()
    await lead_part.get_by_label("Who it is for (optional)").fill("Dr Okafor, TPD")
    await lead_part.get_by_role("button", name="Create a programme lead invitation").click()
    listed = ada.get_by_role("list", name="Open invitations, programme leads of North Thames")
    await expect(listed.get_by_role("listitem")).to_have_count(1)
    await expect(listed).to_contain_text("Programme lead for Dr Okafor, TPD")
    await expect(listed).to_contain_text(re.compile(r"Expires \w{3} \d{1,2} \w{3}, \d\d:\d\d"))
    link = await listed.get_by_label(re.compile("Invitation link")).input_value()
    assert "/#/invite/" in link
    await at_both_sizes(ada, "admin")

    lead_context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)
    lead = await lead_context.new_page()
    await lead.goto(link)
    await expect(lead.get_by_text(
        "You have been invited to see anonymised attendance for North Thames.")).to_be_visible()
    await lead.get_by_label("Sign-in name").fill("okafor")
    await lead.get_by_label("Display name").fill("Ada Okafor")
    await lead.get_by_label("Password").fill(PASSWORD)
    await lead.get_by_role("button", name="Create my account").click()
    await expect(lead.get_by_role("heading", name="Programme attendance")).to_be_visible()
    await expect(lead.locator("main")).to_contain_text("North Thames")

    # Used: it leaves Ada's list.
    await ada.reload()
    await expect(ada.get_by_role("list", name=re.compile("programme leads of North Thames"))
                 ).to_contain_text("No open invitations")
    # Only an administrator sets the programme's expected attendance rate.
    await ada.get_by_role("link", name="Programme settings: North Thames").click()
    rate = ada.get_by_label("Expected attendance rate (%)")
    await expect(rate).to_have_value("80")
    await rate.fill("40")
    await ada.get_by_role("button", name="Save the expected rate").click()
    await expect(ada.get_by_text("Please give a whole number from 50 to 100 per cent.")
                 ).to_be_visible()
    await rate.fill("75")
    await ada.get_by_role("button", name="Save the expected rate").click()
    await expect(ada.get_by_text("Saved. Reports from now on use the new rate.")).to_be_visible()
    await at_both_sizes(ada, "programme-settings-admin")
    await lead.reload()
    await expect(lead.get_by_role("heading", name="Nothing to show yet")).to_be_visible()
    await lead.get_by_role("button", name=re.compile("Ask the supervisors")).click()
    await expect(lead.get_by_role("dialog")).to_contain_text("attended fewer than 75% of sessions")
    await lead.get_by_role("button", name="Not now").click()
    await ada_context.close()
    await lead_context.close()


async def test_facilitator_keeps_several_links_and_revokes_one(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Fiona makes a link for Sam (member) and one for Chris (co-facilitator): both stay on
    screen with role, name and expiry. She thinks better of Sam's: *Revoke* asks first in the
    page (she keeps it once, then revokes it). Sam's link then says it was withdrawn; Chris
    joins as a facilitator."""
    [fiona_link] = live_server.group_invites("facilitator")
    fiona_context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)
    fiona = await sign_up(fiona_context, fiona_link, "fiona", "Fiona")
    dialogs: list[str] = []
    fiona.on("dialog", lambda d: note_and_dismiss(dialogs, d))
    tools = fiona.locator(".tools")
    await tools.get_by_label("Invite a").select_option(label="Member (trainee)")
    await tools.get_by_label("Who it is for (optional)").fill("Sam")
    await tools.get_by_role("button", name="Create invitation link").click()
    listed = fiona.get_by_role("list", name="Open invitations, Tuesday group")
    await expect(listed.get_by_role("listitem")).to_have_count(1)
    await expect(tools.get_by_label("Who it is for (optional)")).to_have_value("")
    await tools.get_by_label("Invite a").select_option(
        label="Co-facilitator (same controls as you)")
    await tools.get_by_label("Who it is for (optional)").fill("Chris")
    await tools.get_by_role("button", name="Create invitation link").click()
    await expect(listed.get_by_role("listitem")).to_have_count(2)
    items = listed.get_by_role("listitem")
    await expect(items.nth(0)).to_contain_text("Facilitator for Chris")
    await expect(items.nth(1)).to_contain_text("Member (trainee) for Sam")
    expiry = re.compile(r"Expires \w{3} \d{1,2} \w{3}, \d\d:\d\d")
    for i in range(2):
        await expect(items.nth(i)).to_contain_text(expiry)
    sam_link = await items.nth(1).get_by_label(re.compile("Invitation link")).input_value()
    chris_link = await items.nth(0).get_by_label(re.compile("Invitation link")).input_value()
    assert sam_link != chris_link
    await at_both_sizes(fiona, "invitations")

    await items.nth(1).get_by_role(
        "button", name="Revoke the invitation: Member (trainee), for Sam").click()
    dialog = fiona.get_by_role("dialog", name="Revoke this invitation?")
    await expect(dialog).to_be_visible()
    await expect(dialog).to_contain_text("Member (trainee), for Sam: the link will stop working")
    await look(fiona, "invitations-revoke-dialog.png")
    await dialog.get_by_role("button", name="Keep it").click()
    await expect(dialog).to_be_hidden()
    await expect(listed.get_by_role("listitem")).to_have_count(2)
    await items.nth(1).get_by_role("button", name=re.compile("Revoke")).click()
    await fiona.keyboard.press("Escape")  # Escape keeps it too
    await expect(listed.get_by_role("listitem")).to_have_count(2)
    await items.nth(1).get_by_role("button", name=re.compile("Revoke")).click()
    await fiona.get_by_role("dialog").get_by_role("button", name="Revoke the link").click()
    await expect(listed.get_by_role("listitem")).to_have_count(1)
    await expect(fiona.get_by_role("status").filter(has_text="Revoked")).to_contain_text(
        "Revoked: Member (trainee), for Sam.")
    await expect(listed).to_contain_text("Facilitator for Chris")
    assert dialogs == []

    sam_context = await chromium.new_context(bypass_csp=True, viewport=PHONE)
    sam = await sam_context.new_page()
    await sam.goto(sam_link)
    await expect(sam.get_by_role("alert")).to_contain_text("This invitation was withdrawn")
    await expect(sam.get_by_role("link", name="Go to sign in")).to_be_visible()
    await look(sam, "invitation-revoked-phone.png")
    await sam_context.close()

    chris_context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)
    chris = await chris_context.new_page()
    await chris.goto(chris_link)
    await expect(chris.get_by_text("join Tuesday group as a facilitator")).to_be_visible()
    await chris.get_by_label("Sign-in name").fill("chris")
    await chris.get_by_label("Display name").fill("Chris")
    await chris.get_by_label("Password").fill(PASSWORD)
    await chris.get_by_role("button", name="Create my account").click()
    await expect(chris.get_by_text("you are a facilitator")).to_be_visible()
    await expect(chris.get_by_role("heading", name="Facilitator tools")).to_be_visible()
    await chris_context.close()
    await fiona_context.close()
