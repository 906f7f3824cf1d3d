"""Case notes against a MALICIOUS server, from the Python client and the `balint notes` command.

Written from the attacker's side: the server (here, the real server whose store and audience rule
the attacker has patched) wants a note key wrapped to a key it holds. It invents a member listed
consistently on every endpoint, swaps a member's key, adds its own key to an "Only me" note,
redirects *Give access*, and rewrites the rows that say who wrote a note. The client may only
refuse, or show the person the key before anything is sealed; at the end no stored envelope has a
stanza that the attacker's private keys can open.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.actions import notes as notes_actions
from server.crypto import envelope as E
from server.notes_client import NotesClient, NotesError
from server.notes_pins import KeyCheck, PinStore
from tests.conftest import Cast
from tests.session_support import add_person, close_people
from tests.support import PASSWORD, Person

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "plane trees along the river"


def number(key: X25519PrivateKey) -> str:
    """The safety number people compare: both the X25519 and the Ed25519 public key."""
    return E.safety_number(E.public_key_bytes(key), E.signing_public(key))


@dataclass
class Person_:
    """What the person at the keyboard was shown, and what they answer to a new key."""

    answer: bool = False
    shown: list[str] = field(default_factory=list)

    def __call__(self, checks: list[KeyCheck]) -> bool:
        self.shown.extend(c.describe() for c in checks)
        return self.answer


@dataclass
class Attacker:
    """The server operator: holds private keys of its own and edits the server's store."""

    cast: Cast
    keys: list[X25519PrivateKey] = field(default_factory=list)

    def new_key(self) -> bytes:
        key = E.generate_identity()
        self.keys.append(key)
        return E.public_key_bytes(key)

    async def swap_key(self, user_id: str) -> bytes:
        """Replace a member's registered key by one of the attacker's, in the database."""
        pub = self.new_key()
        async with self.cast.server.svc.db.write() as conn:
            await conn.execute("UPDATE identity_keys SET public_key = ?, key_id = ? WHERE "
                               "user_id = ?", (pub, E.key_id(pub), user_id))
        return pub

    async def envelopes(self) -> list[str]:
        rows = await self.cast.server.svc.db.fetch_all("SELECT envelope FROM notes", ())
        return [r["envelope"] for r in rows]

    async def note_keys_reached(self) -> list[str]:
        """Stored envelopes with a stanza for any attacker key (there must be none)."""
        mine = {E.key_id(E.public_key_bytes(k)) for k in self.keys}
        return [e for e in await self.envelopes()
                if mine & set(E.validate_structure(e).key_ids)]


@dataclass
class World:
    cast: Cast
    fiona: NotesClient
    tom: NotesClient
    person: Person_
    attacker: Attacker
    extra: list[Person]

    @property
    def sid(self) -> str:
        return self.cast.session_id

    async def count(self) -> int:
        return int(await self.cast.server.svc.db.fetch_value("SELECT COUNT(*) FROM notes"))


@pytest.fixture
async def world(cast: Cast) -> AsyncIterator[World]:
    """Fiona (facilitator, the author) and Tom have keys; Tara has none yet. Fiona has sealed
    one honest note to the group, trusting Tom's key when it was shown to her."""
    person = Person_(answer=True)
    fiona = NotesClient(cast.server.url, cast.facilitator.api.http, cast.facilitator.api.csrf,
                        trust_new=person)
    tom = NotesClient(cast.server.url, cast.trainee.api.http, cast.trainee.api.csrf,
                      trust_new=lambda _: True)
    for c in (fiona, tom):
        await c.create_key(PASSPHRASE)
    await fiona.write(cast.session_id, "An honest first note.", "group")
    tom_fp = number(tom.key)
    assert person.shown == [f"New reader key: Tom — fingerprint {tom_fp}"]
    person.shown.clear()
    person.answer = False  # from here on, Fiona declines any key she does not recognise
    w = World(cast, fiona, tom, person, Attacker(cast), [])
    try:
        yield w
    finally:
        await close_people(w.extra)


async def refused(work: Any, code: str) -> NotesError:
    with pytest.raises(NotesError) as caught:
        await work
    assert caught.value.code == code, caught.value.message
    assert "Nothing was sealed" in caught.value.message
    return caught.value


async def test_an_invented_member_is_shown_and_never_sealed_to(world: World) -> None:
    """The operator makes an account, puts it in the group and registers its own key: every
    endpoint agrees "Dr Mallory" is a member. Only Fiona's eyes can catch it, so she must see it."""
    mallory = await add_person(world.cast, "mallory", "Dr Mallory", extra=world.extra)
    bad = NotesClient(world.cast.server.url, mallory.api.http, mallory.api.csrf)
    await bad.create_key(PASSPHRASE)
    world.attacker.keys.append(bad.key)
    before = await world.count()

    err = await refused(world.fiona.write(world.sid, "Mrs B. again.", "group"), "new_keys")
    fp = number(bad.key)
    assert world.person.shown == [f"New reader key: Dr Mallory — fingerprint {fp}"]
    assert fp in err.message and await world.count() == before
    # Facilitators' notes are not a way round: Mallory is made a facilitator too.
    async with world.cast.server.svc.db.write() as conn:
        await conn.execute("UPDATE memberships SET role = 'facilitator' WHERE user_id = ?",
                           (mallory.user_id,))
    await refused(world.fiona.write(world.sid, "For facilitators.", "facilitators"), "new_keys")
    assert await world.count() == before
    assert await world.attacker.note_keys_reached() == []


async def test_a_swapped_key_stops_sealing(world: World) -> None:
    """The operator replaces Tom's key in its database with its own: Fiona is warned, and
    nothing is sealed, not even to the others."""
    await world.attacker.swap_key(world.cast.trainee.user_id)
    before = await world.count()
    err = await refused(world.fiona.write(world.sid, "About Mr D.", "group"), "key_changed")
    assert "Tom's notes key has CHANGED" in err.message
    assert world.person.shown == []  # a changed key is not a question: it is refused
    assert await world.count() == before
    assert await world.attacker.note_keys_reached() == []


async def test_an_only_me_note_stays_mine(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's audience rule is patched to add the operator's key to "Only me" (and to
    accept it when the note is stored)."""
    mallory = await add_person(world.cast, "mallory", "Dr Mallory", extra=world.extra)
    bad = NotesClient(world.cast.server.url, mallory.api.http, mallory.api.csrf)
    await bad.create_key(PASSPHRASE)
    world.attacker.keys.append(bad.key)
    honest = notes_actions._audience

    def patched(members: Iterable[Any], audience: str, author_id: str) -> list[Any]:
        members = list(members)
        named = honest(members, audience, author_id)
        return named + [m for m in members if m.user_id == mallory.user_id and m not in named]

    monkeypatch.setattr(notes_actions, "_audience", patched)
    before = await world.count()
    await refused(world.fiona.write(world.sid, "Only for me.", "me"), "unexpected_readers")
    assert world.person.shown == [] and await world.count() == before
    assert await world.attacker.note_keys_reached() == []


async def test_give_access_goes_only_to_the_pinned_key(world: World) -> None:
    """Tara sets up a key; the server lists her as missing on Fiona's note, but with the
    attacker's key: first as a never-seen key, then (once Fiona verified Tara's real key) swapped
    before the grant. No stanza either time."""
    tara = NotesClient(world.cast.server.url, world.cast.trainee2.api.http,
                       world.cast.trainee2.api.csrf)
    await tara.create_key(PASSPHRASE)
    await world.attacker.swap_key(world.cast.trainee2.user_id)
    [note] = await world.fiona.read(world.sid)
    assert [p["display_name"] for p in note.missing] == ["Tara"]
    # A key Fiona never verified gets no access at all (she is shown it, and asked to compare).
    with pytest.raises(NotesError) as caught:
        await world.fiona.give_access(note)
    assert caught.value.code == "not_verified"
    assert "New reader key: Tara" in caught.value.message
    assert world.person.shown == []  # not even asked whether to trust it

    # Tara's real key comes back; Fiona trusts it after comparing; the server swaps it again.
    real = E.public_key_bytes(tara.key)
    async with world.cast.server.svc.db.write() as conn:
        await conn.execute("UPDATE identity_keys SET public_key = ?, key_id = ? WHERE user_id = ?",
                           (real, E.key_id(real), world.cast.trainee2.user_id))
    await world.fiona.trust(world.sid, "Tara", number(tara.key), verified=True)
    await world.attacker.swap_key(world.cast.trainee2.user_id)
    [note] = await world.fiona.read(world.sid)
    with pytest.raises(NotesError) as caught:
        await world.fiona.give_access(note)
    assert caught.value.code == "key_changed"
    assert "Nobody was given access" in caught.value.message
    assert await world.attacker.note_keys_reached() == []
    # Typing a fingerprint that is not the server's key trusts nothing.
    with pytest.raises(NotesError) as caught:
        await world.fiona.trust(world.sid, "Tara", number(tara.key))
    assert caught.value.code == "fingerprint_mismatch"


async def test_who_can_read_comes_from_the_note_not_the_server(world: World) -> None:
    """The server rewrites the note's rows (audience "me", another author) and its reader rows;
    "can read it" is still the key ids inside the note, named through Fiona's own pins."""
    async with world.cast.server.svc.db.write() as conn:
        await conn.execute("UPDATE notes SET audience = 'me', author_id = ?",
                           (world.cast.trainee.user_id,))
    [note] = await world.fiona.read(world.sid)
    assert note.readers == ("you", "Tom")
    # A stanza for a key nobody pinned is named as such.
    stranger = world.attacker.new_key()
    [tom_note] = await world.tom.read(world.sid)
    env = E.rewrap(tom_note.envelope, world.tom.key, stranger).decode()
    assert world.fiona.readers_of(env) == ("you", "Tom",
                                           "an unknown key (access given by Tom)")


async def test_the_command_line_refuses_and_keeps_its_pins(world: World, tmp_path: Path) -> None:
    """`balint notes write` with a pins file: the first run shows the group's keys and seals
    nothing; `trust` with the fingerprint read aloud pins one; a later key swap is refused."""
    theo = await add_person(world.cast, "theo", "Theo", extra=world.extra)
    pins = tmp_path / "pins.json"
    env = {**os.environ, "BALINT_PASSWORD": PASSWORD, "BALINT_PASSPHRASE": "a kettle and a cup!",
           "PYTHONPATH": str(ROOT)}
    base = ["--url", world.cast.server.url, "--username", theo.username, "--pins", str(pins)]

    async def balint(*args: str, stdin: str = "") -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server", "notes", *args, env=env, cwd=ROOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
        return proc.returncode or 0, out.decode(), err.decode()

    assert (await balint("init-key", *base))[0] == 0
    before = await world.count()
    write = ("write", *base, "--session", world.sid, "--audience", "facilitators")
    code, _, err = await balint(*write, stdin="Theo's note.")
    fiona_fp = number(world.fiona.key)
    assert code == 1 and f"New reader key: Fiona — fingerprint {fiona_fp}" in err
    assert "Nothing was sealed" in err and await world.count() == before
    code, out, _ = await balint("trust", *base, "--session", world.sid, "--name", "Fiona",
                                "--fingerprint", fiona_fp.lower(), "--verified")
    assert code == 0 and PinStore(pins).pins[world.cast.facilitator.user_id].verified
    code, out, _ = await balint("keys", *base, "--session", world.sid)
    assert code == 0 and "verified" in out
    code, out, _ = await balint(*write, stdin="Theo's note.")
    assert code == 0 and await world.count() == before + 1

    await world.attacker.swap_key(world.cast.facilitator.user_id)
    code, _, err = await balint(*write, stdin="Another.")
    assert code == 1 and "Fiona's notes key has CHANGED" in err
    code, out, _ = await balint("keys", *base, "--session", world.sid)
    assert "CHANGED" in out
    assert await world.count() == before + 1
    assert await world.attacker.note_keys_reached() == []


async def test_a_swapped_signing_key_stops_sealing(world: World) -> None:
    """The operator keeps Tom's encryption key but publishes its own signing key for him, to
    forge notes "from Tom" later: that is a changed key too."""
    forger = E.generate_identity()
    async with world.cast.server.svc.db.write() as conn:
        await conn.execute("UPDATE identity_keys SET signing_key = ? WHERE user_id = ?",
                           (E.signing_public(forger), world.cast.trainee.user_id))
    await refused(world.fiona.write(world.sid, "About Mr D.", "group"), "key_changed")


async def test_rewritten_rows_do_not_change_who_wrote_it(world: World) -> None:
    """The operator rewrites the note's row: author Tom, audience "me", another session. The
    signature still names Fiona and the whole group; a note moved to another session, or a
    signed field edited in the stored envelope, refuses to open with a plain message."""
    async with world.cast.server.svc.db.write() as conn:
        await conn.execute("UPDATE notes SET author_id = ?, audience = 'me'",
                           (world.cast.trainee.user_id,))
    [note] = await world.tom.read(world.sid)
    assert (note.author_name, note.audience) == ("Tom", "me")  # what the server claims
    assert note.signed_by is None  # Tom has not trusted Fiona's key yet: "unverified"
    await world.tom.trust(world.sid, "Fiona", number(world.fiona.key))
    [note] = await world.tom.read(world.sid)
    assert (note.signed_by, note.signed_audience) == ("Fiona", "group")  # what the note proves
    [mine] = await world.fiona.read(world.sid)
    assert mine.signed_by == "you"

    # Moved to another session of the same group: refused.
    other = "sAn0therSe55ion01"
    async with world.cast.server.svc.db.write() as conn:
        cols = [r[1] for r in await (await conn.execute("PRAGMA table_info(sessions)")
                                     ).fetchall()]
        picked = ", ".join("?" if c == "id" else c for c in cols)
        await conn.execute(f"INSERT INTO sessions ({', '.join(cols)}) SELECT {picked} FROM"
                           " sessions WHERE id = ?", (other, world.sid))
        await conn.execute("UPDATE notes SET session_id = ?", (other,))
    [moved] = await world.tom.read(other)
    assert moved.text is None and moved.error == "bad_ciphertext"
    async with world.cast.server.svc.db.write() as conn:
        await conn.execute("UPDATE notes SET session_id = ?", (world.sid,))

    # A signed field edited in the stored envelope: the audience widened.
    body = json.loads(note.envelope)
    body["audience"] = "me"
    async with world.cast.server.svc.db.write() as conn:
        await conn.execute("UPDATE notes SET envelope = ?",
                           (json.dumps(body, separators=(",", ":")),))
    [edited] = await world.tom.read(world.sid)
    assert edited.text is None and edited.error == "bad_signature"
