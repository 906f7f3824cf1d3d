"""Case notes: identity keys, sealed notes, who may read them, adding a reader, deleting.

A note is sealed in the author's browser (or the CLI) to the public keys of the people its
audience names, and the server stores an envelope it can check for shape but never open
(docs/notes-envelope.md). What the server does decide is who those people are: for each note it
checks that the envelope's stanzas are for exactly the audience's current members, from
membership rows read in the same transaction that stores the note, so someone removed from the
group is left out of every note written after their removal.

Audiences: `me` (the author alone), `facilitators` (the author and the group's facilitators),
`group` (every current member and facilitator). Only people who have registered a key can be
readers; someone who sets one up later is added by a current reader (`add_reader`), which appends
one stanza and changes nothing else.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import aiosqlite

from server.actions.accounts import User
from server.actions.live import REMOVED, TURNED_AWAY
from server.actions.roles import group_roles
from server.actions.rooms import user_room
from server.crypto import envelope as env
from server.errors import AppError, bad_request, forbidden, not_found
from server.keys import Services
from server.permissions import Action, check

AUDIENCES = ("me", "facilitators", "group")
# 16 random bytes as unpadded base64url, drawn by the author's client before sealing because the
# id is bound into the envelope's associated data. The server cannot check randomness, only the
# shape and that the id is unused.
NOTE_ID = re.compile(r"[A-Za-z0-9_-]{22}")

Query = Callable[[str, Sequence[Any]], Awaitable[list[sqlite3.Row]]]


@dataclass(frozen=True)
class Holder:
    """A current member of a group and their current identity key, if they have one."""

    user_id: str
    display_name: str
    role: str
    public_key: bytes | None
    key_id: str | None
    signing_key: bytes | None = None  # Ed25519, for version-2 (signed) notes

    def public(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "display_name": self.display_name,
            "role": self.role,
            "public_key": env.b64u_encode(self.public_key) if self.public_key else None,
            "key_id": self.key_id,
            "fingerprint": env.fingerprint(self.public_key) if self.public_key else None,
            "signing_key": env.b64u_encode(self.signing_key) if self.signing_key else None,
        }


async def _fetch(conn: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
    async with conn.execute(sql, params) as cur:
        return list(await cur.fetchall())


async def _members(query: Query, group_id: str) -> list[Holder]:
    rows = await query(
        "SELECT m.user_id, m.role, u.display_name, k.public_key, k.key_id, k.signing_key"
        " FROM memberships m"
        " JOIN users u ON u.id = m.user_id LEFT JOIN identity_keys k ON k.user_id = m.user_id"
        " WHERE m.group_id = ? ORDER BY m.role = 'facilitator' DESC, u.display_name COLLATE NOCASE",
        (group_id,),
    )
    return [Holder(r["user_id"], r["display_name"], r["role"],
                   bytes(r["public_key"]) if r["public_key"] is not None else None, r["key_id"],
                   bytes(r["signing_key"]) if r["signing_key"] is not None else None)
            for r in rows]


def _audience(members: Iterable[Holder], audience: str, author_id: str) -> list[Holder]:
    """Who the audience names among the group's current members (with or without a key)."""
    if audience == "me":
        return [m for m in members if m.user_id == author_id]
    if audience == "facilitators":
        return [m for m in members if m.user_id == author_id or m.role == "facilitator"]
    return list(members)


def _check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise bad_request("Choose who can read the note: 'me', 'facilitators' or 'group'.",
                          "bad_audience")
    return audience


async def _session(svc: Services, session_id: str) -> sqlite3.Row:
    row = await svc.db.fetch_one("SELECT id, group_id FROM sessions WHERE id = ?", (session_id,))
    if row is None:
        raise not_found("session_unknown", "There is no such session. Check the link.")
    return row


async def _note(svc: Services, note_id: str) -> sqlite3.Row:
    row = await svc.db.fetch_one(
        "SELECT n.*, u.display_name AS author_name FROM notes n JOIN users u ON u.id = n.author_id"
        " WHERE n.id = ?",
        (note_id,),
    )
    if row is None:
        raise not_found("note_unknown", "This note does not exist, or it has been deleted.")
    return row


async def _my_key_id(svc: Services, user_id: str) -> str | None:
    found: str | None = await svc.db.fetch_value(
        "SELECT key_id FROM identity_keys WHERE user_id = ?", (user_id,))
    return found


def _not_shared() -> AppError:
    return forbidden("not_shared_with_you", "This note has not been shared with you.")


async def _notify(svc: Services, session_id: str, user_ids: Iterable[str]) -> None:
    """Tell readers' open pages to fetch the list again. The event carries no note and no id."""
    for user_id in sorted(set(user_ids)):
        await svc.sio.emit("notes_changed", {"session_id": session_id}, room=user_room(user_id))


def _structure(text: str) -> env.Envelope:
    try:
        return env.validate_structure(text)
    except env.EnvelopeError as err:
        # The envelope module's code says exactly what is wrong; the message says what to do.
        raise AppError(err.code, f"This note could not be stored: {err.message}", 400) from None


# --- identity keys --------------------------------------------------------------------------


async def register_key(svc: Services, user: User, public_key: str, backup: str, *,
                       replace: bool = False, signing_key: str | None = None) -> dict[str, Any]:
    """Store my public key and my passphrase-sealed key backup.

    The same key again just replaces the backup (a new passphrase). A different key replaces the
    old one only with `replace`: notes sealed to the old key cannot be opened with the new one, so
    a second browser must never do it by accident (`key_exists`).
    """
    try:
        pub = env.validate_public_key(env.b64u_decode(public_key, env.KEY_BYTES))
    except env.EnvelopeError:
        raise bad_request("The public key is not a usable 32-byte X25519 key.",
                          "bad_key") from None
    try:
        sealed = env.validate_backup(backup)
    except env.EnvelopeError as err:
        raise bad_request(f"The key backup is not in the expected form ({err.code}).",
                          "bad_backup") from None
    kid = env.key_id(pub)
    if sealed.kid != kid:
        raise bad_request("The key backup is for a different key.", "backup_mismatch")
    signing = None
    if signing_key is not None:
        try:
            signing = env.validate_signing_key(env.b64u_decode(signing_key, env.KEY_BYTES))
        except env.EnvelopeError:
            raise bad_request("The signing key is not a 32-byte Ed25519 key.",
                              "bad_key") from None
    now = svc.clock.now()
    async with svc.db.write() as conn:
        async with conn.execute("SELECT key_id FROM identity_keys WHERE user_id = ?",
                                (user.id,)) as cur:
            existing = await cur.fetchone()
        if existing is not None and existing["key_id"] != kid and not replace:
            raise AppError("key_exists", "You already have a notes key. Restore it with your "
                           "recovery passphrase, or choose to start again with a new key.", 409)
        try:
            await conn.execute(
                "INSERT INTO identity_keys (user_id, public_key, key_id, backup, signing_key,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id)"
                " DO UPDATE SET public_key = excluded.public_key, key_id = excluded.key_id,"
                " backup = excluded.backup, updated_at = excluded.updated_at,"
                " signing_key = COALESCE(excluded.signing_key, CASE WHEN"
                " identity_keys.key_id = excluded.key_id THEN identity_keys.signing_key END)",
                (user.id, pub, kid, backup, signing, now, now),
            )
        except sqlite3.IntegrityError:
            raise AppError("key_in_use", "This key already belongs to someone else.",
                           409) from None
    return {"key_id": kid, "fingerprint": env.fingerprint(pub),
            "replaced": existing is not None and existing["key_id"] != kid}


async def my_key(svc: Services, user: User) -> dict[str, Any] | None:
    """My public key, its fingerprint and my key backup blob; None before I have set one up."""
    row = await svc.db.fetch_one(
        "SELECT public_key, key_id, backup, signing_key, updated_at FROM identity_keys"
        " WHERE user_id = ?", (user.id,))
    if row is None:
        return None
    pub = bytes(row["public_key"])
    signing = bytes(row["signing_key"]) if row["signing_key"] is not None else None
    return {"public_key": env.b64u_encode(pub), "key_id": row["key_id"],
            "fingerprint": env.fingerprint(pub), "backup": row["backup"],
            "signing_key": env.b64u_encode(signing) if signing else None,
            "updated_at": row["updated_at"]}


async def group_keys(svc: Services, user: User, group_id: str) -> dict[str, Any]:
    """Every current member's public key and fingerprint, for comparing safety numbers."""
    check(await group_roles(svc, user, group_id), Action.READ_NOTES)
    members = await _members(svc.db.fetch_all, group_id)
    return {"group_id": group_id, "members": [m.public() for m in members]}


async def recipients(svc: Services, user: User, session_id: str,
                     audience: str) -> dict[str, Any]:
    """The public keys a note for `audience` must be sealed to, exactly, as of now."""
    _check_audience(audience)
    session = await _session(svc, session_id)
    check(await group_roles(svc, user, session["group_id"]), Action.WRITE_NOTE)
    named = _audience(await _members(svc.db.fetch_all, session["group_id"]), audience, user.id)
    return {
        "session_id": session_id, "group_id": session["group_id"], "audience": audience,
        "recipients": [m.public() for m in named if m.key_id],
        "without_key": [{"user_id": m.user_id, "display_name": m.display_name}
                        for m in named if not m.key_id],
    }


# --- notes ----------------------------------------------------------------------------------


def _view(row: sqlite3.Row, readers: set[str], members: list[Holder], user: User,
          ) -> dict[str, Any]:
    named = _audience(members, row["audience"], row["author_id"])
    return {
        "id": row["id"],
        "session_id": row["session_id"],
        "group_id": row["group_id"],
        "author_id": row["author_id"],
        "author_name": row["author_name"],
        "audience": row["audience"],
        "created_at": row["created_at"],
        "envelope": row["envelope"],
        "mine": row["author_id"] == user.id,
        "shared_with": [{"user_id": m.user_id, "display_name": m.display_name}
                        for m in members if m.key_id in readers],
        # Entitled now but without a stanza: joined, or set up a key, after the note was written.
        "missing": [m.public() for m in named if m.key_id and m.key_id not in readers],
    }


async def write_note(svc: Services, user: User, session_id: str, note_id: str, audience: str,
                     envelope: str) -> tuple[dict[str, Any], bool]:
    """Store a sealed note; returns (note, True), or (note, False) for an identical resend.

    Checks, storing nothing on any failure: the id's shape, the envelope's structure, that it was
    sealed for this note id and this session's group, that the author is a member of the group
    and not removed from the session, and that its stanzas are for exactly the audience's current
    members with keys (`wrong_recipients` otherwise: someone joined or left while the author
    wrote; fetch the recipients again and seal again).
    """
    if not NOTE_ID.fullmatch(note_id):
        raise bad_request("A note id is 22 characters of base64url, drawn at random.",
                          "bad_note_id")
    _check_audience(audience)
    session = await _session(svc, session_id)
    group_id = session["group_id"]
    check(await group_roles(svc, user, group_id), Action.WRITE_NOTE)
    sealed = _structure(envelope)
    if sealed.note_id != note_id or sealed.group_id != group_id:
        raise bad_request("This note was sealed for another note or group.", "misfiled")
    if sealed.version == env.SIGNED_VERSION and (
            sealed.session_id != session_id or sealed.audience != audience
            or sealed.signed != len(sealed.stanzas)):
        raise bad_request("This note was signed for another session or audience.", "misfiled")
    now = svc.clock.now()
    async with svc.db.write() as conn:
        query = partial(_fetch, conn)
        found = await query(
            "SELECT n.*, u.display_name AS author_name FROM notes n"
            " JOIN users u ON u.id = n.author_id WHERE n.id = ?", (note_id,))
        if found:
            same = found[0]
            if (same["author_id"], same["session_id"], same["envelope"]) == (
                    user.id, session_id, envelope):
                members = await _members(query, group_id)
                return _view(same, set(sealed.key_ids), members, user), False
            raise AppError("note_exists", "A note with this id already exists.", 409)
        status = await query("SELECT status FROM participants WHERE session_id = ? AND user_id = ?",
                             (session_id, user.id))
        if status and status[0]["status"] in (REMOVED, TURNED_AWAY):
            raise forbidden("removed", "You are no longer part of this session, so you cannot "
                            "write notes in it.")
        members = await _members(query, group_id)
        readers = [m for m in _audience(members, audience, user.id) if m.key_id]
        if not any(m.user_id == user.id for m in readers):
            raise AppError("no_key", "Set up your notes key before you write a note.", 409)
        expected = {m.key_id for m in readers}
        got = set(sealed.key_ids)
        if got != expected:
            raise AppError(
                "wrong_recipients",
                "The people who can read this note changed while you were writing. "
                "Please save it again.", 409,
                details={"missing": sorted(k for k in expected - got if k),
                         "unexpected": sorted(got - expected)})
        await conn.execute(
            "INSERT INTO notes (id, session_id, group_id, author_id, audience, envelope,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (note_id, session_id, group_id, user.id, audience, envelope, now))
        await conn.executemany("INSERT INTO note_readers (note_id, key_id) VALUES (?, ?)",
                               [(note_id, kid) for kid in sealed.key_ids])
        stored = (await query(
            "SELECT n.*, u.display_name AS author_name FROM notes n"
            " JOIN users u ON u.id = n.author_id WHERE n.id = ?", (note_id,)))[0]
    await _notify(svc, session_id, [m.user_id for m in readers])
    return _view(stored, got, members, user), True


async def list_notes(svc: Services, user: User, session_id: str) -> dict[str, Any]:
    """The session's notes that have a stanza for my current key, oldest first.

    Notes not shared with me are not listed at all: not even their number is revealed.
    """
    session = await _session(svc, session_id)
    group_id = session["group_id"]
    check(await group_roles(svc, user, group_id), Action.READ_NOTES)
    my_kid = await _my_key_id(svc, user.id)
    base = {"session_id": session_id, "group_id": group_id, "key_id": my_kid}
    if my_kid is None:
        return {**base, "notes": []}
    rows = await svc.db.fetch_all(
        "SELECT n.*, u.display_name AS author_name FROM notes n"
        " JOIN note_readers r ON r.note_id = n.id AND r.key_id = ?"
        " JOIN users u ON u.id = n.author_id WHERE n.session_id = ?"
        " ORDER BY n.created_at, n.rowid",
        (my_kid, session_id))
    readers: dict[str, set[str]] = {}
    for r in await svc.db.fetch_all(
        "SELECT r.note_id, r.key_id FROM note_readers r JOIN notes n ON n.id = r.note_id"
        " WHERE n.session_id = ? AND EXISTS (SELECT 1 FROM note_readers mine"
        " WHERE mine.note_id = n.id AND mine.key_id = ?)",
        (session_id, my_kid),
    ):
        readers.setdefault(r["note_id"], set()).add(r["key_id"])
    members = await _members(svc.db.fetch_all, group_id)
    return {**base, "notes": [_view(row, readers.get(row["id"], set()), members, user)
                              for row in rows]}


async def get_note(svc: Services, user: User, note_id: str) -> dict[str, Any]:
    """One note, if it has a stanza for my key; `not_shared_with_you` (403) otherwise."""
    row = await _note(svc, note_id)
    check(await group_roles(svc, user, row["group_id"]), Action.READ_NOTES)
    my_kid = await _my_key_id(svc, user.id)
    readers = {r["key_id"] for r in await svc.db.fetch_all(
        "SELECT key_id FROM note_readers WHERE note_id = ?", (note_id,))}
    if my_kid is None or my_kid not in readers:
        raise _not_shared()
    return _view(row, readers, await _members(svc.db.fetch_all, row["group_id"]), user)


async def add_reader(svc: Services, user: User, note_id: str, envelope: str) -> dict[str, Any]:
    """A current reader gives a later member access: the envelope gains one stanza, nothing else.

    The server checks what it can without a key: same ids, nonce and body byte for byte, the old
    stanzas unchanged and in place, exactly one stanza appended, and that stanza for the current
    key of someone the note's audience names now. (Whether that stanza wraps the right note key
    only the new reader can tell; a wrong one gives them "could not open", never someone else's
    note.)
    """
    row = await _note(svc, note_id)
    check(await group_roles(svc, user, row["group_id"]), Action.SHARE_NOTE)
    my_kid = await _my_key_id(svc, user.id)
    if my_kid is None or await svc.db.fetch_value(
            "SELECT 1 FROM note_readers WHERE note_id = ? AND key_id = ?",
            (note_id, my_kid)) is None:
        raise _not_shared()
    proposed = _structure(envelope)
    async with svc.db.write() as conn:
        query = partial(_fetch, conn)
        current_rows = await query("SELECT envelope, audience, author_id, group_id, session_id"
                                   " FROM notes WHERE id = ?", (note_id,))
        if not current_rows:
            raise not_found("note_unknown", "This note does not exist, or it has been deleted.")
        current = current_rows[0]
        if current["envelope"] == envelope:
            return {"id": note_id, "added": None}
        stored = env.validate_structure(current["envelope"])
        # Everything but the stanza list must be byte for byte the same (version 2: the signed
        # header too, so a rewrap can never re-sign or re-label a note).
        if (proposed.note_id, proposed.group_id, proposed.nonce, proposed.ct,
                proposed.session_id, proposed.audience, proposed.author, proposed.signed,
                proposed.sig) != (stored.note_id, stored.group_id, stored.nonce, stored.ct,
                                  stored.session_id, stored.audience, stored.author,
                                  stored.signed, stored.sig):
            raise bad_request("Giving access may only add a reader; this would change the note.",
                              "not_a_rewrap")
        base = proposed.stanzas[:-1]
        if len(proposed.stanzas) != len(stored.stanzas) + 1 or base != stored.stanzas:
            # Stanzas are only ever appended, so an older version of the note is a prefix of
            # the stored one: that is a race with another reader, not a bad request.
            if len(base) < len(stored.stanzas) and stored.stanzas[:len(base)] == base:
                raise AppError("note_changed", "Someone else changed who can read this note "
                               "just now. Please try again.", 409)
            raise bad_request("Giving access may only add one reader and must keep the others.",
                              "not_a_rewrap")
        added = proposed.key_ids[-1]
        members = await _members(query, current["group_id"])
        entitled = {m.key_id: m for m in _audience(members, current["audience"],
                                                    current["author_id"]) if m.key_id}
        if added not in entitled:
            raise forbidden("not_entitled", "That person is not someone this note may be "
                            "shared with.")
        _check_grant(stored, proposed)
        await conn.execute("UPDATE notes SET envelope = ? WHERE id = ?", (envelope, note_id))
        await conn.execute("INSERT INTO note_readers (note_id, key_id) VALUES (?, ?)",
                           (note_id, added))
    await _notify(svc, current["session_id"], [entitled[added].user_id])
    return {"id": note_id, "added": entitled[added].public()}


def _check_grant(stored: env.Envelope, proposed: env.Envelope) -> None:
    """Version 2: the added stanza carries a grant that verifies, and the earlier grants are
    kept as they were (docs/notes-envelope.md, *Grants*). Readers check the signatures
    themselves; this keeps unsigned additions out of the store."""
    if stored.version != env.SIGNED_VERSION:
        return
    if proposed.grants[:-1] != stored.grants or len(proposed.grants) != len(stored.grants) + 1 \
            or proposed.grants[-1].kid != proposed.stanzas[-1].kid:
        raise bad_request("Giving access must be signed by whoever gives it.", "unsigned_grant")
    env.verify_grants(proposed)


async def delete_note(svc: Services, user: User, note_id: str) -> None:
    """The author deletes their note: the row goes (secure_delete overwrites it on disk)."""
    row = await _note(svc, note_id)
    check(await group_roles(svc, user, row["group_id"]), Action.WRITE_NOTE)
    if row["author_id"] != user.id:
        raise forbidden("not_your_note", "Only the author of a note can delete it.")
    readers = [r["user_id"] for r in await svc.db.fetch_all(
        "SELECT k.user_id FROM note_readers r JOIN identity_keys k ON k.key_id = r.key_id"
        " WHERE r.note_id = ?", (note_id,))]
    async with svc.db.write() as conn:
        await conn.execute("DELETE FROM notes WHERE id = ? AND author_id = ?", (note_id, user.id))
    await _notify(svc, row["session_id"], readers)
