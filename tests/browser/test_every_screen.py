"""Every screen a person can reach passes axe-core, on a laptop (1280x800) and a phone (390x844).

One server, one group's term in miniature: Ada administers, Fiona facilitates, Tom presents,
Tara listens, Vic is turned away, Ray is removed, Lena leads the programme. Each screen is
checked where the person meets it, at both sizes, dialogs and menus open included; the
violations are gathered and reported together so one run shows them all.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_lead_dashboard import axe_violations
from tests.browser.test_story import send, sign_up
from tests.browser.walk_support import DESKTOP, PHONE, SHOTS, accept_invite
from tests.support import PASSWORD

pytestmark = pytest.mark.browser

# What the test must have visited, so a screen cannot silently drop out of the walk.
REQUIRED = {
    "sign-in", "invitation", "invitation-used", "invitation-revoked", "invitation-expired",
    "admin-home", "admin-invitations", "change-password", "programme-settings",
    "facilitator-home", "group-settings", "lead-dashboard", "lead-home", "trainee-home",
    "ground-rules", "waiting-room", "facilitator-waiting-notice", "turn-away-dialog",
    "turned-away", "turned-away-retry", "trainee-admitted", "facilitator-admitted",
    "trainee-check-in", "facilitator-check-in", "pause-dialog", "facilitator-pause-notice",
    "person-menu", "room-menu", "remove-dialog", "removed", "pause-reply-dialog", "pause-reply",
    "room-menu-phone", "person-menu-phone",
    "facilitator-who-has-a-case", "trainee-hand-raised", "facilitator-hand-raised",
    "presenter-presentation", "facilitator-presentation", "trainee-presentation",
    "facilitator-questions", "trainee-questions", "presenter-discussion",
    "facilitator-discussion", "trainee-discussion", "facilitator-return", "presenter-return",
    "facilitator-closing", "trainee-closing", "end-dialog", "facilitator-ended",
    "trainee-ended", "trainee-home-after", "past-session-notes", "register", "my-attendance",
    "certificate", "verify", "lead-dashboard-after",
}


# The top bar's items that take more than one line: "Sign / out" read as two words on a phone.
JS_BROKEN_IN_TOP_BAR = """() => [...document.querySelectorAll('.topbar .brand, #account > *')]
  .filter((el) => el.offsetParent !== null)
  .filter((el) => el.getBoundingClientRect().height
    > 1.5 * parseFloat(getComputedStyle(el).lineHeight))
  .map((el) => el.textContent)"""


class Checker:
    """axe-core on the page as it is, at 1280x800 then 390x844, with a screenshot of each
    (/tmp/shots-walk/screen-NN-what-size.png)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.violations: dict[str, list[dict[str, Any]]] = {}
        self.broken: dict[str, list[str]] = {}  # screen -> top bar items on two lines

    async def __call__(self, page: Page, screen: str) -> None:
        self.seen.append(screen)
        for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
            await page.set_viewport_size(size)  # type: ignore[arg-type]
            await page.wait_for_timeout(150)  # a layout pass at the new width
            await self.look(page, f"{screen} ({label})")
            await page.screenshot(
                path=str(SHOTS / f"screen-{len(self.seen):02d}-{screen}-{label}.png"))
        await page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]

    async def phone(self, page: Page, screen: str) -> None:
        """A state reached on the phone itself (the caller has set the size): checked there."""
        self.seen.append(screen)
        await self.look(page, f"{screen} (phone)")
        await page.screenshot(path=str(SHOTS / f"screen-{len(self.seen):02d}-{screen}.png"))

    async def look(self, page: Page, where: str) -> None:
        """axe-core's violations and the top bar's broken items on the page as it is now."""
        found = await axe_violations(page)
        if found:
            self.violations[where] = found
        broken = await page.evaluate(JS_BROKEN_IN_TOP_BAR)
        if broken:
            self.broken[where] = broken


def expire_invitation(server: ServerProcess, label: str) -> None:
    """What seven days would do: the administrator's own database, the invitation's expiry."""
    with sqlite3.connect(server.data_dir / "balint.sqlite3") as db:
        db.execute("UPDATE invitations SET expires_at = created_at - 1 WHERE label = ?", (label,))


async def enter(page: Page, check: Checker) -> None:
    """A member from home into the open session: the ground rules, then the waiting room."""
    await page.get_by_role("link", name=re.compile("^Enter")).click()
    await expect(page.get_by_role("heading", name=re.compile("Ground rules"))).to_be_visible()
    if "ground-rules" not in check.seen:
        await check(page, "ground-rules")
    await page.get_by_role("button", name="I agree to these ground rules").click()
    await expect(page.get_by_role("heading", name="Waiting room")).to_be_visible()


async def next_phase(fiona: Page, name: str) -> None:
    button = fiona.get_by_role("button", name=re.compile(f"^Next phase: {name}"))
    await button.click()
    await expect(button).to_have_count(0)  # the stepper has moved on and renamed it


async def test_every_screen_passes_axe_on_laptop_and_phone(chromium: Browser,
                                                           live_server: ServerProcess) -> None:
    check = Checker()
    errors: list[str] = []
    contexts: list[BrowserContext] = []

    async def person() -> BrowserContext:
        made = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)  # type: ignore[arg-type]
        contexts.append(made)
        return made

    def watch(page: Page) -> Page:
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        return page

    programme = live_server.cli("create-programme", "North Thames")
    group = live_server.cli("create-group", "--programme", programme, "Tuesday group")
    fac_link = live_server.cli("invite", "--group", group, "--role", "facilitator")
    members = {name: live_server.cli("invite", "--group", group, "--role", "member")
               for name in ("tom", "tara", "vic", "ray")}
    lead_link = live_server.cli("invite", "--lead", "--programme", programme)
    expired_link = live_server.cli("invite", "--group", group, "--role", "member",
                                   "--label", "to expire")
    expire_invitation(live_server, "to expire")

    # --- Someone not signed in: the sign-in page and invitation links in every state.
    anon = watch(await (await person()).new_page())
    await anon.goto(live_server.url + "/#/sign-in")
    await expect(anon.get_by_role("heading", name="Sign in")).to_be_visible()
    await check(anon, "sign-in")
    await anon.goto(fac_link)
    await expect(anon.get_by_role("button", name="Create my account")).to_be_visible()
    await check(anon, "invitation")
    await anon.goto(expired_link)
    await expect(anon.get_by_role("alert")).to_contain_text(re.compile("expired", re.I))
    await check(anon, "invitation-expired")

    # --- Ada the administrator.
    ada = watch(await sign_up(await person(), live_server.first_invite, "ada", "Ada"))
    await check(ada, "admin-home")
    await anon.goto(live_server.first_invite)
    await expect(anon.get_by_role("alert")).to_contain_text("already been used")
    await check(anon, "invitation-used")
    tuesday = ada.get_by_role("listitem").filter(
        has=ada.get_by_role("heading", name="Tuesday group"))
    await tuesday.get_by_label("Who it is for (optional)").fill("Withdrawn on purpose")
    await tuesday.get_by_role("button", name="Create invitation link").click()
    box = ada.get_by_role("textbox", name=re.compile("Invitation link.*Withdrawn on purpose"))
    revoked_link = await box.input_value()
    await ada.get_by_role("button", name=re.compile("Revoke the invitation.*Withdrawn")).click()
    confirm = ada.get_by_role("dialog")
    if await confirm.count():
        await confirm.get_by_role("button").last.click()
    await expect(box).to_have_count(0)
    await check(ada, "admin-invitations")
    await anon.goto(revoked_link)
    await expect(anon.get_by_role("alert")).to_contain_text(re.compile("withdrawn|revoked", re.I))
    await check(anon, "invitation-revoked")
    await ada.get_by_role("link", name="Change password").click()
    await expect(ada.get_by_role("heading", name=re.compile("password", re.I))).to_be_visible()
    await check(ada, "change-password")
    await ada.goto(live_server.url + "/#/")
    await ada.get_by_role("link", name="Programme settings: North Thames").click()
    await expect(ada.get_by_role("heading", level=1)).to_contain_text(re.compile("settings",
                                                                                 re.I))
    await check(ada, "programme-settings")

    # --- Fiona the facilitator, and Lena the programme lead before any session.
    fiona = watch(await sign_up(await person(), fac_link, "fiona", "Fiona"))
    await check(fiona, "facilitator-home")
    await fiona.get_by_role("link", name="Group settings: Tuesday group").click()
    await expect(fiona.get_by_role("heading", level=1)).to_contain_text(re.compile("settings",
                                                                                   re.I))
    await check(fiona, "group-settings")
    lena = watch(await accept_invite(await person(), lead_link, "lena", "Lena"))
    await expect(lena.get_by_role("heading", name="Programme attendance")).to_be_visible()
    await check(lena, "lead-dashboard")
    await lena.get_by_role("link", name="Balint Rooms").click()
    await expect(lena.get_by_role("heading", name="My groups")).to_be_visible()
    await check(lena, "lead-home")

    # --- The session: arrivals, the waiting room, turned away.
    await fiona.goto(live_server.url + "/#/")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.get_by_role("heading", name="Balint group", level=1)).to_be_visible()
    people = {}
    for user in ("tom", "tara", "vic", "ray"):
        people[user] = watch(await sign_up(await person(), members[user], user, user.title()))
    tom, tara, vic, ray = people["tom"], people["tara"], people["vic"], people["ray"]
    await check(tom, "trainee-home")
    for page in people.values():
        await enter(page, check)
    await check(tom, "waiting-room")
    await expect(fiona.get_by_role("list", name="Waiting room").get_by_role("listitem")
                 ).to_have_count(4)
    await check(fiona, "facilitator-waiting-notice")
    await fiona.get_by_role("button", name="Turn away Vic").click()
    await expect(fiona.get_by_role("dialog")).to_be_visible()
    await check(fiona, "turn-away-dialog")
    await fiona.get_by_role("dialog").get_by_role("button", name="Turn away Vic").click()
    await expect(vic.get_by_role("heading", name="Not admitted to this session")).to_be_visible()
    await check(vic, "turned-away")
    await vic.reload()
    await expect(vic.get_by_role("heading", name="Not admitted to this session")).to_be_visible()
    await check(vic, "turned-away-retry")
    for name in ("Tom", "Tara", "Ray"):
        await fiona.get_by_role("button", name=f"Admit {name}").click()
    await expect(tom.get_by_role("region", name="Session phase")).to_contain_text("start soon")
    await check(tom, "trainee-admitted")
    await check(fiona, "facilitator-admitted")

    # --- Check-in, with a pause asked for, the menus, and a removal.
    await fiona.get_by_role("button", name="Start the session").click()
    await expect(tara.get_by_role("region", name="Session phase")).to_contain_text("Check-in")
    for page, text in ((fiona, "Welcome, everyone."), (tom, "Tired but here."),
                       (tara, "Glad to be here."), (ray, "Hello.")):
        await send(page, text)
    await expect(tara.get_by_role("list", name="Messages", exact=True).get_by_role("listitem")
                 ).to_have_count(4)
    await check(tara, "trainee-check-in")
    await check(fiona, "facilitator-check-in")
    await tara.get_by_role("button", name="I need a pause").click()
    await expect(tara.get_by_role("dialog")).to_be_visible()
    await check(tara, "pause-dialog")
    await tara.get_by_role("dialog").get_by_role("button", name="Tell the facilitators").click()
    await expect(fiona.get_by_role("region", name="Pause request")).to_be_visible()
    await check(fiona, "facilitator-pause-notice")
    await fiona.get_by_role("button", name="Reply privately to Tara").click()
    await expect(fiona.get_by_role("dialog")).to_be_visible()
    await check(fiona, "pause-reply-dialog")
    await fiona.get_by_role("dialog").get_by_label("Your reply").fill("Of course, take your time.")
    await fiona.get_by_role("dialog").get_by_role("button", name="Send the reply").click()
    await expect(tara.get_by_role("main")).to_contain_text("Of course, take your time.")
    await check(tara, "pause-reply")
    mark_seen = fiona.get_by_role("button", name=re.compile("Mark as seen"))
    if await mark_seen.count():
        await mark_seen.click()
    await fiona.get_by_role("button", name="Room options").click()
    await expect(fiona.get_by_role("menu", name="Room options")).to_be_visible()
    await check(fiona, "room-menu")
    await fiona.keyboard.press("Escape")
    await fiona.get_by_role("button", name="Actions for Ray").click()
    await expect(fiona.get_by_role("menu", name="Actions for Ray")).to_be_visible()
    await check(fiona, "person-menu")
    await fiona.keyboard.press("Escape")
    # On a phone the room is in sections: the menus opened there, not carried over a resize.
    await fiona.set_viewport_size(PHONE)  # type: ignore[arg-type]
    await fiona.get_by_role("button", name="Room options").click()
    await expect(fiona.get_by_role("menu", name="Room options")).to_be_visible()
    await check.phone(fiona, "room-menu-phone")
    await fiona.keyboard.press("Escape")
    await fiona.get_by_role("navigation", name="Room sections").get_by_role(
        "button", name="People").click()
    await fiona.get_by_role("button", name="Actions for Ray").click()
    await expect(fiona.get_by_role("menu", name="Actions for Ray")).to_be_visible()
    await check.phone(fiona, "person-menu-phone")
    await fiona.keyboard.press("Escape")
    await fiona.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    await fiona.get_by_role("button", name="Actions for Ray").click()
    await fiona.get_by_role("menuitem", name=re.compile("^Remove from this session")).click()
    await expect(fiona.get_by_role("dialog")).to_be_visible()
    await check(fiona, "remove-dialog")
    await fiona.get_by_role("dialog").get_by_role("button", name="Remove Ray").click()
    await expect(ray.get_by_role("heading", name=re.compile("removed you"))).to_be_visible()
    await check(ray, "removed")

    # --- Each phase of one case, for the facilitator, the presenter and a member.
    await next_phase(fiona, "Who has a case")
    await check(fiona, "facilitator-who-has-a-case")
    await tom.get_by_role("button", name="Raise my hand").click()
    await expect(tom.get_by_role("button", name=re.compile("Lower my hand"))).to_be_visible()
    await check(tom, "trainee-hand-raised")
    await check(fiona, "facilitator-hand-raised")
    await fiona.get_by_role("button", name="Choose as presenter: Tom").click()
    await next_phase(fiona, "Presentation")
    await send(tom, "A patient who comes every week.")
    await check(tom, "presenter-presentation")
    await check(fiona, "facilitator-presentation")
    await check(tara, "trainee-presentation")
    await next_phase(fiona, "Clarifying questions")
    await send(tara, "How long have you known him?")
    await check(fiona, "facilitator-questions")
    await check(tara, "trainee-questions")
    await next_phase(fiona, "Discussion")
    await send(tara, "I wonder how he feels coming in.")
    await expect(tom.get_by_label("Your message")).to_be_disabled()
    await check(tom, "presenter-discussion")
    await check(fiona, "facilitator-discussion")
    await check(tara, "trainee-discussion")
    await next_phase(fiona, "Invite the presenter back")
    await check(fiona, "facilitator-return")
    await check(tom, "presenter-return")
    await next_phase(fiona, "Closing round")
    await check(fiona, "facilitator-closing")
    await check(tara, "trainee-closing")
    await fiona.get_by_role("button", name="End the session").click()
    await expect(fiona.get_by_role("dialog")).to_be_visible()
    await check(fiona, "end-dialog")
    await fiona.get_by_role("dialog").get_by_role(
        "button", name="End the session for everyone").click()
    await expect(tom.get_by_role("heading", name="The session has ended")).to_be_visible()
    await check(fiona, "facilitator-ended")
    await check(tom, "trainee-ended")

    # --- Afterwards: home, the past session's notes, attendance, certificates, the register.
    await tom.get_by_role("link", name="Back to my groups").click()
    await tom.get_by_text(re.compile(r"^Past sessions \(1\)")).click()
    await check(tom, "trainee-home-after")
    await tom.get_by_role("link", name=re.compile("^Balint group —")).click()
    notes = tom.get_by_role("region", name="Case notes")
    await expect(notes).to_be_visible()
    await notes.get_by_label("Recovery passphrase").fill(PASSWORD + " again")
    await notes.get_by_label("Repeat the passphrase").fill(PASSWORD + " again")
    await notes.get_by_role("button", name="Create my key").click()
    writer = notes.get_by_label("New case note")
    await expect(writer).to_be_visible()
    await writer.fill("What stayed with me: how tired I was of him, and he of me.")
    await notes.get_by_role("button", name="Save note").click()
    await expect(notes).to_contain_text("What stayed with me")
    await check(tom, "past-session-notes")
    await tom.goto(live_server.url + "/#/")
    await tom.get_by_role("link", name="My attendance and certificates").click()
    await expect(tom.get_by_role("heading", name="My attendance")).to_be_visible()
    await check(tom, "my-attendance")
    await tom.get_by_role("link", name="Printable certificate").first.click()
    await expect(tom.get_by_role("heading", name="Certificate of attendance")).to_be_visible()
    await check(tom, "certificate")
    await tom.goto(live_server.url + "/#/verify")
    await expect(tom.get_by_role("heading", level=1)).to_be_visible()
    await check(tom, "verify")
    await fiona.get_by_role("link", name="Back to my groups").click()
    await fiona.get_by_role("link", name="Attendance register: Tuesday group").click()
    await expect(fiona.get_by_role("main")).to_contain_text("Tara")
    await check(fiona, "register")
    await lena.goto(live_server.url + "/#/")
    await lena.get_by_role("link", name="Programme attendance: North Thames").click()
    await expect(lena.get_by_role("region", name="Tuesday group")).to_contain_text(
        "Sessions held: 1")
    await check(lena, "lead-dashboard-after")

    for made in contexts:
        await made.close()
    assert REQUIRED - set(check.seen) == set(), "screens not visited"
    assert errors == []
    assert check.violations == {}, "\n".join(f"{k}: {v}" for k, v in check.violations.items())
    assert check.broken == {}, f"top bar items broken over two lines: {check.broken}"
