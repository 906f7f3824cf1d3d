"""The room as a facilitator, a presenter and trainees live it: a calm console driven from the
keyboard, pause signals answered privately, kind words when turned away or removed, a phone."""

from __future__ import annotations

import asyncio
import os
import re
import time
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_lead_dashboard import axe_violations
from tests.browser.test_story import enter_room, send, sign_up
from tests.browser.test_xss_corpus import Socket, accept

pytestmark = pytest.mark.browser
# Set BALINT_ROOM_SHOTS to a folder to keep the screens this file walks through.
SHOTS = os.environ.get("BALINT_ROOM_SHOTS")
DESKTOP: ViewportSize = {"width": 1400, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


README_SHOTS = os.environ.get("BALINT_SCREENSHOTS")  # `make screenshots`: docs/screenshots


async def shot(page: Page, name: str, readme: str | None = None) -> None:
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / name))
    if README_SHOTS and readme:
        await page.screenshot(path=str(Path(README_SHOTS) / readme))


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
    # The next step stands last among the moves, beside the conversation: the rarer moves
    # are just behind it.
    assert await tab_to(fiona, "Room options", back=True, most=2) == 2
    await fiona.keyboard.press("Enter")
    await focus_is(fiona, "Lock the room")
    await fiona.keyboard.press("Escape")
    await focus_is(fiona, "Room options")
    assert await tab_to(fiona, "Next phase: Invite the presenter back") <= 3
    await fiona.keyboard.press("Enter")
    await expect(tom.locator(".banner .phase")).to_have_text(re.compile("presenter returns"))
    await focus_is(fiona, "Next phase: Closing round")
    await fiona.keyboard.press("Enter")
    await expect(tom.locator(".banner .phase")).to_have_text("Closing round")
    assert await tab_to(fiona, "End the session", back=True) <= 3
    await fiona.keyboard.press("Enter")
    await focus_is(fiona, "Cancel")
    await fiona.keyboard.press("Tab")
    await focus_is(fiona, "End the session for everyone")
    await fiona.keyboard.press("Enter")
    for page in (tom, tara):
        await expect(page.get_by_role("heading", name="The session has ended")).to_be_visible()
    for context in contexts:
        await context.close()


async def test_turning_away_asks_first_and_the_trainee_reads_a_kind_explanation(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Fiona's "Turn away" asks in the page's own dialog (Cancel keeps Tom waiting); Tom, turned
    away, reads why and how to get back, and a retry lands on the same words, never an empty
    page."""
    links = live_server.group_invites("facilitator", "member")
    fiona = await open_session(await chromium.new_context(viewport=DESKTOP), links[0])
    tom_context = await chromium.new_context(viewport=DESKTOP)
    tom = await enter_room(tom_context, links[1], "tom", "Tom")
    room_url = tom.url
    native: list[str] = []
    fiona.on("dialog", lambda d: native.append(d.message))

    away = fiona.get_by_role("button", name="Turn away Tom")
    await away.click()
    dialog = fiona.get_by_role("dialog", name="Turn Tom away?")
    await expect(dialog).to_be_visible()
    await expect(dialog).to_contain_text("will not be able to join this session")
    await expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_be_hidden()
    await expect(away).to_be_focused()
    await expect(tom.get_by_role("heading", name="Waiting room")).to_be_visible()

    await away.click()
    await dialog.get_by_role("button", name="Turn away Tom").click()
    await expect(fiona.get_by_role("list", name="Waiting room")).to_be_hidden()
    await expect(fiona.get_by_role("button", name="Start the session")).to_be_focused()
    assert native == []
    await shot(fiona, "facilitator-after-turning-away.png")

    kind = ("The facilitator has not admitted you to this session. If you think this is a "
            "mistake, contact them.")
    await expect(tom.get_by_role("heading", name="Not admitted to this session")).to_be_visible()
    await expect(tom.locator("main")).to_contain_text(kind)
    await expect(tom.get_by_role("link", name="Back to my groups")).to_be_visible()

    # He tries again, from a fresh page: the same kind words and the way back.
    retry = await tom_context.new_page()
    await retry.goto(room_url)
    await expect(retry.get_by_role("heading", name="Not admitted to this session")).to_be_visible()
    await expect(retry.locator("main")).to_contain_text(kind)
    await expect(retry).to_have_title(re.compile("Not admitted"))
    await shot(retry, "trainee-turned-away-retry.png")
    await retry.get_by_role("link", name="Back to my groups").click()
    await expect(retry.get_by_role("heading", name="My groups")).to_be_visible()


async def test_pause_signal_is_impossible_to_miss_and_answered_privately(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Tara asks for a pause in the page's own dialog; Fiona sees a notice and a title badge
    that stay until she answers; her private reply reaches Tara alone."""
    links = live_server.group_invites("facilitator", "member", "member")
    contexts = [await chromium.new_context(viewport=DESKTOP) for _ in range(3)]
    fiona = await open_session(contexts[0], links[0])
    tom = await enter_room(contexts[1], links[1], "tom", "Tom")
    tara = await enter_room(contexts[2], links[2], "tara", "Tara")
    await fiona.get_by_role("button", name="Admit Tom").click()
    await fiona.get_by_role("button", name="Admit Tara").click()
    await fiona.get_by_role("button", name="Start the session").click()
    await fiona.get_by_role("button", name="Next phase: Who has a case?").click()
    await tom.get_by_role("button", name="Raise my hand").click()
    await fiona.get_by_role("button", name="Choose as presenter: Tom").click()
    for _ in range(3):
        await fiona.get_by_role("button", name=re.compile("^Next phase")).click()
    await expect(tara.locator(".banner .phase")).to_have_text(re.compile("^Discussion"))
    await send(tara, "I wonder what she hopes for when she comes.")
    await send(fiona, "Let us stay with the patient for a moment.")

    native: list[str] = []
    tara.on("dialog", lambda d: native.append(d.message))
    await tara.get_by_role("button", name="I need a pause").click()
    ask = tara.get_by_role("dialog", name="Ask for a pause")
    await expect(ask).to_be_visible()
    await expect(ask.get_by_label("A short note (optional)")).to_be_focused()
    # The server's own limit, from the join acknowledgement: a longer note would be refused.
    await expect(ask.get_by_label("A short note (optional)")).to_have_attribute("maxlength", "280")
    await tara.keyboard.type("This is close to home")
    await ask.get_by_role("button", name="Tell the facilitators").click()
    await expect(tara.locator(".personal")).to_contain_text("Your facilitators have been told")
    assert native == []

    notice = fiona.get_by_role("region", name="Pause request")
    await expect(notice).to_be_visible()
    await expect(notice).to_contain_text("“This is close to home”")
    await expect(fiona).to_have_title(re.compile(r"^\(1 pause request\) Week 5"))
    box = await notice.bounding_box()
    assert box is not None and box["y"] + box["height"] <= DESKTOP["height"]  # in view, not below
    await shot(fiona, "facilitator-discussion-pause-signal.png")
    assert "close to home" not in await tom.content()

    await notice.get_by_role("button", name="Reply privately to Tara").click()
    reply = fiona.get_by_role("dialog", name="Reply privately to Tara")
    await expect(reply.get_by_label("Your reply")).to_have_attribute("maxlength", "280")
    await expect(fiona.get_by_label("Message to co-facilitators")).to_have_attribute(
        "maxlength", "4000")
    await reply.get_by_label("Your reply").fill("Of course. Take the time you need.")
    await reply.get_by_role("button", name="Send the reply").click()
    await expect(notice).to_be_hidden()
    await expect(fiona).to_have_title(re.compile(r"^Week 5"))
    await expect(tara.locator(".personal")).to_contain_text(
        "Fiona replied, privately: “Of course. Take the time you need.”")
    await shot(tara, "trainee-pause-reply.png")
    assert "Take the time you need" not in await tom.content()
    for context in contexts:
        await context.close()


async def person_menu(fiona: Page, name: str, item: str) -> None:
    await fiona.get_by_role("button", name=f"Actions for {name}").click()
    await fiona.get_by_role("menuitem", name=item).click()


async def test_each_person_is_told_what_concerns_them_in_plain_words(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Admitted before the start, muted, chat paused, given the floor, presenting, removed: each
    trainee reads what it means for them; a raised hand's place stays current; a second Enter
    on a warned message does not send it."""
    links = live_server.group_invites("facilitator", "member", "member")
    contexts = [await chromium.new_context(viewport=DESKTOP) for _ in range(3)]
    fiona = await open_session(contexts[0], links[0])
    tom = await enter_room(contexts[1], links[1], "tom", "Tom")
    tara = await enter_room(contexts[2], links[2], "tara", "Tara")
    native: list[str] = []
    for page in (tom, tara):
        page.on("dialog", lambda d: native.append(d.message))
    await fiona.get_by_role("button", name="Admit Tom").click()
    await fiona.get_by_role("button", name="Admit Tara").click()
    await expect(tom.locator(".banner .phase")).to_have_text(
        "You’re in. The session will start soon.")
    await expect(tom.get_by_label("Your message")).to_have_attribute(
        "placeholder", re.compile("Shift\\+Enter starts a new line"))
    await shot(tom, "trainee-admitted-before-start.png")

    await send(tara, "Hello everyone")
    await fiona.get_by_role("button", name="Start the session").click()
    await fiona.get_by_role("button", name="Next phase: Who has a case?").click()
    await tara.get_by_role("button", name="Raise my hand").click()
    await tom.get_by_role("button", name="Raise my hand").click()
    await expect(tom.get_by_role("button", name="Lower my hand (you are number 2)")).to_be_visible()
    await fiona.get_by_role("button", name="Choose as presenter: Tara").click()
    await expect(tom.get_by_role("button", name="Lower my hand (you are number 1)")).to_be_visible()
    await tom.get_by_role("button", name=re.compile("Lower my hand")).click()

    await person_menu(fiona, "Tom", "Mute")
    await expect(tom.locator(".composer-why")).to_have_text(
        "A facilitator has muted you for now. You can still read everything.")
    await expect(tara.get_by_label("Your message")).to_be_enabled()
    await person_menu(fiona, "Tom", "Unmute")
    await expect(tom.get_by_label("Your message")).to_be_enabled()

    # Chat paused for members never silences the presenter while she presents.
    await fiona.get_by_role("button", name="Next phase: Presentation").click()
    await fiona.get_by_role("button", name="Room options").click()
    await fiona.get_by_role("menuitem", name="Pause chat for members").click()
    await expect(tom.locator(".composer-why")).to_contain_text(
        "A facilitator has paused chat for members for now.")
    await expect(tara.get_by_label("Your message")).to_be_enabled()
    await send(tara, "She first came to me two years ago.")
    await expect(tom.locator(".transcript .text").last).to_have_text(
        "She first came to me two years ago.")
    await shot(tara, "presenter-presenting-while-chat-paused.png")

    # Given the floor, Tom may speak while chat stays paused for the others.
    await tom.get_by_role("button", name="Raise my hand").click()
    await fiona.get_by_role("button", name="Give the floor to Tom").click()
    await expect(tom.locator(".personal")).to_contain_text("You have the floor")
    await expect(tom.get_by_label("Your message")).to_be_enabled()
    await send(tom, "Can I ask one thing?")
    await expect(tara.locator(".transcript .text").last).to_have_text("Can I ask one thing?")

    # Removal: asked in the page's own dialog; Tom is told it was a facilitator.
    await person_menu(fiona, "Tom", "Remove from this session…")
    remove = fiona.get_by_role("dialog", name="Remove Tom from this session?")
    await remove.get_by_role("button", name="Remove Tom").click()
    await expect(tom.get_by_role("heading", name="A facilitator removed you from this session")) \
        .to_be_visible()
    await expect(tom.get_by_role("link", name="Back to my groups")).to_be_visible()
    assert "You have left" not in await tom.content()
    await shot(tom, "trainee-removed.png")
    assert native == []
    for context in contexts:
        await context.close()


async def crowded_room(chromium: Browser, server: ServerProcess, messages: int,
                       viewport: ViewportSize) -> tuple[list[BrowserContext], Page, Page]:
    """Fiona's session in discussion with Tom presenting, a pause signal waiting, and a
    conversation of `messages` messages from ten more trainees (python-socketio clients)."""
    links = server.group_invites("facilitator", "member", *["member"] * 10)
    contexts = [await chromium.new_context(viewport=viewport, bypass_csp=True) for _ in range(2)]
    fiona = await open_session(contexts[0], links[0])
    tom = await enter_room(contexts[1], links[1], "tom", "Tom")
    session_id = tom.url.rsplit("/", 1)[-1]
    others = []
    for i, link in enumerate(links[2:]):
        api, refused = await accept(server.url, link, f"member{i}", f"Trainee {i}")
        assert refused is None
        others.append(await Socket(server.url, api).open())
        await others[-1].ok("accept_rules", {"session_id": session_id})
        await others[-1].ok("join", {"session_id": session_id})
    await fiona.get_by_role("button", name="Admit everyone").click()
    await expect(fiona.get_by_role("list", name="Waiting room")).to_be_hidden()
    await expect(tom.get_by_role("status")).to_have_text("Connected")
    for s in others:
        assert (await s.ok("join", {"session_id": session_id}))["status"] == "admitted"
    await fiona.get_by_role("button", name="Start the session").click()
    await fiona.get_by_role("button", name="Next phase: Who has a case?").click()
    await tom.get_by_role("button", name="Raise my hand").click()
    await fiona.get_by_role("button", name="Choose as presenter: Tom").click()
    for _ in range(3):
        await fiona.get_by_role("button", name=re.compile("^Next phase")).click()
    await expect(tom.locator(".banner .phase")).to_have_text(re.compile("^Discussion"))
    words = ("I notice I feel protective of her. ", "What does she want from him? ",
             "There is something about the silence in that room. ")
    for n in range(messages):
        text = f"{n + 1}. " + words[n % 3] * (1 + n % 4)
        await others[n % len(others)].ok("send", {"session_id": session_id,
                                                  "client_id": f"crowd-{n:04d}", "text": text})
    await others[0].ok("hand", {"session_id": session_id, "raised": True})
    await others[1].ok("pause_signal", {"session_id": session_id, "note": "A minute, please"})
    for page in (fiona, tom):
        await expect(page.locator(".chat .transcript .text")).to_have_count(messages)
    for s in others:
        await s.sio.disconnect()
        await s.api.close()
    return contexts, fiona, tom


async def test_a_200_message_room_has_no_accessibility_violations(
        chromium: Browser, live_server: ServerProcess) -> None:
    """axe-core finds nothing on the facilitator's and the trainee's room, with a 200-message
    conversation, at desktop size and on a phone."""
    contexts, fiona, tom = await crowded_room(chromium, live_server, 200, DESKTOP)
    found = {}
    for size in (DESKTOP, PHONE):
        for who, page in (("facilitator", fiona), ("trainee", tom)):
            await page.set_viewport_size(size)
            await page.wait_for_timeout(100)
            found[f"{who} {size['width']}"] = await axe_violations(page)
            # One screen tall, not 2,000 px: only the conversation scrolls.
            assert await page.evaluate("""() => document.scrollingElement.scrollHeight
                <= innerHeight + 1 && document.querySelector('main').scrollHeight
                <= document.querySelector('main').clientHeight + 1""")
    assert found == {key: [] for key in found}, found
    for context in contexts:
        await context.close()


async def test_on_a_phone_the_phase_timer_and_message_box_stay_in_view(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Tom, presenting, and Fiona on 390x844 phones: the phase, the timer, the latest message and
    the message box are on the first screen; only the conversation scrolls, so writing never
    scrolls the timer away."""
    contexts, fiona, tom = await crowded_room(chromium, live_server, 40, PHONE)
    await tom.set_viewport_size(PHONE)

    async def in_view(page: Page, locator: str) -> None:
        box = await page.locator(locator).bounding_box()
        assert box is not None, locator
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (locator, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (locator, box)

    async def still(page: Page) -> None:
        for part in (".banner .phase", ".banner .timer", "textarea[name=message]",
                     ".chat .transcript .message >> nth=-1"):
            await in_view(page, part)
        # The page itself does not scroll: the conversation is the one scrolling region.
        page_scrolls = await page.evaluate(
            "() => document.scrollingElement.scrollHeight > innerHeight + 1")
        assert not page_scrolls
        transcript = page.get_by_role("list", name="Messages", exact=True)
        assert await transcript.evaluate("(ol) => ol.scrollHeight > ol.clientHeight + 100")

    await shot(tom, "trainee-phone-presenter-listening.png")
    await shot(fiona, "facilitator-phone.png")
    for page in (tom, fiona):
        await still(page)
    # Tara's composer on a phone, after the presenter returns: still in view while writing.
    await fiona.get_by_role("button", name="Next phase: Invite the presenter back").click()
    await expect(tom.get_by_label("Your message")).to_be_enabled()
    await tom.get_by_label("Your message").fill("What struck me\nis how alone I felt with it.")
    await still(tom)
    await shot(tom, "trainee-phone-writing.png", readme="trainee-phone.png")
    for context in contexts:
        await context.close()


async def test_a_second_enter_does_not_send_what_the_guard_warned_about(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Tom types an NHS number and presses Enter: the warning. Enter again, and again: still
    nothing sent; only the explicit "Send anyway" would send it (screenshots 36 and 37). Names
    of the people in the room are not warned about; a patient's name is."""
    links = live_server.group_invites("facilitator", "member")
    fiona = await open_session(await chromium.new_context(viewport=DESKTOP), links[0])
    tom = await enter_room(await chromium.new_context(viewport=DESKTOP), links[1], "tom", "Tom")
    await fiona.get_by_role("button", name="Admit Tom").click()
    await expect(tom.get_by_role("status")).to_have_text("Connected")
    nhs = "943 476 5919"
    await send(tom, f"Her NHS number is {nhs} and she came back again.")
    await expect(tom.locator(".guard")).to_be_visible()
    await tom.keyboard.press("Enter")
    await tom.keyboard.press("Enter")
    await expect(tom.locator(".guard")).to_be_visible()
    # Fiona greets Tom by name: a member of the group is not a patient, so no warning; a name
    # nobody in the room has still is one.
    await send(fiona, "Welcome, Tom.")
    await expect(tom.locator(".transcript .text")).to_have_text(["Welcome, Tom."])
    assert nhs not in await fiona.content()
    await expect(tom.get_by_label("Your message")).to_have_value(re.compile(nhs))
    await send(fiona, "Margaret Thompson came back to see me again today.")
    await expect(fiona.locator(".guard")).to_contain_text("Margaret Thompson")
    await expect(tom.locator(".transcript .text")).to_have_text(["Welcome, Tom."])
