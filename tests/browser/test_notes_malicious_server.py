"""Fiona's case notes in Chromium against a MALICIOUS server.

Written from the attacker's side. The server's HTTP answers are rewritten on their way to
Fiona's browser (a test double of the HTTP layer: Playwright's request routing in front of the
real server), as an operator who controls the server could: it adds its own key to the readers
of an "Only me" note, invents a member "Dr Mallory" listed consistently on every endpoint,
swaps Tom's key, swaps Tara's key where access is given (after Fiona verified her real one),
and rewrites the rows saying who a note is for. Every attack must be refused, or shown to Fiona
before anything is sealed; every envelope her browser sends, and every envelope stored, has no
stanza for an attacker key.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.async_api import Page, Route, expect

from server.actions import accounts
from server.crypto import envelope as E
from server.notes_client import NotesClient
from tests.browser.test_facilitation import shot
from tests.browser.test_notes import Room, notes_of, room, write_note  # noqa: F401 (fixture)
from tests.support import PASSWORD, ApiClient

pytestmark = pytest.mark.browser


@dataclass
class EvilServer:
    """Rewrites API answers to Fiona's page; records every envelope her page uploads."""

    attacks: set[str] = field(default_factory=set)
    keys: list[bytes] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    tom_id: str = ""
    tara_id: str = ""

    def __post_init__(self) -> None:
        self.mallory = self.new_key()
        self.swap = self.new_key()

    def new_key(self) -> bytes:
        pub = E.public_key_bytes(E.generate_identity())
        self.keys.append(pub)
        return pub

    def fake(self, user_id: str, name: str, pub: bytes) -> dict[str, Any]:
        return {"user_id": user_id, "display_name": name, "role": "member",
                "public_key": E.b64u_encode(pub), "key_id": E.key_id(pub),
                "fingerprint": E.fingerprint(pub)}

    def people(self, listed: list[dict[str, Any]], audience: str = "group"
               ) -> list[dict[str, Any]]:
        out = []
        for p in listed:
            if "swap_tom" in self.attacks and p["user_id"] == self.tom_id:
                p = self.fake(p["user_id"], p["display_name"], self.swap)
            out.append(p)
        if "invent" in self.attacks and audience != "me":
            out.append(self.fake("u-mallory", "Dr Mallory", self.mallory))
        if "only_me" in self.attacks and audience == "me":
            out.append(self.fake("u-mallory", "Dr Mallory", self.mallory))
        return out

    async def handle(self, route: Route) -> None:
        request = route.request
        if request.method == "POST" and re.search(r"/notes(/[^/]+/readers)?$", request.url):
            body = request.post_data_json or {}
            if "envelope" in body:
                self.uploaded.append(body["envelope"])
        response = await route.fetch()
        if not response.headers.get("content-type", "").startswith("application/json"):
            await route.fulfill(response=response)
            return
        data = await response.json()
        inner = data.get("data") if isinstance(data, dict) else None
        if isinstance(inner, dict):
            if "/notes/recipients" in request.url:
                inner["recipients"] = self.people(inner["recipients"], inner["audience"])
            elif request.url.endswith("/note-keys"):
                inner["members"] = self.people(inner["members"])
            elif "notes" in inner:
                for note in inner["notes"]:
                    if "redirect_tara" in self.attacks:
                        note["missing"] = [self.fake(p["user_id"], p["display_name"], self.swap)
                                           if p["user_id"] == self.tara_id else p
                                           for p in note["missing"]]
                    if "rewrite_rows" in self.attacks:
                        note["audience"] = "me"
                        note["author_name"], note["mine"] = "Tom", False
                        note["shared_with"] = [{"user_id": "u-mallory",
                                                "display_name": "Dr Mallory"}]
                    if "edit_envelope" in self.attacks:
                        body = json.loads(note["envelope"])
                        body["audience"] = "me"
                        note["envelope"] = json.dumps(body, separators=(",", ":"))
        await route.fulfill(response=response, json=data)

    def reached(self, envelopes: list[str]) -> list[str]:
        bad = {E.key_id(k) for k in self.keys}
        return [e for e in envelopes if bad & set(E.validate_structure(e).key_ids)]


def stored_envelopes(the_room: Room) -> list[str]:
    with sqlite3.connect(the_room.server.data_dir / "balint.sqlite3") as db:
        return [r[0] for r in db.execute("SELECT envelope FROM notes")]


async def save(page: Page, text: str, audience: str) -> None:
    await page.get_by_label("New case note").fill(text)
    await page.get_by_label("Who can read it").select_option(label=audience)
    await page.get_by_role("button", name="Save note").click()


async def test_every_attack_is_refused_or_shown_before_sealing(room: Room) -> None:  # noqa: F811
    fiona, tom = room.fiona, room.tom
    mine = await tom.call("GET", f"/api/sessions/{room.session_id}/notes/recipients?audience=me")
    evil = EvilServer(tom_id=mine["recipients"][0]["user_id"])
    await fiona.route("**/api/**", evil.handle)
    writer = fiona.locator(".note-writer")
    question = fiona.get_by_role("group", name="New reader keys")

    # 1. The server adds its own key to an "Only me" note: refused, nothing uploaded.
    evil.attacks = {"only_me"}
    await save(fiona, "Only for me: I felt out of my depth.", "Only me")
    await expect(writer.locator(".error")).to_have_text(
        "The server named other readers for a note only you may read. Nothing was sealed.")
    assert evil.uploaded == []

    # 2. An invented member, consistent on every endpoint: Fiona is SHOWN the key and cancels.
    evil.attacks = {"invent"}
    await save(fiona, "Mrs B. again.", "The whole group")
    await expect(question.locator("li")).to_have_text([
        re.compile(r"^New reader key: Tom — fingerprint"),
        f"New reader key: Dr Mallory — fingerprint {E.fingerprint(evil.mallory)}"])
    await shot(fiona, "malicious-new-reader.png")
    await question.get_by_role("button", name="Cancel").click()
    await expect(writer.locator(".error")).to_have_text("Nothing was sealed.")
    assert evil.uploaded == []

    # An honest save: Fiona trusts Tom's key (shown to her), and only Tom's.
    evil.attacks = set()
    await write_note(fiona, "Mrs B. again.", "The whole group", trust=("Tom",))
    assert len(evil.uploaded) == 1
    tom_kid = E.key_id(E.public_key_bytes(tom.key))
    assert tom_kid in E.validate_structure(evil.uploaded[0]).key_ids

    # 3. Tom's key swapped for the server's: a loud stop, nothing sealed, not even a question.
    evil.attacks = {"swap_tom"}
    await save(fiona, "About Mr D.", "The whole group")
    await expect(writer.locator(".error")).to_contain_text(
        "Stopped: the notes key of Tom has changed. Nothing was sealed.")
    await expect(question).to_have_count(0)
    await fiona.locator("summary", has_text="Compare safety numbers").click()
    tom_row = fiona.locator(".safety-numbers li", has_text="Tom")
    await expect(tom_row).to_contain_text(tom.safety_number)
    await expect(tom_row.get_by_role("alert")).to_contain_text(
        f"Key changed: the server now gives Tom the key {E.fingerprint(evil.swap)}")
    await shot(fiona, "malicious-changed-key.png")
    assert len(evil.uploaded) == 1

    # 4. Tara sets up a key; the server redirects "Give access to Tara" to its own key.
    evil.attacks = {"redirect_tara"}
    tara_api = ApiClient(room.server.url)
    status, reply = await tara_api.post("/api/invitations/accept", {
        "token": accounts.token_from_link(room.links["tara"]), "username": "tara",
        "display_name": "Tara", "password": PASSWORD})
    assert status == 200, reply
    evil.tara_id = reply["data"]["user_id"]
    tara = NotesClient(room.server.url, tara_api.http, tara_api.csrf)
    await tara.create_key("seven quiet herons")
    await fiona.get_by_role("button", name="Refresh notes").click()
    note = fiona.locator(".note").first
    give = note.get_by_role("button", name="Give access to Tara")
    # A key Fiona has not verified gets no access at all, not even behind a question.
    await expect(note.locator(".note-tools")).to_contain_text(
        "Tara cannot read this yet. Compare keys with Tara")
    await expect(give).to_have_count(0)
    assert len(evil.uploaded) == 1
    # Fiona compares with Tara on a call (that list is honest) and marks her key verified;
    # the server still gives its own key where access is given: a warning, and no stanza.
    await fiona.locator("summary", has_text="Compare safety numbers").click()
    await fiona.locator("summary", has_text="Compare safety numbers").click()
    tara_row = fiona.locator(".safety-numbers li", has_text="Tara")
    await expect(tara_row).to_contain_text(tara.safety_number)
    await tara_row.get_by_role("button", name="We compared: it matches").click()
    await expect(tara_row).to_contain_text("✓ verified")
    await expect(note.locator(".note-tools .warning")).to_have_text(
        "Tara’s notes key has changed, so they are not given access. Compare safety numbers "
        "with Tara before anything else.")
    await expect(give).to_have_count(0)
    await shot(fiona, "malicious-swapped-before-grant.png")
    assert len(evil.uploaded) == 1

    # 5. The server rewrites who wrote the note and for whom: the signature says otherwise,
    # and "Can read it" comes from the note itself.
    evil.attacks = {"rewrite_rows", "redirect_tara"}
    await fiona.get_by_role("button", name="Refresh notes").click()
    note = fiona.locator(".note").first
    await expect(note.locator(".author")).to_have_text("You")
    await expect(note.locator(".audience")).to_have_text("The whole group")
    await expect(note.locator(".readers")).to_have_text("Can read it: you, Tom")
    # ... and a signed field edited in the stored envelope: refused, in plain words.
    evil.attacks = {"edit_envelope", "redirect_tara"}
    await fiona.get_by_role("button", name="Refresh notes").click()
    await expect(note.locator(".note-error")).to_have_text(
        "This note was changed after it was written, so it is not shown.")
    await expect(notes_of(fiona)).to_have_count(0)

    # The server stops lying: Fiona's browser gives Tara's verified key access by itself
    # (a whole-group note), signed by Fiona, and Tara reads it.
    evil.attacks = set()
    await fiona.get_by_role("button", name="Refresh notes").click()
    await expect(note.locator(".given")).to_have_text(
        "You gave Tara access to this note: you had verified their key.")
    await expect(note.locator(".readers")).to_have_text(
        "Can read it: you, Tom, Tara (verified; access given by you)")
    assert [n.text for n in await tara.read(room.session_id)] == ["Mrs B. again."]
    [granted] = [E.validate_structure(e) for e in evil.uploaded[1:]]
    assert [E.b64u_encode(g.kid) for g in granted.grants] == [E.key_id(E.public_key_bytes(
        tara.key))]
    await tara_api.close()

    assert evil.reached(evil.uploaded) == []
    assert evil.reached(stored_envelopes(room)) == []
