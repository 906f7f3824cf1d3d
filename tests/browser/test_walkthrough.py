"""One whole Balint session, lived by the people who will use it.

Ada the administrator sets up North Thames and its Tuesday group from the screens and invites
Fiona (facilitator), five trainees and Lena (programme lead); Fiona invites Carl as her
co-facilitator. Fiona runs the whole session with the keyboard alone. Tom, Tara, Sam and Jo are
on laptops; Priya is on a phone (390x844). Tom volunteers, presents, listens while the group
talks about his case, and comes back; the group closes and Fiona ends the session. Afterwards
every screen agrees: the closing screen, the home pages, the register and the lead's figures.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, BrowserContext, Dialog, Page, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import invite_link, send, sign_up
from tests.browser.walk_support import (
    DESKTOP,
    PHONE,
    Shots,
    accept_invite,
    focused_name,
    in_viewport,
    tab_to,
)

pytestmark = pytest.mark.browser
TRAINEES = [("tom", "Tom"), ("tara", "Tara"), ("priya", "Priya"), ("sam", "Sam"), ("joanne", "Jo")]


class Keyboard:
    """Fiona's hands on the keyboard: each action is Tab (or Shift+Tab) to a control and a key,
    and the presses between consecutive actions are written down."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs: list[tuple[str, int]] = []
        self.landed: list[tuple[str, str]] = []

    async def press(self, name: str | re.Pattern[str], key: str = "Enter", *,
                    label: str | None = None) -> None:
        count = await tab_to(self.page, name)
        self.tabs.append((label or str(name), count))
        await self.page.keyboard.press(key)
        await self.page.wait_for_timeout(400)
        self.landed.append((label or str(name), await focused_name(self.page)))

    async def write(self, text: str) -> None:
        count = await tab_to(self.page, re.compile("^(Write to the group|Your message)"))
        if not re.search("message|group", await focused_name(self.page), re.I):
            raise AssertionError("the focus is not in the message box")
        self.tabs.append(("message box", count))
        await self.page.keyboard.type(text)
        await self.page.keyboard.press("Enter")

    def too_far(self) -> list[tuple[str, int]]:
        return [(what, n) for what, n in self.tabs if n > 3]


async def phase(page: Page) -> str:
    return await page.get_by_role("region", name="Session phase").inner_text()


async def enter_open_session(page: Page) -> None:
    """From the home page, into the open session, through the ground rules if asked."""
    await page.get_by_role("link", name=re.compile("^Enter")).click()
    rules = page.get_by_role("button", name="I agree to these ground rules")
    heading = page.get_by_role("heading", name="Balint group", level=1)
    await expect(rules.or_(heading).first).to_be_visible()
    if await rules.is_visible():
        await rules.click()


# Steps found further than 3 Tabs from the one before (see /work/briefs/walk-findings.md): the
# walk still does them by keyboard and reports the count; test_walk_findings.py holds the strict
# version, which fails until they are closer.
FAR_KNOWN = {"Admit everyone", "message box", "Next phase after writing"}


async def test_a_whole_balint_session_by_every_role(chromium: Browser,
                                                   live_server: ServerProcess) -> None:
    await live_whole_session(chromium, live_server, strict=False)


async def live_whole_session(chromium: Browser, live_server: ServerProcess, *,
                             strict: bool) -> None:
    shot = Shots("strict-" if strict else "")
    contexts: list[BrowserContext] = []

    async def context(viewport: dict[str, int] = DESKTOP) -> BrowserContext:
        made = await chromium.new_context(viewport=viewport)  # type: ignore[arg-type]
        contexts.append(made)
        return made

    errors: list[str] = []
    dialogs: list[str] = []

    async def refuse(dialog: Dialog) -> None:  # a browser pop-up would be a finding
        dialogs.append(dialog.message)
        await dialog.dismiss()

    def watch(page: Page) -> Page:
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", refuse)
        return page

    # --- Ada sets up the programme, the group and every invitation from her screens.
    admin = watch(await sign_up(await context(), live_server.first_invite, "ada", "Ada"))
    await admin.get_by_label("New programme name").fill("North Thames")
    await admin.get_by_role("button", name="Create programme").click()
    await admin.get_by_label("New group name").fill("Tuesday group")
    await admin.get_by_role("button", name="Create group").click()
    await expect(admin.get_by_role("heading", name="Tuesday group")).to_be_visible()
    fac_link = await invite_link(admin, "facilitator")
    member_links = [await invite_link(admin, "member") for _ in TRAINEES]
    await admin.get_by_role("button", name="Create a programme lead invitation").click()
    lead_box = admin.get_by_role("textbox", name=re.compile("^Invitation link Programme lead"))
    await expect(lead_box).to_have_value(re.compile(r"/#/invite/"))
    lead_link = await lead_box.input_value()
    opened = admin.get_by_role("list", name="Open invitations, Tuesday group").get_by_role(
        "listitem")
    await expect(opened).to_have_count(1 + len(TRAINEES))
    await expect(opened.first).to_contain_text(re.compile(r"Expires \w{3} \d+ \w{3}"))
    await shot(admin, "admin", "invitations")

    # --- Fiona accepts; she invites Carl as her co-facilitator from her own home page.
    fiona = watch(await sign_up(await context(), fac_link, "fiona", "Fiona"))
    await expect(fiona.get_by_role("region", name="Tuesday group")).to_contain_text(
        "you are a facilitator")
    carl_link = await invite_link(fiona, "Co-facilitator (same controls as you)")
    carl = watch(await sign_up(await context(), carl_link, "carl", "Carl"))
    await expect(carl.get_by_role("region", name="Tuesday group")).to_contain_text(
        "you are a facilitator")
    lena = watch(await accept_invite(await context(), lead_link, "lena", "Lena"))
    await expect(lena.get_by_role("heading", name="Programme attendance")).to_be_visible()
    await shot(lena, "lead", "first-landing")

    # Jo signed up early and keeps her home page open: Enter must appear without a reload.
    jo_home = watch(await sign_up(await context(), member_links[4], "joanne", "Jo"))
    await expect(jo_home.get_by_role("link", name=re.compile("^Enter"))).to_have_count(0)

    # --- Fiona opens the session, keyboard only from here on.
    keys = Keyboard(fiona)
    await fiona.get_by_role("link", name="Balint Rooms").focus()  # the top of her home page
    await tab_to(fiona, "Open a session now")
    await fiona.keyboard.press("Enter")
    await expect(fiona.get_by_role("heading", name="Balint group", level=1)).to_be_visible()
    await expect(jo_home.get_by_role("link", name=re.compile("^Enter"))).to_be_visible()
    await shot(fiona, "facilitator", "room-open")

    await carl.reload()
    await enter_open_session(carl)
    await expect(carl.get_by_role("button", name=re.compile("^Start"))).to_be_visible()

    # --- Tom arrives first; Fiona admits him.
    tom = watch(await sign_up(await context(), member_links[0], "tom", "Tom"))
    await enter_open_session(tom)
    await expect(tom.get_by_role("heading", name="Waiting room")).to_be_visible()
    await shot(tom, "trainee", "waiting-room")
    await expect(fiona.get_by_role("region", name=re.compile("waiting to come in"))).to_be_visible()
    await shot(fiona, "facilitator", "someone-waiting")
    await keys.press("Admit Tom", label="Admit Tom")
    await expect(tom.get_by_role("region", name="Session phase")).to_contain_text(
        "The session will start soon")
    await shot(tom, "trainee", "admitted-before-start")

    # --- The others arrive, Priya on her phone; Fiona lets them all in at once.
    others: dict[str, Page] = {}
    for (user, name), link in zip(TRAINEES[1:4], member_links[1:4], strict=True):
        size = PHONE if user == "priya" else DESKTOP
        page = watch(await sign_up(await context(size), link, user, name))
        await enter_open_session(page)
        others[name] = page
    await enter_open_session(jo_home)
    others["Jo"] = jo_home
    for page in others.values():
        await expect(page.get_by_role("heading", name="Waiting room")).to_be_visible()
    await expect(fiona.get_by_role("list", name="Waiting room").get_by_role("listitem")
                 ).to_have_count(4)
    await keys.press("Admit everyone")
    trainees = {"Tom": tom, **others}
    for page in trainees.values():
        await expect(page.get_by_role("region", name="Session phase")).to_contain_text(
            "The session will start soon")
    here = fiona.get_by_role("list", name="Who is here").get_by_role("listitem")
    await expect(here).to_have_count(2 + len(TRAINEES))

    # --- Check-in.
    await keys.press("Start the session")
    for page in (*trainees.values(), carl):
        await expect(page.get_by_role("region", name="Session phase")).to_contain_text("Check-in")
    await keys.write("Welcome, everyone. A word each on how you arrive today.")
    for name, page in trainees.items():
        await send(page, f"{name}: tired after clinic, glad to be here.")
    priya = trainees["Priya"]
    await expect(priya.get_by_role("list", name="Messages", exact=True).get_by_role("listitem")
                 ).to_have_count(1 + len(TRAINEES))
    # On the phone the phase, the timer and the message box are all in view without scrolling.
    assert await in_viewport(priya, priya.get_by_label("Your message"))
    assert await in_viewport(priya, priya.get_by_role("region", name="Session phase"))
    assert await in_viewport(priya, priya.get_by_text(re.compile(r"\d+:\d\d left")).first)
    await shot(priya, "trainee-phone", "check-in")
    await shot(fiona, "facilitator", "check-in")

    # --- Who has a case? Tom raises his hand; Fiona chooses him.
    await keys.press(re.compile("^Next phase: Who has a case"), label="Next phase after writing")
    await expect(tom.get_by_role("region", name="Session phase")).to_contain_text(
        "Who has a case?")
    await tom.get_by_role("button", name="Raise my hand").click()
    await expect(tom.get_by_role("button", name=re.compile("you are number 1"))).to_be_visible()
    await expect(fiona.get_by_role("list", name="Raised hands, in order")).to_contain_text("Tom")
    await shot(fiona, "facilitator", "a-hand-raised")
    await keys.press("Choose as presenter: Tom")
    await expect(tom.get_by_role("region", name="Session phase")).to_contain_text(
        "presented by you")
    await expect(trainees["Tara"].get_by_role("region", name="Session phase")).to_contain_text(
        "presented by Tom")

    # --- Presentation.
    await keys.press(re.compile("^Next phase: Presentation"))
    await expect(tom.get_by_role("region", name="Session phase")).to_contain_text("Presentation")
    await send(tom, "A man in his fifties who comes every week with back pain.")
    await shot(tom, "presenter", "presenting")

    # --- Clarifying questions.
    await keys.press(re.compile("^Next phase: Clarifying questions"))
    await send(trainees["Tara"], "How long have you been seeing him?")
    await send(tom, "About a year.")
    await expect(fiona.get_by_role("list", name="Messages", exact=True)).to_contain_text(
        "About a year.")

    # --- Discussion: Tom listens and cannot write or raise a hand.
    await keys.press(re.compile("^Next phase: Discussion"))
    await expect(tom.get_by_role("region", name="Chat")).to_contain_text(
        "You are listening while the group discusses your case")
    await expect(tom.get_by_label("Your message")).to_be_disabled()
    await expect(tom.get_by_role("button", name="Raise my hand")).to_have_count(0)
    await send(priya, "I wonder what he hopes for when he comes in.")
    await send(trainees["Sam"], "Maybe he is lonely.")
    await expect(tom.get_by_role("list", name="Messages", exact=True)).to_contain_text(
        "Maybe he is lonely.")
    await shot(tom, "presenter", "listening")
    await shot(fiona, "facilitator", "discussion")
    await shot(priya, "trainee-phone", "discussion")

    # --- The presenter returns.
    await keys.press(re.compile("^Next phase: Invite the presenter back"))
    await expect(tom.get_by_label("Your message")).to_be_enabled()
    await send(tom, "What struck me: I dread his appointments and he probably knows.")

    # --- Closing round.
    await keys.press(re.compile("^(Next phase: Closing round|Go to the closing round)"))
    for page in trainees.values():
        await expect(page.get_by_role("region", name="Session phase")).to_contain_text(
            "Closing round")
    for name, page in trainees.items():
        await send(page, f"Thank you — {name}")
    await shot(fiona, "facilitator", "closing-round")

    # --- Fiona ends the session: she changes her mind once (Escape), then ends it.
    await keys.press("End the session")
    dialog = fiona.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    await shot(fiona, "facilitator", "end-confirm")
    await fiona.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    assert await focused_name(fiona) == "End the session", "Escape should return to the button"
    await keys.press("End the session", label="End the session (again)")
    await keys.press("End the session for everyone")

    # --- Every screen agrees.
    everyone = {"facilitator": fiona, "co-facilitator": carl, **trainees}
    for who, page in everyone.items():
        await expect(page.get_by_role("heading", name="The session has ended")).to_be_visible()
        await expect(page.get_by_label("Your message")).to_have_count(0)
        assert "back pain" not in await page.locator("body").inner_text(), who
    await shot(tom, "presenter", "closing-screen")
    await shot(priya, "trainee-phone", "closing-screen")

    for page in everyone.values():
        await page.get_by_role("link", name="Back to my groups").click()
        group = page.get_by_role("region", name="Tuesday group")
        await expect(group).to_contain_text("No session is open right now.")
        await expect(group.get_by_role("link", name=re.compile("^Enter"))).to_have_count(0)
        await expect(group).to_contain_text("Past sessions (1)")
    await shot(tom, "trainee", "home-after")

    await fiona.get_by_role("link", name="Attendance register: Tuesday group").click()
    register = fiona.get_by_role("main")
    await expect(register).to_contain_text("Tom")
    await expect(register).not_to_contain_text(re.compile("still open", re.I))
    for _, name in TRAINEES:
        await expect(register).to_contain_text(name)
    await shot(fiona, "facilitator", "register")

    await lena.reload()
    await expect(lena.get_by_role("heading", name="Programme attendance")).to_be_visible()
    await expect(lena.get_by_role("region", name="Tuesday group")).to_contain_text(
        "Sessions held: 1")
    lead_text = await lena.get_by_role("main").inner_text()
    for _, name in TRAINEES:
        assert not re.search(rf"\b{name}\b", lead_text), f"{name} reached the lead's page"
    await shot(lena, "lead", "dashboard-after")

    for made in contexts:
        await made.close()
    assert errors == [] and dialogs == []
    too_far = [(what, n) for what, n in keys.too_far() if strict or what not in FAR_KNOWN]
    assert too_far == [], (f"more than 3 Tab presses between actions: {keys.tabs}; "
                           f"focus after each: {keys.landed}")
