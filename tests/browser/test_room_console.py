"""The room as a facilitator, a presenter and trainees live it: a calm console driven from the
keyboard, pause signals answered privately, kind words when turned away or removed, a phone."""

from __future__ import annotations

import asyncio
import os
import re
import time
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import enter_room, send, sign_up

pytestmark = pytest.mark.browser
# Set BALINT_ROOM_SHOTS to a folder to keep the screens this file walks through.
SHOTS = os.environ.get("BALINT_ROOM_SHOTS")
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


async def shot(page: Page, name: str) -> None:
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / name))


async def focused(page: Page) -> str:
    """The accessible name of whatever has the keyboard focus (roughly, as a person hears it)."""
    name: str = await page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || el === document.body) return '(page)';
        return (el.getAttribute('aria-label') || el.textContent || '').trim();
    }""")
    return name


async def tab_to(page: Page, name: str, most: int = 3, back: bool = False) -> int:
    """Press Tab (Shift+Tab if `back`) until `name` has the focus; fail past `most` presses."""
    seen = []
    for presses in range(1, most + 1):
        await page.keyboard.press("Shift+Tab" if back else "Tab")
        now = await focused(page)
        if now == name:
            return presses
        seen.append(now)
    raise AssertionError(f"{name!r} not reached in {most} Tabs; the focus went {seen}")


async def focus_is(page: Page, name: str, within: float = 5.0) -> None:
    """Wait until `name` has the focus (the move that puts it there may still be under way)."""
    deadline = time.monotonic() + within
    while (now := await focused(page)) != name:
        if time.monotonic() > deadline:
            raise AssertionError(f"the focus is on {now!r}, not {name!r}")
        await asyncio.sleep(0.05)


async def open_session(context: BrowserContext, link: str) -> Page:
    fiona = await sign_up(context, link, "fiona", "Fiona")
    fiona.on("dialog", lambda d: d.accept())  # "End the session" still asks the browser's way
    await fiona.get_by_label("Session title").fill("Week 5")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.locator(".banner .phase")).to_have_text(re.compile("Waiting room"))
    return fiona


async def test_fiona_runs_a_whole_session_from_the_keyboard(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Every step of the session is at most three Tabs from the last, the focus lands on the
    next thing to do, and a long conversation is one Tab stop, read with the arrow keys."""
    links = live_server.group_invites("facilitator", "member", "member")
    contexts = [await chromium.new_context(viewport=DESKTOP) for _ in range(3)]
    fiona = await open_session(contexts[0], links[0])
    await focus_is(fiona, "Start the session")
    tom = await enter_room(contexts[1], links[1], "tom", "Tom")
    tara = await enter_room(contexts[2], links[2], "tara", "Tara")
    await expect(fiona.get_by_role("list", name="Waiting room")).to_contain_text("Tara")
    await expect(fiona).to_have_title(re.compile(r"^\(2 waiting\) Week 5"))
    await shot(fiona, "facilitator-waiting-room.png")

    assert await tab_to(fiona, "Admit Tom") <= 3
    await fiona.keyboard.press("Enter")
    await focus_is(fiona, "Admit Tara")
    await fiona.keyboard.press("Enter")
    await focus_is(fiona, "Start the session")
    await expect(fiona).to_have_title(re.compile(r"^Week 5"))
    await fiona.keyboard.press("Enter")
    await expect(tom.locator(".banner .phase")).to_have_text("Check-in")
    await focus_is(fiona, "Next phase: Who has a case?")
    await fiona.keyboard.press("Enter")
    await expect(tom.locator(".banner .phase")).to_have_text("Who has a case?")
    # Next phase cannot apply yet: it stays, and says why.
    primary = fiona.get_by_role("button", name="Next phase: Presentation")
    await expect(primary).to_have_attribute("aria-disabled", "true")
    await expect(fiona.locator("#next-why")).to_contain_text("Choose who presents first")
    await focus_is(fiona, "Next phase: Presentation")

    await tom.get_by_role("button", name="Raise my hand").click()
    await expect(tom.get_by_role("button", name="Lower my hand (you are number 1)")).to_be_visible()
    assert await tab_to(fiona, "Choose as presenter: Tom") <= 3
    await fiona.keyboard.press("Space")
    await expect(tara.locator(".banner .phase-detail")).to_contain_text("presented by Tom")
    await focus_is(fiona, "Next phase: Presentation")
    await expect(primary).not_to_have_attribute("aria-disabled", "true")
    for label in ("Presentation — the group listens", "Clarifying questions",
                  "Discussion — the presenter is listening"):
        await fiona.keyboard.press("Enter")
        await expect(tom.locator(".banner .phase")).to_have_text(label)
    await focus_is(fiona, "Next phase: Invite the presenter back")

    # A long conversation: one Tab stop, arrow keys inside, message actions on the one in focus.
    for i in range(12):
        await send(tara, f"Thought number {i}")
    await expect(fiona.locator(".transcript .text")).to_have_count(12)
    tabbable = await fiona.get_by_role("list", name="Messages", exact=True).evaluate(
        "(ol) => [ol, ...ol.querySelectorAll('*')].filter((e) => e.tabIndex >= 0).length")
    assert tabbable == 1
    await fiona.get_by_label("Your message").focus()
    assert await tab_to(fiona, "Messages", back=True) == 1
    await fiona.keyboard.press("ArrowUp")
    messages = fiona.locator(".chat .transcript .message")
    await expect(messages.last).to_be_focused()
    await fiona.keyboard.press("ArrowUp")
    await expect(messages.nth(10)).to_be_focused()
    assert await tab_to(fiona, "Remove message from Tara") == 1
    await fiona.keyboard.press("Enter")
    dialog = fiona.get_by_role("dialog", name="Remove this message for everyone?")
    await expect(dialog).to_be_visible()
    await focus_is(fiona, "Cancel")
    await fiona.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await focus_is(fiona, "Remove message from Tara")
    await fiona.keyboard.press("Enter")
    await fiona.keyboard.press("Tab")  # Cancel -> Remove message
    await fiona.keyboard.press("Enter")
    await expect(tom.locator(".transcript .redacted")).to_have_text(
        ["This message was removed by a facilitator."])
    assert "Thought number 10" not in await tom.content()
    await shot(fiona, "facilitator-discussion.png")
    await shot(tom, "presenter-listening.png")

    # Back to the next step: the menu of rarer moves closes with Escape.
    await fiona.get_by_label("Your message").focus()
    await fiona.keyboard.press("Shift+Tab")  # into the conversation, one stop
    for _ in range(40):
        if await focused(fiona) == "Next phase: Invite the presenter back":
            break
        await fiona.keyboard.press("Shift+Tab")
    assert await tab_to(fiona, "Room options", most=2) == 2
    await fiona.keyboard.press("Enter")
    await focus_is(fiona, "Lock the room")
    await fiona.keyboard.press("Escape")
    await focus_is(fiona, "Room options")
    assert await tab_to(fiona, "Next phase: Invite the presenter back", back=True) <= 3
    await fiona.keyboard.press("Enter")
    await expect(tom.locator(".banner .phase")).to_have_text(re.compile("presenter returns"))
    await focus_is(fiona, "Next phase: Closing round")
    await fiona.keyboard.press("Enter")
    await expect(tom.locator(".banner .phase")).to_have_text("Closing round")
    assert await tab_to(fiona, "End the session") <= 3
    await fiona.keyboard.press("Enter")
    for page in (tom, tara):
        await expect(page.get_by_role("heading", name="The session has ended")).to_be_visible()
    for context in contexts:
        await context.close()
