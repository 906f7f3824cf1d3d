"""Case notes in a real Chromium against the real server: sealed in one client, opened in another.

Fiona (facilitator) and Tara (a later member) use the browser; Tom uses the Python client over
the same HTTP API. The server process writes its logs to a file, which is searched with the data
directory for the notes' canary text at the end.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from playwright.async_api import Browser, BrowserContext, Locator, Page, expect

from server.actions import accounts
from server.crypto import envelope as E
from server.notes_client import NotesClient
from tests.browser.conftest import ServerProcess
from tests.browser.test_facilitation import shot
from tests.browser.test_story import enter_room, sign_up
from tests.support import PASSWORD, ApiClient

pytestmark = pytest.mark.browser

FIONA_PASSPHRASE = "lanterns over the harbour"
TARA_PASSPHRASE = "seven quiet herons"
TOM_PASSPHRASE = "a bicycle made of toast"
SLOW = 30_000  # ms: PBKDF2 with 600,000 rounds, twice, on a busy test machine


@dataclass
class Room:
    server: ServerProcess
    chromium: Browser
    session_id: str
    links: dict[str, str]
    fiona: Page
    contexts: list[BrowserContext]
    tom_api: ApiClient
    tom: NotesClient

    async def context(self) -> BrowserContext:
        context = await self.chromium.new_context()
        self.contexts.append(context)
        return context


async def set_up_key(page: Page, passphrase: str) -> None:
    await expect(page.get_by_role("heading", name="Set up your notes key")).to_be_visible(
        timeout=SLOW)
    # The panel loads beside the chat: it must not take the focus from where the room put it
    # (the message box; for a facilitator, the session's next step), or what the person is
    # typing would go into the passphrase field.
    await expect(page.locator("textarea[name=message]:focus, .stage-controls .next:focus")) \
        .to_have_count(1)
    await page.get_by_label("Recovery passphrase").fill(passphrase)
    await page.get_by_label("Repeat the passphrase").fill(passphrase)
    await page.get_by_role("button", name="Create my key").click()
    await expect(page.get_by_role("button", name="Save note")).to_be_visible(timeout=SLOW)


async def write_note(page: Page, text: str, audience: str, trust: tuple[str, ...] = ()) -> None:
    """Write and save a note; `trust` names the people whose keys the writer is shown for the
    first time (nothing is sealed until she says "Trust and seal")."""
    await page.get_by_label("New case note").fill(text)
    await page.get_by_label("Who can read it").select_option(label=audience)
    await page.get_by_role("button", name="Save note").click()
    if trust:
        question = page.get_by_role("group", name="New reader keys")
        await expect(question.locator("li")).to_have_text(
            [re.compile(f"^New reader key: {name} — fingerprint [0-9A-F ]{{49}}$")
             for name in trust])
        await question.get_by_role("button", name="Trust and seal").click()
    await expect(page.locator(".note-writer [aria-live]")).to_contain_text("Saved")


def notes_of(page: Page) -> Locator:
    return page.locator(".notes-list .note-text")


@pytest.fixture
async def room(chromium: Browser, live_server: ServerProcess) -> AsyncIterator[Room]:
    """Fiona's session is open with her notes key set up; Tom is a member with a Python client."""
    programme = live_server.cli("create-programme", "North Thames")
    group = live_server.cli("create-group", "--programme", programme, "Tuesday group")
    links = {name: live_server.cli("invite", "--group", group, "--role", role)
             for name, role in (("fiona", "facilitator"), ("tom", "member"), ("tara", "member"))}
    fiona_context = await chromium.new_context(viewport={"width": 1400, "height": 900})
    fiona = await sign_up(fiona_context, links["fiona"], "fiona", "Fiona")
    fiona.on("dialog", lambda d: d.accept())
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.get_by_role("status")).to_have_text("Connected")
    session_id = fiona.url.rsplit("/", 1)[-1]
    await set_up_key(fiona, FIONA_PASSPHRASE)

    tom_api = ApiClient(live_server.url)
    status, reply = await tom_api.post("/api/invitations/accept", {
        "token": accounts.token_from_link(links["tom"]), "username": "tom",
        "display_name": "Tom", "password": PASSWORD})
    assert status == 200, reply
    # Tom trusts each key he is shown (pinning in the CLI: tests/test_notes_malicious_server.py).
    tom = NotesClient(live_server.url, tom_api.http, tom_api.csrf, trust_new=lambda _: True)
    await tom.create_key(TOM_PASSPHRASE)
    the_room = Room(live_server, chromium, session_id, links, fiona, [fiona_context], tom_api, tom)
    try:
        yield the_room
    finally:
        for context in the_room.contexts:
            await context.close()
        await tom_api.close()


async def test_notes_cross_between_chromium_and_python(room: Room) -> None:
    """A note sealed in Chromium opens in Python and one sealed in Python opens in Chromium;
    audiences hold in the browser, text stays text, and the canary is in no file and no log."""
    canary = f"CANARY-{uuid.uuid4().hex}"
    fiona, tom, sid = room.fiona, room.tom, room.session_id

    await fiona.get_by_label("New case note").fill(f"From Chromium: {canary}")
    await fiona.get_by_role("button", name="Save note").click()
    # Tom's key is new to Fiona's browser: shown before anything is sealed.
    question = fiona.get_by_role("group", name="New reader keys")
    await expect(question).to_contain_text("New reader key: Tom — fingerprint")
    await shot(fiona, "case-notes-new-key.png")
    await question.get_by_role("button", name="Trust and seal").click()
    await expect(fiona.locator(".note-writer [aria-live]")).to_contain_text("Saved")
    await expect(notes_of(fiona)).to_have_text([f"From Chromium: {canary}"])
    [read] = await tom.read(sid)
    assert (read.text, read.author_name, read.audience) == (f"From Chromium: {canary}", "Fiona",
                                                            "group")

    xss = "<img src=x onerror=alert(1)>"
    await tom.write(sid, f"From Python: {canary}", "group")
    await tom.write(sid, xss, "facilitators")
    await tom.write(sid, f"Tom's own {canary}", "me")
    # The server nudges Fiona's page; no reload needed.
    await expect(notes_of(fiona)).to_have_text(
        [f"From Chromium: {canary}", f"From Python: {canary}", xss], timeout=10_000)
    assert await fiona.locator(".notes-panel img").count() == 0
    await expect(fiona.locator(".note .audience")).to_have_text(
        ["The whole group", "The whole group", "The author and the facilitators"])

    # Safety numbers: the browser's own computation matches Python's for Tom's key.
    await fiona.get_by_text("Compare safety numbers").click()
    tom_fp = tom.safety_number  # both of Tom's keys, as his own client shows it
    await expect(fiona.locator(".safety-numbers li", has_text="Tom")).to_contain_text(tom_fp)

    # Fiona deletes her own note; it is gone for Tom too.
    mine = fiona.locator(".note", has_text="From Chromium")
    await mine.get_by_role("button", name="Delete note").click()
    # The page's own dialog asks first; keeping the note leaves it where it was.
    dialog = fiona.get_by_role("dialog", name="Delete this note?")
    await dialog.get_by_role("button", name="Keep it").click()
    await expect(mine).to_be_visible()
    await mine.get_by_role("button", name="Delete note").click()
    await dialog.get_by_role("button", name="Delete the note").click()
    await expect(notes_of(fiona)).to_have_text([f"From Python: {canary}", xss])
    assert [n.text for n in await tom.read(sid)] == [f"From Python: {canary}", xss,
                                                     f"Tom's own {canary}"]

    needle = canary.encode()
    files = [p for p in room.server.data_dir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert needle not in path.read_bytes(), path.name
    assert canary not in room.server.logs()
    assert canary not in room.server.log_path.with_name("server.out").read_text()


async def test_a_later_member_gets_access_and_a_new_browser_restores_the_key(room: Room) -> None:
    """Tara joins after notes were written and is given access; Fiona, in a fresh browser with
    an empty IndexedDB, restores her key from her passphrase (a wrong one is named as such)."""
    fiona, tom, sid = room.fiona, room.tom, room.session_id
    # No name in what Fiona writes: the guard would (rightly) stop the note to ask first.
    await write_note(fiona, "Written before we were all here.", "The whole group", trust=("Tom",))
    await tom.write(sid, "Tom wrote this before Tara came too.", "group")
    await tom.write(sid, "For the facilitators only.", "facilitators")

    tara = await enter_room(await room.context(), room.links["tara"], "tara", "Tara")
    await fiona.get_by_role("button", name="Admit Tara").click()
    await expect(tara.get_by_role("status")).to_have_text("Connected")
    await set_up_key(tara, TARA_PASSPHRASE)
    await expect(tara.locator(".notes-list")).to_contain_text("No notes yet.")

    await fiona.get_by_role("button", name="Refresh notes").click()
    waiting = fiona.locator(".note-tools", has_text="Tara cannot read this yet")
    await expect(waiting).to_have_count(2)  # the two group notes; never the facilitators' one
    await fiona.locator("summary", has_text="Compare safety numbers").click()
    await expect(fiona.locator(".safety-numbers li")).to_have_count(3)
    # Tara's key is new to Fiona: nobody is given access to it until Fiona has compared it
    # with Tara; then her browser gives Tara both group notes at once.
    tara_row = fiona.locator(".safety-numbers li", has_text="Tara")
    await tara_row.get_by_role("button", name="We compared: it matches").click()
    await expect(fiona.locator(".note .given")).to_have_count(2)
    await expect(waiting).to_have_count(0)
    await shot(fiona, "case-notes.png")
    await expect(notes_of(tara)).to_have_text(
        ["Written before we were all here.", "Tom wrote this before Tara came too."],
        timeout=10_000)
    # Tom's Python client opens the envelope Fiona's browser re-wrapped, unchanged for him.
    assert [n.text for n in await tom.read(sid)][:2] == [
        "Written before we were all here.", "Tom wrote this before Tara came too."]
    for note in await tom.read(sid):
        assert not note.missing

    # A second browser for Fiona: no key in its IndexedDB, so it offers to restore.
    fresh = await (await room.context()).new_page()
    await fresh.goto(room.server.url + "/#/sign-in")
    await fresh.get_by_label("Sign-in name").fill("fiona")
    await fresh.get_by_label("Password").fill(PASSWORD)
    await fresh.get_by_role("button", name="Sign in", exact=True).click()
    await expect(fresh.get_by_role("heading", name="My groups")).to_be_visible()
    await fresh.get_by_role("link", name=re.compile("Enter")).click()
    await expect(fresh.get_by_role("heading", name="Restore my key")).to_be_visible(timeout=SLOW)
    await expect(fresh.get_by_role("button", name="Start the session")).to_be_focused()
    await fresh.get_by_label("Recovery passphrase").fill("lanterns over the harbor")
    await fresh.get_by_role("button", name="Restore my key").click()
    await expect(fresh.locator(".notes-key .error")).to_have_text(
        "That passphrase does not open your key backup.", timeout=SLOW)
    await fresh.get_by_label("Recovery passphrase").fill(FIONA_PASSPHRASE)
    await fresh.get_by_role("button", name="Restore my key").click()
    await expect(notes_of(fresh)).to_have_text(
        ["Written before we were all here.", "Tom wrote this before Tara came too.",
         "For the facilitators only."], timeout=SLOW)
    # Kept on this device now: a reload opens the notes without asking again.
    await fresh.reload()
    await expect(notes_of(fresh)).to_have_text(
        ["Written before we were all here.", "Tom wrote this before Tara came too.",
         "For the facilitators only."], timeout=SLOW)


async def test_an_old_pbkdf2_backup_is_upgraded_when_fiona_unlocks_it(
    chromium: Browser, live_server: ServerProcess
) -> None:
    """Fiona's key backup dates from before scrypt (version 1, PBKDF2). The first time she
    unlocks it in her browser with her passphrase, the browser re-seals it under scrypt."""
    [link] = live_server.group_invites("facilitator")
    fiona = await sign_up(await chromium.new_context(), link, "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.get_by_role("heading", name="Set up your notes key")).to_be_visible(
        timeout=SLOW)
    # Her key was made long ago (here by the Python client) with a version-1 backup.
    api = NotesClient(live_server.url)
    try:
        await api.sign_in("fiona", PASSWORD)
        old_key = E.generate_identity()
        await api.call("PUT", "/api/notes/key", {
            "public_key": E.b64u_encode(E.public_key_bytes(old_key)),
            "backup": E.export_private_key(old_key, FIONA_PASSPHRASE).decode()})
        assert json.loads((await api.call("GET", "/api/notes/key"))["backup"])["v"] == 1
        await fiona.reload()
        await expect(fiona.get_by_role("heading", name="Restore my key")).to_be_visible(
            timeout=SLOW)
        await fiona.get_by_label("Recovery passphrase").fill(FIONA_PASSPHRASE)
        await fiona.get_by_role("button", name="Restore my key").click()
        await expect(fiona.get_by_role("button", name="Save note")).to_be_visible(timeout=SLOW)
        mine = await api.call("GET", "/api/notes/key")
        backup = json.loads(mine["backup"])
        assert (backup["v"], backup["kdf"], backup["n"]) == (2, "scrypt", 2**17)
        assert E.public_key_bytes(E.import_private_key(mine["backup"], FIONA_PASSPHRASE)) == (
            E.public_key_bytes(old_key))
        # ... and her signing key is published with it, for signed notes.
        assert mine["signing_key"] == E.b64u_encode(E.signing_public(old_key))
        await write_note(fiona, "After the upgrade.", "Only me")
        await expect(notes_of(fiona)).to_have_text(["After the upgrade."])
    finally:
        await api.close()
