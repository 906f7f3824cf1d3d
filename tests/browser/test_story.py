"""The walking-skeleton story in a real Chromium: invite, sign up, meet in a room, chat."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, BrowserContext, Dialog, Page, expect

from tests.browser.conftest import ServerProcess
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
XSS = "<img src=x onerror=alert(1)>"


async def note_and_dismiss(dialogs: list[str], dialog: Dialog) -> None:
    """A dialog nobody expected: noted for the assertion, and closed so the page goes on."""
    dialogs.append(dialog.message)
    await dialog.dismiss()


async def sign_up(context: BrowserContext, link: str, username: str, name: str) -> Page:
    page = await context.new_page()
    await page.goto(link)
    await page.get_by_label("Sign-in name").fill(username)
    await page.get_by_label("Display name").fill(name)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Create my account").click()
    await expect(page.get_by_role("heading", name="My groups")).to_be_visible()
    return page


async def enter_room(context: BrowserContext, link: str, username: str, name: str) -> Page:
    """Sign up, enter the open session, accept the ground rules, and wait to be admitted."""
    page = await sign_up(context, link, username, name)
    await page.get_by_role("link", name=re.compile("Enter")).click()
    await expect(page.get_by_role("heading", name=re.compile("Ground rules"))).to_be_visible()
    await page.get_by_role("button", name="I agree to these ground rules").click()
    await expect(page.get_by_role("heading", name="Waiting room")).to_be_visible()
    return page


async def fiona_admits(
    chromium: Browser, server: ServerProcess, username: str, name: str
) -> tuple[Page, Page]:
    """Fiona the facilitator opens a session now and admits one member, who is then connected
    in the room: their two pages."""
    links = server.group_invites("facilitator", "member")
    fiona = await sign_up(await chromium.new_context(), links[0], "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.locator(".banner .phase")).to_have_text(re.compile("Waiting room"))
    member = await enter_room(await chromium.new_context(), links[1], username, name)
    await fiona.get_by_role("button", name=f"Admit {name}").click()
    await expect(member.get_by_role("status").first).to_have_text("Connected")
    return fiona, member


async def invite_link(admin: Page, role: str) -> str:
    # Links made earlier on this page stay listed; the newest is at the top of the list.
    links = admin.get_by_role("textbox", name="Invitation link")
    before = await links.count()
    await admin.get_by_label("Invite a").select_option(role)
    await admin.get_by_role("button", name="Create invitation link").click()
    await expect(links).to_have_count(before + 1)
    out = links.first
    await expect(out).to_have_value(re.compile(r"/#/invite/"))
    return await out.input_value()


async def send(page: Page, text: str) -> None:
    await page.get_by_label("Your message").fill(text)
    await page.get_by_label("Your message").press("Enter")


async def test_admin_invites_and_three_people_chat(chromium: Browser,
                                                  live_server: ServerProcess) -> None:
    contexts = [await chromium.new_context() for _ in range(4)]
    dialogs: list[str] = []
    stray_requests: list[str] = []
    admin = await sign_up(contexts[0], live_server.first_invite, "admin", "Ada")
    await admin.get_by_label("New programme name").fill("North Thames")
    await admin.get_by_role("button", name="Create programme").click()
    await admin.get_by_label("New group name").fill("Tuesday group")
    await admin.get_by_role("button", name="Create group").click()
    await expect(admin.get_by_role("heading", name="Tuesday group")).to_be_visible()
    links = [await invite_link(admin, role) for role in ("facilitator", "member", "member")]
    assert len(set(links)) == 3

    fiona = await sign_up(contexts[1], links[0], "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.get_by_role("heading", name="Balint group")).to_be_visible()

    trainees = []
    for context, link, user, name in ((contexts[2], links[1], "tom", "Tom"),
                                      (contexts[3], links[2], "tara", "Tara")):
        page = await enter_room(context, link, user, name)
        await fiona.get_by_role("button", name=f"Admit {name}").click()
        await expect(page.get_by_role("status")).to_have_text("Connected")
        trainees.append(page)
    tom, tara = trainees
    for page in (fiona, tom, tara):
        page.on("dialog", lambda d: note_and_dismiss(dialogs, d))
        page.on("request", lambda r: stray_requests.append(r.url) if r.url.endswith("/x") else None)
        await expect(page.locator(".presence li")).to_have_count(3)

    await send(fiona, "Who has a case today?")
    for page in (tom, tara):
        await expect(page.locator(".transcript .text")).to_have_text(["Who has a case today?"])
    await send(tom, "I do — a patient I keep thinking about.")
    await send(tara, XSS)
    for page in (fiona, tom, tara):
        await expect(page.locator(".transcript .text")).to_have_text(
            ["Who has a case today?", "I do — a patient I keep thinking about.", XSS])
        assert await page.locator(".transcript img").count() == 0

    await tom.reload()
    await expect(tom.get_by_role("status")).to_have_text("Connected")
    await expect(tom.locator(".transcript .text")).to_have_text(
        ["Who has a case today?", "I do — a patient I keep thinking about.", XSS])
    assert await tom.locator(".transcript img").count() == 0

    # The composer refuses an over-long message without losing it.
    await tom.get_by_label("Your message").fill("z" * 4001)
    await tom.get_by_role("button", name="Send").click()
    await expect(tom.get_by_role("alert")).to_contain_text("limit is 4,000")
    await expect(tom.get_by_label("Your message")).to_have_value("z" * 4001)

    assert dialogs == [] and stray_requests == []
    for context in contexts:
        await context.close()
    assert "who has a case" not in live_server.logs().lower()


async def test_outsider_sees_a_clear_refusal(chromium: Browser, live_server: ServerProcess) -> None:
    context = await chromium.new_context()
    admin = await sign_up(context, live_server.first_invite, "admin", "Ada")
    await admin.goto(live_server.url + "/#/room/no-such-session")
    await expect(admin.get_by_role("heading", name="There is no such session")).to_be_visible()
    await expect(admin.get_by_role("link", name="Back to my groups")).to_be_visible()
    await context.close()
    anonymous = await chromium.new_context()
    page = await anonymous.new_page()
    await page.goto(live_server.url + "/#/room/whatever")
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await anonymous.close()
