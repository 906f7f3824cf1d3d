"""However a session ends, every screen agrees (issue 17, Broken #1 and #3, and the live home
page): Fiona the facilitator and her trainees run a session in Chromium and end it by *Next
phase* past the closing round, by *End the session* in the middle, or by leaving it open past
`BALINT_MAX_SESSION_HOURS`. Afterwards each person's room shows the closing screen with no
message box, their home page offers no *Enter* and lists the session under *Past sessions*,
the register says when it ended, and a trainee's case note is there on the session's own page.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import ServerProcess, start_server
from tests.browser.test_facilitation import next_phase
from tests.browser.test_lead_dashboard import axe_violations
from tests.browser.test_story import send, sign_up

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-end")
SLOW = 30_000  # ms: the notes key's PBKDF2 on a busy machine
TOM_PASSPHRASE = "a bicycle made of toast"


async def shot(page: Page, name: str) -> None:
    # Playwright creates the folder itself.
    await page.screenshot(path=str(SHOTS / name), full_page=True)


async def people(chromium: Browser, server: ServerProcess,
                 *names: str) -> tuple[list[BrowserContext], dict[str, Page]]:
    """Fiona (facilitator) and trainees signed up, each on their home page, no session open."""
    links = server.group_invites("facilitator", *(["member"] * len(names)))
    contexts, pages = [], {}
    for (user, name), link in zip((("fiona", "Fiona"), *((n.lower(), n) for n in names)),
                                  links, strict=True):
        # bypass_csp: only so axe-core can be injected for the accessibility checks.
        context = await chromium.new_context(viewport={"width": 1280, "height": 900},
                                             bypass_csp=True)
        contexts.append(context)
        page = await sign_up(context, link, user, name)
        page.on("dialog", lambda d: d.accept())
        pages[name] = page
    return contexts, pages


async def open_session(fiona: Page, title: str) -> None:
    await fiona.get_by_label("Session title").fill(title)
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.get_by_role("heading", name=title)).to_be_visible()


async def come_in(fiona: Page, trainee: Page, name: str, title: str) -> None:
    """The trainee's home page shows *Enter* without a reload; in through the ground rules."""
    await trainee.get_by_role("link", name=f"Enter “{title}”").click()
    await trainee.get_by_role("button", name="I agree to these ground rules").click()
    await fiona.get_by_role("button", name=f"Admit {name}").click()
    await expect(trainee.get_by_role("status")).to_have_text("Connected")


async def end_the_session(fiona: Page) -> None:
    """*End the session*, confirming it whether the page asks with the browser's confirm (the
    dialog handler accepts) or with a dialog of its own."""
    await fiona.get_by_role("button", name="End the session").click()
    ended = fiona.get_by_role("heading", name="The session has ended")
    own = fiona.get_by_role("dialog").get_by_role("button", name=re.compile("^End"))
    await expect(ended.or_(own)).to_be_visible()
    if await own.is_visible():
        await own.click()


async def all_agree(pages: dict[str, Page], title: str, fiona: Page, *,
                    shots: str) -> None:
    """What every person sees once the session has ended, however it ended."""
    for name, page in pages.items():
        await expect(page.get_by_role("heading", name="The session has ended")).to_be_visible(
            timeout=15_000)
        await expect(page.get_by_label("Your message")).to_have_count(0)
        await expect(page.locator(".transcript .text")).to_have_count(0)
        await shot(page, f"{shots}-closing-{name.lower()}.png")
        await page.get_by_role("link", name="Back to my groups").click()
        await expect(page.get_by_role("heading", name="My groups")).to_be_visible()
        await expect(page.get_by_role("link", name=re.compile("^Enter"))).to_have_count(0)
        await expect(page.get_by_text("No session is open right now.")).to_be_visible()
        await page.get_by_text(re.compile(r"^Past sessions \(1\)")).click()
        await expect(page.get_by_role("link", name=re.compile(f"^{title} — "))).to_be_visible()
        await shot(page, f"{shots}-home-{name.lower()}.png")
        # A reload shows nothing of the ended session's conversation.
        await page.go_back()
        await page.reload()
        await expect(page.get_by_role("heading", name="This session has ended")).to_be_visible()
        await expect(page.get_by_label("Your message")).to_have_count(0)
        await page.goto(page.url.split("#")[0] + "#/")
    await fiona.get_by_role("link", name=re.compile("^Attendance register")).click()
    card = fiona.locator("section.card", has=fiona.get_by_role("heading", name=title))
    await expect(card).to_contain_text(re.compile(r" to \d\d:\d\d"))
    await expect(card).not_to_contain_text("still open")
    await shot(fiona, f"{shots}-register.png")


@pytest.fixture
async def contexts() -> AsyncIterator[list[BrowserContext]]:
    held: list[BrowserContext] = []
    yield held
    for context in held:
        await context.close()


async def test_next_phase_past_the_closing_round_ends_it_for_everyone(
        chromium: Browser, live_server: ServerProcess,
        contexts: list[BrowserContext]) -> None:
    """The whole session, check-in to closing round, then *Next phase*: and it is over,
    everywhere. Tom's private note is on the session's page afterwards."""
    made, pages = await people(chromium, live_server, "Tom", "Tara")
    contexts += made
    fiona, tom, tara = pages["Fiona"], pages["Tom"], pages["Tara"]
    await expect(tom.get_by_text("No session is open right now.")).to_be_visible()
    # Tara keeps a second tab on her home page all along: it follows without a reload.
    tara_home = await made[2].new_page()
    await tara_home.goto(live_server.url + "/#/")
    await expect(tara_home.get_by_text("No session is open right now.")).to_be_visible()

    await open_session(fiona, "Week 5")
    await expect(tara_home.get_by_role("link", name="Enter “Week 5”")).to_be_visible()
    await come_in(fiona, tom, "Tom", "Week 5")
    await come_in(fiona, tara, "Tara", "Week 5")

    # Tom writes a note for himself while the group meets.
    await expect(tom.get_by_role("heading", name="Set up your notes key")).to_be_visible(
        timeout=SLOW)
    await tom.get_by_label("Recovery passphrase").fill(TOM_PASSPHRASE)
    await tom.get_by_label("Repeat the passphrase").fill(TOM_PASSPHRASE)
    await tom.get_by_role("button", name="Create my key").click()
    await tom.get_by_label("New case note").fill("Remember: ask my supervisor about boundaries.",
                                                 timeout=SLOW)
    await tom.get_by_label("Who can read it").select_option(label="Only me")
    await tom.get_by_role("button", name="Save note").click()
    await expect(tom.locator(".note-writer [aria-live]")).to_contain_text("Saved")

    await fiona.get_by_role("button", name="Start the session").click()
    await expect(tom.locator(".banner .phase")).to_have_text("Check-in")
    await next_phase(fiona, "Who has a case?", tom, tara)
    await tom.get_by_role("button", name="Raise my hand").click()
    await fiona.get_by_role("button", name="Choose as presenter").click()
    await expect(tara.locator(".banner .phase-detail")).to_contain_text("presented by Tom")
    await next_phase(fiona, "Presentation — the group listens", tom, tara)
    await send(tom, "A patient I keep thinking about.")
    await next_phase(fiona, "Clarifying questions", tom, tara)
    await next_phase(fiona, "Discussion — the presenter is listening", tom, tara)
    await send(tara, "I wonder what she hopes for.")
    await next_phase(fiona, "The presenter returns and says what struck them", tom, tara)
    await next_phase(fiona, "Closing round", tom, tara)
    await send(tara, "Thank you, see you next week.")
    await expect(tom.locator(".transcript .text").last).to_have_text(
        "Thank you, see you next week.")

    await fiona.get_by_role("button", name="Next phase").click()  # past the closing round
    # It asks first, as *End the session* does: this ends it for everyone.
    await fiona.get_by_role("dialog").get_by_role("button", name=re.compile("^End")).click()
    await expect(tara_home.get_by_role("link", name=re.compile("^Enter"))).to_have_count(0)
    await expect(tara_home.get_by_text("No session is open right now.")).to_be_visible()
    await all_agree(pages, "Week 5", fiona, shots="next-phase")

    # Tom's note, from the past session's own page.
    await tom.get_by_text(re.compile(r"^Past sessions \(1\)")).click()
    await tom.get_by_role("link", name=re.compile("^Week 5 — ")).click()
    await expect(tom.get_by_role("heading", name="Week 5", exact=True)).to_be_visible()
    await expect(tom.get_by_text(re.compile("Case notes are kept until"))).to_be_visible()
    await expect(tom.locator(".notes-list .note-text")).to_have_text(
        ["Remember: ask my supervisor about boundaries."], timeout=SLOW)
    await shot(tom, "past-session-notes.png")
    assert await axe_violations(tom) == []
    await tom.get_by_role("link", name="Back to my groups").click()
    await tom.get_by_text(re.compile(r"^Past sessions \(1\)")).click()
    assert await axe_violations(tom) == []
    assert "supervisor about boundaries" not in live_server.logs()


async def test_end_the_session_from_the_middle(chromium: Browser, live_server: ServerProcess,
                                               contexts: list[BrowserContext]) -> None:
    """Fiona ends the session during the discussion: the same closing everywhere."""
    made, pages = await people(chromium, live_server, "Tom")
    contexts += made
    fiona, tom = pages["Fiona"], pages["Tom"]
    await open_session(fiona, "Week 6")
    await come_in(fiona, tom, "Tom", "Week 6")
    await fiona.get_by_role("button", name="Start the session").click()
    await next_phase(fiona, "Who has a case?", tom)
    await send(tom, "Nothing from me today.")
    await expect(fiona.locator(".transcript .text")).to_have_text(["Nothing from me today."])
    await end_the_session(fiona)
    await all_agree(pages, "Week 6", fiona, shots="end")


async def test_a_session_left_open_ends_at_the_time_limit(
        chromium: Browser, tmp_path: Path, contexts: list[BrowserContext]) -> None:
    """Nobody ends it: at BALINT_MAX_SESSION_HOURS (here 0.006 h, about 22 s) it ends by itself,
    and every screen says so."""
    server = start_server(tmp_path, extra_env={"BALINT_MAX_SESSION_HOURS": "0.006",
                                               "BALINT_SWEEP_SECONDS": "1"})
    try:
        made, pages = await people(chromium, server, "Tom")
        contexts += made
        fiona, tom = pages["Fiona"], pages["Tom"]
        await open_session(fiona, "Week 7")
        await come_in(fiona, tom, "Tom", "Week 7")
        await fiona.get_by_role("button", name="Start the session").click()
        await send(tom, "Checking in, a little tired.")
        await expect(fiona.locator(".transcript .text")).to_have_text(
            ["Checking in, a little tired."])
        await expect(tom.get_by_text(re.compile("longest time allowed"))).to_be_visible(
            timeout=40_000)
        await all_agree(pages, "Week 7", fiona, shots="timeout")
    finally:
        server.stop()


async def test_a_second_session_cannot_be_opened(chromium: Browser, live_server: ServerProcess,
                                                 contexts: list[BrowserContext]) -> None:
    """Two facilitators on their home pages: once Fiona opens, Cora is offered *Enter*, and if
    she was already pressing *Open a session now* she is told why not, and shown *Enter*."""
    links = live_server.group_invites("facilitator", "facilitator")
    pages = []
    for (user, name), link in zip((("fiona", "Fiona"), ("cora", "Cora")), links, strict=True):
        # bypass_csp: only so axe-core can be injected for the accessibility checks.
        context = await chromium.new_context(viewport={"width": 1280, "height": 900},
                                             bypass_csp=True)
        contexts.append(context)
        pages.append(await sign_up(context, link, user, name))
    fiona, cora = pages
    cora_late = await contexts[1].new_page()  # a tab where she is typing a title
    await cora_late.goto(live_server.url + "/#/")
    await cora_late.get_by_label("Session title").fill("Week 8 (Cora)")

    await open_session(fiona, "Week 8")
    # Her other tab follows at once: Enter, and no second "Open a session now".
    await expect(cora.get_by_role("link", name="Enter “Week 8”")).to_be_visible()
    await expect(cora.get_by_role("button", name="Open a session now")).to_have_count(0)
    await shot(cora, "second-open-home.png")
    # The tab she is typing in is left alone until she presses the button.
    await cora_late.get_by_role("button", name="Open a session now").click()
    await expect(cora_late.get_by_text(
        "“Week 8” is already open for this group. Enter the open session or end it first."
    )).to_be_visible()
    await expect(cora_late.get_by_role("link", name="Enter “Week 8”")).to_be_focused()
    await shot(cora_late, "second-open-refused.png")
    assert await axe_violations(cora_late) == []
    await cora_late.get_by_role("link", name="Enter “Week 8”").click()
    await expect(cora_late.get_by_role("heading", name="Week 8")).to_be_visible()
