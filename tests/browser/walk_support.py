"""Helpers shared by the user-walk tests (test_walkthrough.py, test_every_screen.py): screenshots
named by step and person, accepting an invitation whatever page it lands on, and moving through a
page with the keyboard alone while counting the Tab presses."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import BrowserContext, Locator, Page, expect

from tests.support import PASSWORD

SHOTS = Path("/tmp/shots-walk")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# The accessible name of the focused element, close enough to what a screen reader announces:
# aria-label, then aria-labelledby, then a form control's label, then its text.
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const by = el.getAttribute('aria-labelledby');
  const named = el.getAttribute('aria-label')
    || (by && by.split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' '))
    || (el.labels && el.labels[0] && el.labels[0].textContent)
    || el.textContent || el.value || '';
  return named.replace(/\\s+/g, ' ').trim();
}"""


class Shots:
    """Numbered screenshots, /tmp/shots-walk/NN-role-what.png, in the order they were taken."""

    def __init__(self, prefix: str = "") -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.n = 0

    async def __call__(self, page: Page, role: str, what: str) -> Path:
        self.n += 1
        path = SHOTS / f"{self.prefix}{self.n:02d}-{role}-{what}.png"
        await page.screenshot(path=str(path))
        return path


async def accept_invite(context: BrowserContext, link: str, username: str, name: str) -> Page:
    """Create an account from an invitation; the caller checks where it lands (a lead lands on
    the programme's attendance, everyone else on My groups)."""
    page = await context.new_page()
    await page.goto(link)
    await page.get_by_label("Sign-in name").fill(username)
    await page.get_by_label("Display name").fill(name)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Create my account").click()
    await expect(page.get_by_role("navigation", name="Account")).to_contain_text(
        f"Signed in as {name}")
    return page


async def focused_name(page: Page) -> str:
    name: str = await page.evaluate(FOCUSED_NAME)
    return name


async def tab_to(page: Page, name: str | re.Pattern[str], limit: int = 40) -> int:
    """Move the focus to the control called `name` with Tab (or Shift+Tab, whichever is shorter,
    as a keyboard user would) and return how many presses it took. Raises if never reached."""
    pattern = name if isinstance(name, re.Pattern) else re.compile(re.escape(name))

    async def here() -> bool:
        return bool(pattern.search(await focused_name(page)))

    if await here():
        return 0
    # Where the focus is now, to come back to after looking the other way. Putting it back is
    # the test's bookkeeping, not a keypress a person would make.
    origin = await page.evaluate_handle("document.activeElement")
    forward = 0
    while forward < limit:
        await page.keyboard.press("Tab")
        forward += 1
        if await here():
            break
    else:
        forward = limit + 1
    if forward <= 1:
        return forward
    await origin.evaluate("(el) => el.focus()")
    backward = 0
    while backward < min(forward - 1, limit):
        await page.keyboard.press("Shift+Tab")
        backward += 1
        if await here():
            return backward
    if forward > limit:
        raise AssertionError(f"{name!r} never reached with the keyboard "
                             f"(focus on {await focused_name(page)!r})")
    await origin.evaluate("(el) => el.focus()")
    for _ in range(forward):
        await page.keyboard.press("Tab")
    assert await here(), f"lost the way to {name!r}"
    return forward


async def in_viewport(page: Page, locator: Locator) -> bool:
    """True if the element is wholly inside the window as it is, without scrolling."""
    box = await locator.bounding_box()
    size = page.viewport_size
    assert size is not None
    return bool(box and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
                and box["x"] >= 0 and box["x"] + box["width"] <= size["width"])
