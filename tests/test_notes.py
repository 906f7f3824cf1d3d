"""End-to-end encrypted case notes against the real server, with Python clients as the members.

Each member's client holds its own private key; the server sees public keys, passphrase-sealed
key backups and envelopes, and decides only who the readers of each note must be.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from server.crypto import envelope as E
from server.notes_client import NotesClient, NotesError, new_note_id
from tests.conftest import Cast
from tests.session_support import add_person, close_people, connect
from tests.support import PASSWORD, Person

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "plane trees along the river"


def client_of(cast: Cast, person: Person) -> NotesClient:
    """A notes client sharing the person's signed-in HTTP session (cookie and CSRF token).

    These tests are about the server, so each client trusts every new key it is shown (the
    person saying "trust and seal"); pinning is tested in test_notes_malicious_server.py."""
    return NotesClient(cast.server.url, person.api.http, person.api.csrf,
                       trust_new=lambda _: True)


@dataclass
class Notes:
    """The cast with keys: Fiona (facilitator), Tom and Tara (members), each with a client."""

    cast: Cast
    fiona: NotesClient
    tom: NotesClient
    tara: NotesClient
    extra: list[Person]

    @property
    def sid(self) -> str:
        return self.cast.session_id

    async def count(self) -> tuple[int, int]:
        db = self.cast.server.svc.db
        return (await db.fetch_value("SELECT COUNT(*) FROM notes"),
                await db.fetch_value("SELECT COUNT(*) FROM note_readers"))

    async def newcomer(self, username: str, name: str, role: str = "member") -> NotesClient:
        person = await add_person(self.cast, username, name, role, extra=self.extra)
        client = client_of(self.cast, person)
        await client.create_key(PASSPHRASE)
        return client


@pytest.fixture
async def notes(cast: Cast) -> AsyncIterator[Notes]:
    clients = [client_of(cast, p) for p in (cast.facilitator, cast.trainee, cast.trainee2)]
    for c in clients:
        await c.create_key(PASSPHRASE)
    fiona, tom, tara = clients
    the_notes = Notes(cast, fiona, tom, tara, extra=[])
    try:
        yield the_notes
    finally:
        await close_people(the_notes.extra)


async def status_of(client: NotesClient, method: str, path: str,
                    body: Any = None) -> tuple[int, str]:
    """(HTTP status, error code or "ok") of one raw API call."""
    try:
        await client.call(method, path, body)
    except NotesError as err:
        return err.status, err.code
    return 200, "ok"


def texts(read: list[Any]) -> list[str | None]:
    return [n.text for n in read]


# --- writing and reading ----------------------------------------------------------------------


async def test_a_note_for_the_group_opens_for_every_member(notes: Notes) -> None:
    """Tom writes for the whole group; Fiona, Tara and Tom each open it with their own key."""
    note_id = await notes.tom.write(notes.sid, "Mrs B. again — I felt helpless.", "group")
    for reader in (notes.fiona, notes.tom, notes.tara):
        [note] = await reader.read(notes.sid)
        assert (note.id, note.text, note.error) == (note_id, "Mrs B. again — I felt helpless.",
                                                    None)
        assert note.author_name == "Tom" and note.audience == "group"
    stored = await notes.cast.server.svc.db.fetch_one("SELECT * FROM notes")
    assert stored is not None
    assert stored["author_id"] == notes.cast.trainee.user_id
    assert b"helpless" not in stored["envelope"].encode()


async def test_audiences_decide_who_gets_a_stanza(notes: Notes) -> None:
    """'me' reaches only the author; 'facilitators' the author and Fiona; Tara gets neither."""
    mine = await notes.tom.write(notes.sid, "for me only", "me")
    fac = await notes.tom.write(notes.sid, "for the facilitators", "facilitators")
    assert texts(await notes.tom.read(notes.sid)) == ["for me only", "for the facilitators"]
    assert texts(await notes.fiona.read(notes.sid)) == ["for the facilitators"]
    assert await notes.tara.read(notes.sid) == []
    tara_kid = E.key_id(E.public_key_bytes(notes.tara.key))
    fiona_kid = E.key_id(E.public_key_bytes(notes.fiona.key))
    envelopes = {n.id: E.validate_structure(n.envelope) for n in await notes.tom.read(notes.sid)}
    assert tara_kid not in envelopes[mine].key_ids + envelopes[fac].key_ids
    assert fiona_kid not in envelopes[mine].key_ids and fiona_kid in envelopes[fac].key_ids
    # A direct fetch by someone outside the audience: a clear refusal, and no envelope.
    for note_id in (mine, fac):
        assert await status_of(notes.tara, "GET", f"/api/notes/{note_id}") == (
            403, "not_shared_with_you")
    # Even holding the envelope, Tara's key finds no stanza: "not for me", not an error.
    fetched = await notes.tom.call("GET", f"/api/notes/{fac}")
    with pytest.raises(E.NotForMe):
        E.open_envelope(fetched["envelope"], fac, notes.cast.group_id, notes.tara.key,
                        notes.sid)


async def test_recipients_name_people_without_a_key(notes: Notes) -> None:
    """Someone who has not set up a key cannot be a reader yet, and the writer is told."""
    person = await add_person(notes.cast, "theo", "Theo", extra=notes.extra)
    who = await notes.tom.call("GET", f"/api/sessions/{notes.sid}/notes/recipients"
                                      "?audience=group")
    assert {r["display_name"] for r in who["recipients"]} == {"Fiona", "Tom", "Tara"}
    assert who["without_key"] == [{"user_id": person.user_id, "display_name": "Theo"}]
    assert all(r["fingerprint"] == E.fingerprint(E.b64u_decode(r["public_key"]))
               for r in who["recipients"])
    keys = await notes.tara.call("GET", f"/api/groups/{notes.cast.group_id}/note-keys")
    assert keys["members"][0]["display_name"] == "Fiona"  # facilitators first
    assert {m["display_name"]: m["key_id"] is None for m in keys["members"]} == {
        "Fiona": False, "Tom": False, "Tara": False, "Theo": True}


async def test_a_resend_is_stored_once(notes: Notes) -> None:
    """A POST repeated after a lost answer returns the stored note instead of a second copy."""
    who = await notes.tom.call("GET", f"/api/sessions/{notes.sid}/notes/recipients?audience=me")
    note_id = new_note_id()
    sealed, _ = E.seal(b"once", note_id, who["group_id"],
                       [E.b64u_decode(r["public_key"]) for r in who["recipients"]])
    body = {"note_id": note_id, "audience": "me", "envelope": sealed.decode()}
    first = await notes.cast.trainee.api.post(f"/api/sessions/{notes.sid}/notes", body)
    again = await notes.cast.trainee.api.post(f"/api/sessions/{notes.sid}/notes", body)
    assert (first[0], again[0]) == (201, 200)
    assert await notes.count() == (1, 1)
    other, _ = E.seal(b"different", note_id, who["group_id"],
                      [E.b64u_decode(r["public_key"]) for r in who["recipients"]])
    assert await status_of(notes.tom, "POST", f"/api/sessions/{notes.sid}/notes",
                           {**body, "envelope": other.decode()}) == (409, "note_exists")


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "code"), [
    ("lead", "lead_not_in_rooms"),
    ("admin", "not_a_member"),
    ("outsider", "not_a_member"),
])
async def test_people_outside_the_group_get_nothing(notes: Notes, who: str, code: str) -> None:
    """A programme lead, an administrator and a member of another group are refused everything."""
    note_id = await notes.tom.write(notes.sid, "inside the group", "group")
    person = getattr(notes.cast, who)
    outsider = client_of(notes.cast, person)
    await outsider.create_key(PASSPHRASE)  # having a key does not make them a reader
    fake, _ = E.seal(b"x", new_note_id(), notes.cast.group_id,
                     [E.public_key_bytes(outsider.key)])
    before = await notes.count()
    attempts = [
        ("GET", f"/api/groups/{notes.cast.group_id}/note-keys", None),
        ("GET", f"/api/sessions/{notes.sid}/notes/recipients?audience=group", None),
        ("GET", f"/api/sessions/{notes.sid}/notes", None),
        ("POST", f"/api/sessions/{notes.sid}/notes",
         {"note_id": E.validate_structure(fake).note_id, "audience": "me",
          "envelope": fake.decode()}),
        ("GET", f"/api/notes/{note_id}", None),
        ("POST", f"/api/notes/{note_id}/readers", {"envelope": fake.decode()}),
        ("DELETE", f"/api/notes/{note_id}", None),
    ]
    for method, path, body in attempts:
        assert await status_of(outsider, method, path, body) == (403, code), path
    assert await notes.count() == before
    assert await notes.tom.read(notes.sid) != []


async def test_signed_out_and_cross_site_requests_are_refused(notes: Notes) -> None:
    """No cookie: not signed in. No CSRF token on a write: refused before anything happens."""
    anonymous = NotesClient(notes.cast.server.url)
    try:
        assert await status_of(anonymous, "GET", f"/api/sessions/{notes.sid}/notes") == (
            401, "not_signed_in")
    finally:
        await anonymous.close()
    tokenless = NotesClient(notes.cast.server.url, notes.cast.trainee.api.http, "")
    assert await status_of(tokenless, "PUT", "/api/notes/key", {}) == (403, "bad_csrf")


def _other_stanza(text: str) -> str:
    """The envelope with its first stanza's wrapped key altered (still well formed)."""
    obj = json.loads(text)
    wk = bytearray(E.b64u_decode(obj["stanzas"][0]["wk"]))
    wk[0] ^= 1
    obj["stanzas"][0]["wk"] = E.b64u_encode(bytes(wk))
    return json.dumps(obj, separators=(",", ":"))


MALFORMED = {
    "not JSON": (lambda env, gid, keys: "not an envelope", "malformed"),
    "spaces": (lambda env, gid, keys: env.replace(",", ", ", 1), "malformed"),
    "version 3": (lambda env, gid, keys: env.replace('{"v":1', '{"v":3', 1),
                  "unsupported_version"),
    "no stanzas": (lambda env, gid, keys: json.dumps({**json.loads(env), "stanzas": []},
                                                     separators=(",", ":")), "no_stanzas"),
    "too large": (lambda env, gid, keys: env + " " * 100_001, "too_large"),
    "other note id": (lambda env, gid, keys: E.seal(b"x", new_note_id(), gid, keys)[0].decode(),
                      "misfiled"),
    "other group": (lambda env, gid, keys: E.seal(b"x", "NOTE", "another-group", keys)[0].decode(),
                    "misfiled"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
async def test_a_malformed_envelope_is_refused_and_nothing_is_stored(notes: Notes,
                                                                     case: str) -> None:
    """The server checks the envelope's structure and filing; a refusal stores no row."""
    make, code = MALFORMED[case]
    who = await notes.tom.call("GET", f"/api/sessions/{notes.sid}/notes/recipients"
                                      "?audience=group")
    keys = [E.b64u_decode(r["public_key"]) for r in who["recipients"]]
    note_id = new_note_id()
    good, _ = E.seal(b"the case", note_id, who["group_id"], keys)
    bad = make(good.decode(), who["group_id"], keys).replace("NOTE", note_id)
    before = await notes.count()
    status, got = await status_of(notes.tom, "POST", f"/api/sessions/{notes.sid}/notes",
                                  {"note_id": note_id, "audience": "group", "envelope": bad})
    assert (status, got) == (400, code)
    assert await notes.count() == before


@pytest.mark.parametrize(("audience", "readers", "code"), [
    ("group", ["tom", "fiona"], "wrong_recipients"),  # Tara left out
    ("me", ["tom", "tara"], "wrong_recipients"),  # Tara added to a private note
    ("facilitators", ["tom", "fiona", "tara"], "wrong_recipients"),
    ("group", ["fiona", "tara"], "wrong_recipients"),  # the author left out
    ("group", ["tom", "fiona", "tara", "outsider"], "wrong_recipients"),
])
async def test_a_misaddressed_envelope_is_refused(notes: Notes, audience: str,
                                                  readers: list[str], code: str) -> None:
    """The stanzas must be for exactly the audience's members: none missing, none extra."""
    outsider = client_of(notes.cast, notes.cast.outsider)
    await outsider.create_key(PASSPHRASE)
    keys = {name: E.public_key_bytes(getattr(notes, name, outsider).key)
            for name in ("tom", "fiona", "tara", "outsider")}
    note_id = new_note_id()
    sealed, _ = E.seal(b"addressed wrongly", note_id, notes.cast.group_id,
                       [keys[r] for r in readers])
    before = await notes.count()
    status, got = await status_of(notes.tom, "POST", f"/api/sessions/{notes.sid}/notes",
                                  {"note_id": note_id, "audience": audience,
                                   "envelope": sealed.decode()})
    assert (status, got) == (409, code)
    assert await notes.count() == before


@pytest.mark.parametrize(("body", "code"), [
    ({"note_id": "short", "audience": "group", "envelope": "{}"}, "bad_note_id"),
    ({"note_id": "a" * 22, "audience": "everyone", "envelope": "{}"}, "bad_audience"),
    ({"note_id": "a" * 22, "audience": "group"}, "bad_payload"),
    ({"note_id": "a" * 22, "audience": "group", "envelope": 7}, "bad_payload"),
])
async def test_bad_fields_are_refused(notes: Notes, body: dict[str, Any], code: str) -> None:
    assert await status_of(notes.tom, "POST", f"/api/sessions/{notes.sid}/notes", body) == (
        400, code)
    assert await notes.count() == (0, 0)


async def test_writing_needs_a_key_and_a_place_in_the_session(notes: Notes) -> None:
    """No key: `no_key`. Removed from the session by a facilitator: `removed`."""
    theo = client_of(notes.cast, await add_person(notes.cast, "theo", "Theo", extra=notes.extra))
    sealed, _ = E.seal(b"x", "a" * 22, notes.cast.group_id, [E.public_key_bytes(notes.tom.key)])
    assert await status_of(theo, "POST", f"/api/sessions/{notes.sid}/notes", {
        "note_id": "a" * 22, "audience": "me", "envelope": sealed.decode()}) == (409, "no_key")
    await notes.cast.server.svc.db.execute_write(
        "INSERT INTO participants (session_id, user_id, status, updated_at)"
        " VALUES (?, ?, 'removed', 0)", (notes.sid, notes.cast.trainee2.user_id))
    with pytest.raises(NotesError) as refused:
        await notes.tara.write(notes.sid, "after removal", "me")
    assert refused.value.code == "removed"
    assert await notes.count() == (0, 0)


async def test_unknown_sessions_and_notes(notes: Notes) -> None:
    assert await status_of(notes.tom, "GET", "/api/sessions/nope/notes") == (
        404, "session_unknown")
    assert await status_of(notes.tom, "GET", f"/api/notes/{'b' * 22}") == (404, "note_unknown")
    assert await status_of(notes.tom, "DELETE", f"/api/notes/{'b' * 22}") == (
        404, "note_unknown")


# --- membership changes -----------------------------------------------------------------------


async def test_a_later_member_is_given_access_to_an_old_note(notes: Notes) -> None:
    """Theo joins after a note was written; a current reader re-wraps it and Theo reads it."""
    note_id = await notes.tom.write(notes.sid, "written before Theo came", "group")
    private = await notes.tom.write(notes.sid, "Tom's own", "me")
    theo = await notes.newcomer("theo", "Theo")
    assert await theo.read(notes.sid) == []
    assert await status_of(theo, "GET", f"/api/notes/{note_id}") == (403, "not_shared_with_you")
    listed = {n.id: n for n in await notes.tara.read(notes.sid)}
    assert [p["display_name"] for p in listed[note_id].missing] == ["Theo"]
    # Not until Tara has compared safety numbers with Theo: nobody is given access.
    with pytest.raises(NotesError) as caught:
        await notes.tara.give_access(listed[note_id])
    assert caught.value.code == "not_verified"
    await verify_everyone(notes.tara, notes.sid)
    assert await notes.tara.give_access(listed[note_id]) == 1
    [seen] = await theo.read(notes.sid)
    assert (seen.id, seen.text) == (note_id, "written before Theo came")
    assert all(not n.missing for n in await notes.tom.read(notes.sid))
    # A private note never offers anyone else, and the server refuses a stanza for Theo on it.
    mine = {n.id: n for n in await notes.tom.read(notes.sid)}[private]
    forced = E.rewrap(mine.envelope, notes.tom.key, E.public_key_bytes(theo.key)).decode()
    assert await status_of(notes.tom, "POST", f"/api/notes/{private}/readers",
                           {"envelope": forced}) == (403, "not_entitled")


async def verify_everyone(client: NotesClient, session_id: str) -> None:
    """The person compared safety numbers with everyone in the group (each read theirs aloud)
    and marked them verified: `balint notes trust --verified` for each."""
    for name, number, state in await client.group_keys(session_id):
        if state not in ("you", "no key yet", "verified"):
            await client.trust(session_id, name, number, verified=True)


def _unsigned(envelope: str) -> str:
    body = json.loads(envelope)
    del body["grants"]
    return json.dumps(body, separators=(",", ":"))


def _forged_grant(envelope: str) -> str:
    body = json.loads(envelope)
    sig = bytearray(E.b64u_decode(body["grants"][0]["sig"]))
    sig[3] ^= 1
    body["grants"][0]["sig"] = E.b64u_encode(bytes(sig))
    return json.dumps(body, separators=(",", ":"))


async def test_a_rewrap_may_only_add_one_entitled_reader(notes: Notes) -> None:
    """Anything but "the same note plus one stanza for someone entitled" is refused."""
    note_id = await notes.tom.write(notes.sid, "the case", "group")
    theo = await notes.newcomer("theo", "Theo")
    theo2 = await notes.newcomer("theo2", "Theodora")
    outsider = client_of(notes.cast, notes.cast.outsider)
    await outsider.create_key(PASSPHRASE)
    [note] = await notes.tom.read(notes.sid)
    path = f"/api/notes/{note_id}/readers"
    pub = E.public_key_bytes

    def rewrap_for(*people: NotesClient) -> str:
        text = note.envelope
        for p in people:
            text = E.rewrap(text, notes.tom.key, pub(p.key)).decode()
        return text

    other_body, _ = E.seal(b"another text", note_id, notes.cast.group_id,
                           [pub(c.key) for c in (notes.tom, notes.fiona, notes.tara, theo)])
    cases = [
        (other_body.decode(), (400, "not_a_rewrap")),  # new body, nonce and stanzas
        (rewrap_for(theo, theo2), (400, "not_a_rewrap")),  # two stanzas at once
        (_other_stanza(rewrap_for(theo)), (400, "not_a_rewrap")),  # an old stanza changed
        (rewrap_for(outsider), (403, "not_entitled")),  # not a member of the group
        (_unsigned(rewrap_for(theo)), (400, "unsigned_grant")),  # nobody signed the addition
        (_forged_grant(rewrap_for(theo)), (400, "bad_signature")),  # a grant that does not verify
        ("{}", (400, "malformed")),
    ]
    for envelope, expected in cases:
        assert await status_of(notes.fiona, "POST", path, {"envelope": envelope}) == expected
    assert await notes.count() == (1, 3)
    # Two readers give access at once: the second, built on the old note, is told to retry.
    first, second = rewrap_for(theo), rewrap_for(theo2)
    assert await status_of(notes.fiona, "POST", path, {"envelope": first}) == (200, "ok")
    assert await status_of(notes.tara, "POST", path, {"envelope": second}) == (
        409, "note_changed")
    assert await status_of(notes.fiona, "POST", path, {"envelope": first}) == (200, "ok")
    [again] = [n for n in await notes.tara.read(notes.sid) if n.id == note_id]
    await verify_everyone(notes.tara, notes.sid)
    assert await notes.tara.give_access(again) == 1
    assert texts(await theo2.read(notes.sid)) == ["the case"]
    # Only a current reader can add one.
    theo3 = await notes.newcomer("theo3", "Theophilus")
    forged = E.rewrap(again.envelope, notes.tom.key, pub(theo3.key)).decode()
    assert await status_of(theo3, "POST", path, {"envelope": forged}) == (
        403, "not_shared_with_you")


async def test_a_removed_member_is_left_out_of_the_next_note(notes: Notes) -> None:
    """After Tara's membership is deleted, the next note has no stanza for her key."""
    who = await notes.tom.call("GET", f"/api/sessions/{notes.sid}/notes/recipients"
                                      "?audience=group")
    await notes.cast.server.svc.db.execute_write(
        "DELETE FROM memberships WHERE group_id = ? AND user_id = ?",
        (notes.cast.group_id, notes.cast.trainee2.user_id))
    # Sealed to the list fetched before the removal: refused, nothing stored.
    stale_id = new_note_id()
    stale, _ = E.seal(b"stale", stale_id, who["group_id"],
                      [E.b64u_decode(r["public_key"]) for r in who["recipients"]])
    assert await status_of(notes.tom, "POST", f"/api/sessions/{notes.sid}/notes", {
        "note_id": stale_id, "audience": "group", "envelope": stale.decode()}) == (
        409, "wrong_recipients")
    note_id = await notes.tom.write(notes.sid, "after Tara left", "group")
    [note] = await notes.fiona.read(notes.sid)
    assert note.id == note_id
    assert E.key_id(E.public_key_bytes(notes.tara.key)) not in E.validate_structure(
        note.envelope).key_ids
    assert await status_of(notes.tara, "GET", f"/api/sessions/{notes.sid}/notes") == (
        403, "not_a_member")


async def test_ten_membership_changes_while_notes_are_written(notes: Notes) -> None:
    """People join and leave ten times while two members keep writing: every note opens for
    every reader it names, and nobody removed is a reader of anything written after."""
    db = notes.cast.server.svc.db
    rng = random.Random(4)  # only picks which change comes next: reproducible
    present: dict[str, NotesClient] = {}  # newcomers currently in the group, by user id
    removed_after: dict[str, int] = {}  # user id -> notes written before their removal
    written: list[str] = []
    stop = asyncio.Event()

    async def writer(client: NotesClient, name: str) -> None:
        i = 0
        while not stop.is_set():
            audience = ("group", "facilitators", "me")[i % 3]
            written.append(await client.write(notes.sid, f"{name} note {i}", audience))
            i += 1
            await asyncio.sleep(0)

    async def user_id_of(client: NotesClient) -> str:
        return str(await db.fetch_value("SELECT user_id FROM identity_keys WHERE key_id = ?",
                                        (E.key_id(E.public_key_bytes(client.key)),)))

    writers = [asyncio.create_task(writer(notes.tom, "Tom")),
               asyncio.create_task(writer(notes.fiona, "Fiona"))]
    for change in range(10):
        if present and (change % 2 == 1 or rng.random() < 0.3):
            gone = rng.choice(sorted(present))
            del present[gone]
            await db.execute_write("DELETE FROM memberships WHERE group_id = ? AND user_id = ?",
                                   (notes.cast.group_id, gone))
            removed_after[gone] = len(written)
        else:
            role = "facilitator" if change % 4 == 2 else "member"
            client = await notes.newcomer(f"joiner{change}", f"Joiner {change}", role)
            present[await user_id_of(client)] = client
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*writers)
    assert len(written) >= 10

    readers = [notes.tom, notes.fiona, notes.tara, *present.values()]
    unable = 0
    for reader in readers:
        await verify_everyone(reader, notes.sid)
        for note in await reader.read(notes.sid):
            unable += note.text is None
            # Give every later member access to what they are entitled to, then check again.
            await reader.give_access(note)
    for reader in readers:
        unable += sum(n.text is None for n in await reader.read(notes.sid))
    assert unable == 0, "unable to decrypt"

    kid_of = {uid: kid for uid, kid in [tuple(r) for r in await db.fetch_all(
        "SELECT user_id, key_id FROM identity_keys")]}
    order = {note_id: n for n, note_id in enumerate(written)}
    for uid, count in removed_after.items():
        later = [nid for nid, n in order.items() if n >= count]
        rows = await db.fetch_all(
            f"SELECT note_id FROM note_readers WHERE key_id = ? AND note_id IN"
            f" ({','.join('?' * len(later))})", (kid_of[uid], *later)) if later else []
        assert rows == [], "a removed member is a reader of a later note"
    # Every group note is now readable by exactly everyone in the group who has a key.
    members_with_keys = {r[0] for r in await db.fetch_all(
        "SELECT k.key_id FROM memberships m JOIN identity_keys k ON k.user_id = m.user_id"
        " WHERE m.group_id = ?", (notes.cast.group_id,))}
    for row in await db.fetch_all("SELECT id FROM notes WHERE audience = 'group'"):
        kids = {r[0] for r in await db.fetch_all(
            "SELECT key_id FROM note_readers WHERE note_id = ?", (row[0],))}
        assert members_with_keys <= kids


# --- deleting ---------------------------------------------------------------------------------


async def test_only_the_author_deletes_a_note(notes: Notes) -> None:
    note_id = await notes.tom.write(notes.sid, "delete me later", "group")
    assert await status_of(notes.fiona, "DELETE", f"/api/notes/{note_id}") == (
        403, "not_your_note")
    assert await notes.count() == (1, 3)
    await notes.tom.delete(note_id)
    assert await notes.count() == (0, 0)
    assert await notes.fiona.read(notes.sid) == []
    assert await status_of(notes.fiona, "GET", f"/api/notes/{note_id}") == (404, "note_unknown")


# --- keys -------------------------------------------------------------------------------------


async def test_an_old_pbkdf2_backup_is_upgraded_to_scrypt_on_unlock(notes: Notes) -> None:
    """Tom's backup was made before scrypt (version 1, PBKDF2): the next unlock with his
    passphrase re-seals it under scrypt, and the new backup opens with the same passphrase."""
    old = E.export_private_key(notes.tom.key, PASSPHRASE).decode()
    await notes.tom.call("PUT", "/api/notes/key", {
        "public_key": E.b64u_encode(E.public_key_bytes(notes.tom.key)), "backup": old,
        "replace": False})
    assert json.loads((await notes.tom.call("GET", "/api/notes/key"))["backup"])["v"] == 1
    fresh = client_of(notes.cast, notes.cast.trainee)
    await fresh.restore_key(PASSPHRASE)
    new = (await notes.tom.call("GET", "/api/notes/key"))["backup"]
    assert (json.loads(new)["v"], json.loads(new)["kdf"], json.loads(new)["n"]) == (
        2, "scrypt", 2**17)
    again = client_of(notes.cast, notes.cast.trainee)
    assert await again.restore_key(PASSPHRASE) == notes.tom.safety_number


async def test_key_backup_restores_with_the_passphrase_only(notes: Notes) -> None:
    """A fresh client restores Tom's key from the server's backup; a wrong passphrase says so."""
    await notes.tom.write(notes.sid, "before a new laptop", "me")
    fresh = client_of(notes.cast, notes.cast.trainee)
    with pytest.raises(NotesError) as wrong:
        await fresh.restore_key("plane trees along the canal")
    assert wrong.value.code == "bad_passphrase"
    assert wrong.value.message == "That passphrase does not open your key backup."
    fingerprint = await fresh.restore_key(PASSPHRASE)
    assert fingerprint == notes.tom.safety_number
    assert texts(await fresh.read(notes.sid)) == ["before a new laptop"]


async def test_key_registration_is_checked(notes: Notes) -> None:
    """Public keys and backups are checked for shape; a key is never replaced by accident."""
    tom = notes.tom
    mine = await tom.call("GET", "/api/notes/key")
    backup = mine["backup"]
    other = E.generate_identity()
    other_backup = E.export_private_key(other, PASSPHRASE).decode()
    low_order = bytes(32)  # the all-zero point: every shared secret would be zero
    cases = [
        ({"public_key": "AAAA", "backup": backup}, (400, "bad_key")),
        ({"public_key": E.b64u_encode(low_order), "backup": backup}, (400, "bad_key")),
        ({"public_key": mine["public_key"], "backup": "{}"}, (400, "bad_backup")),
        ({"public_key": mine["public_key"], "backup": backup.replace('"n":131072',
                                                                     '"n":1024')},
         (400, "bad_backup")),
        ({"public_key": mine["public_key"], "backup": other_backup}, (400, "backup_mismatch")),
        ({"public_key": E.b64u_encode(E.public_key_bytes(other)), "backup": other_backup},
         (409, "key_exists")),
    ]
    for body, expected in cases:
        assert await status_of(tom, "PUT", "/api/notes/key", body) == expected, body
    assert (await tom.call("GET", "/api/notes/key"))["key_id"] == mine["key_id"]
    # The same key with a new passphrase: fine. Someone else's public key: never.
    rebacked = E.export_private_key(tom.key, "a brand new passphrase").decode()
    assert await status_of(tom, "PUT", "/api/notes/key",
                           {"public_key": mine["public_key"], "backup": rebacked}) == (200, "ok")
    assert await status_of(notes.tara, "PUT", "/api/notes/key", {
        "public_key": mine["public_key"], "backup": rebacked, "replace": True}) == (
        409, "key_in_use")
    # Starting again on purpose: old notes stay sealed to the old key and are no longer listed.
    await tom.write(notes.sid, "sealed to the old key", "me")
    await tom.create_key("a brand new passphrase", replace=True)
    assert await tom.read(notes.sid) == []


# --- what the server and its logs never see ---------------------------------------------------


async def test_note_text_never_reaches_disk_or_logs(notes: Notes,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """A canary written, read, shared and deleted appears in no file of the data directory and
    in no log record."""
    caplog.set_level(logging.DEBUG)
    canary = f"CANARY-{uuid.uuid4().hex}"
    kept = await notes.tom.write(notes.sid, f"group {canary}", "group")
    await notes.fiona.write(notes.sid, f"facilitators {canary}", "facilitators")
    gone = await notes.tara.write(notes.sid, f"mine {canary}", "me")
    theo = await notes.newcomer("theo", "Theo")
    await verify_everyone(notes.tom, notes.sid)
    for note in await notes.tom.read(notes.sid):
        await notes.tom.give_access(note)
    assert any(canary in (n.text or "") for n in await theo.read(notes.sid))
    await notes.tara.delete(gone)
    await notes.tom.write(notes.sid, canary * 100, "group")
    bad = {"note_id": kept, "audience": "group", "envelope": canary}
    await status_of(notes.tom, "POST", f"/api/sessions/{notes.sid}/notes", bad)
    await status_of(notes.tom, "POST", f"/api/notes/{kept}/readers", {"envelope": canary})

    needle = canary.encode()
    files = [p for p in notes.cast.server.config.data_dir.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files) and files
    for path in files:
        assert needle not in path.read_bytes(), path.name
    await notes.cast.server.svc.db.checkpoint()
    for path in notes.cast.server.config.data_dir.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), path.name
    assert caplog.records, "expected some log output to scan"
    for record in caplog.records:
        assert canary not in record.getMessage() and canary not in str(record.args)
        assert PASSPHRASE not in record.getMessage()


async def test_readers_pages_are_told_without_content(notes: Notes) -> None:
    """A new note nudges its readers' open pages; the event says nothing about the note."""
    fiona = await connect(notes.cast.facilitator, notes.cast.server)
    tara = await connect(notes.cast.trainee2, notes.cast.server)
    await notes.tom.write(notes.sid, "for the facilitators", "facilitators")
    await fiona.wait_for(lambda: fiona.received("notes_changed"))
    assert fiona.received("notes_changed") == [{"session_id": notes.sid}]
    await tara.barrier()
    assert tara.received("notes_changed") == []


# --- the command line -------------------------------------------------------------------------


async def test_the_balint_notes_command(notes: Notes, tmp_path: Path) -> None:
    """`balint notes init-key/write/read` against the running server, secrets from env vars."""
    theo = await add_person(notes.cast, "theo", "Theo", extra=notes.extra)
    env = {**os.environ, "BALINT_PASSWORD": PASSWORD, "BALINT_PASSPHRASE": "a kettle and a cup!",
           "PYTHONPATH": str(ROOT)}
    base = ["--url", notes.cast.server.url, "--username", theo.username,
            "--pins", str(tmp_path / "pins.json")]

    async def balint(*args: str, stdin: str = "") -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server", "notes", *args, env=env, cwd=ROOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
        return proc.returncode or 0, out.decode(), err.decode()

    code, out, _ = await balint("init-key", *base)
    assert code == 0 and "safety number" in out
    write = ("write", *base, "--session", notes.sid, "--audience", "group")
    # The first time, the readers' keys are shown and nothing is sealed until Theo trusts them.
    code, _, err = await balint(*write, stdin="From the command line.")
    assert code == 1 and "Nothing was sealed" in err
    for c in (notes.fiona, notes.tom, notes.tara):
        fp = E.safety_number(E.public_key_bytes(c.key), E.signing_public(c.key))
        assert fp in err
        name = {notes.fiona: "Fiona", notes.tom: "Tom", notes.tara: "Tara"}[c]
        code, _, _ = await balint("trust", *base, "--session", notes.sid, "--name", name,
                                  "--fingerprint", fp)
        assert code == 0
    code, out, _ = await balint(*write, stdin="From the command line.")
    assert code == 0 and "the whole group" in out
    assert texts(await notes.tara.read(notes.sid)) == ["From the command line."]
    await notes.tom.write(notes.sid, "From Tom's client.", "group")
    code, out, _ = await balint("read", *base, "--session", notes.sid)
    assert code == 0
    assert "From the command line." in out and "From Tom's client." in out and "Tom" in out
    env["BALINT_PASSPHRASE"] = "not my passphrase"
    code, _, err = await balint("read", *base, "--session", notes.sid)
    assert code == 1 and "passphrase does not open your key backup" in err
