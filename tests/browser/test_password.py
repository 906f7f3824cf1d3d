"""Changing a password in Chromium: clear refusals, then every other browser is signed out."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_lead_dashboard import sign_in
from tests.browser.test_story import enter_room, sign_up
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
NEW = "a much longer passphrase now"


async def test_changing_the_password_signs_out_the_other_browser(
        chromium: Browser, live_server: ServerProcess) -> None:
    home_context, work_context = await chromium.new_context(), await chromium.new_context()
    home = await sign_up(home_context, live_server.first_invite, "ada", "Ada")
    work = await work_context.new_page()
    await sign_in(work, live_server.url, "ada")

    await home.get_by_role("link", name="Change password").click()
    await expect(home.get_by_role("heading", name="Change my password")).to_be_visible()
    current = home.get_by_label("Current password")
    new, again = home.get_by_label("New password", exact=True), home.get_by_label("Repeat")
    button = home.get_by_role("button", name="Change my password")

    await current.fill("not my password")
    await new.fill(NEW)
    await again.fill(NEW)
    await button.click()
    await expect(home.get_by_role("alert")).to_have_text(
        "Your current password is not right, so nothing was changed. Please try again.")
    await current.fill(PASSWORD)
    await again.fill(NEW + "!")
    await button.click()
    await expect(home.get_by_role("alert")).to_contain_text("not the same")
    await again.fill(NEW)
    await button.click()
    await expect(home.locator("p.success")).to_contain_text("Your password has been changed")
    await expect(current).to_have_value("")

    # This browser is still signed in (with a fresh sign-in); the other one is not.
    await home.get_by_role("link", name="Back to my groups").click()
    await expect(home.get_by_role("heading", name="My groups")).to_be_visible()
    await work.reload()
    await expect(work.get_by_role("heading", name="Sign in")).to_be_visible()
    await work.get_by_label("Sign-in name").fill("ada")
    await work.get_by_label("Password").fill(PASSWORD)
    await work.get_by_role("button", name="Sign in", exact=True).click()
    await expect(work.get_by_role("alert")).to_have_text(
        "That sign-in name and password do not match.")
    await work.get_by_label("Password").fill(NEW)
    await work.get_by_role("button", name="Sign in", exact=True).click()
    await expect(work.get_by_role("heading", name="My groups")).to_be_visible()
    for context in (home_context, work_context):
        await context.close()


async def test_a_room_open_elsewhere_says_the_sign_in_ended(
        chromium: Browser, live_server: ServerProcess) -> None:
    """The server closes the room's socket when the password changes on another device; the
    room must say so plainly with a way back in, not spin on "reconnecting" for ever."""
    links = live_server.group_invites("facilitator", "member")
    fiona = await sign_up(await chromium.new_context(), links[0], "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    tom = await enter_room(await chromium.new_context(), links[1], "tom", "Tom")
    await fiona.get_by_role("button", name="Admit Tom").click()
    await expect(tom.get_by_role("status")).to_have_text("Connected")

    phone = await (await chromium.new_context()).new_page()
    await sign_in(phone, live_server.url, "tom")
    await phone.get_by_role("link", name="Change password").click()
    await phone.get_by_label("Current password").fill(PASSWORD)
    await phone.get_by_label("New password", exact=True).fill(NEW)
    await phone.get_by_label("Repeat").fill(NEW)
    await phone.get_by_role("button", name="Change my password").click()
    await expect(phone.locator("p.success")).to_contain_text("Your password has been changed")

    await expect(tom.get_by_role("status")).to_contain_text("sign-in has expired")
    await expect(tom.get_by_role("status").get_by_role("link", name="Sign in")).to_be_visible()
