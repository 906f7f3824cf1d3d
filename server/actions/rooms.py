"""Rooms: who is in which open session, and the chat that survives reconnects.

Every message gets a per-session, per-channel sequence number inside the write transaction that
stores it, so the store's order is the order everyone sees. A client that reconnects asks for
everything after the last number it saw and gets exactly that: nothing lost, nothing twice. A
resend with the same client id returns the stored message instead of storing it again.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server import validate
from server.actions.accounts import User
from server.actions.groups import group_roles
from server.actions.live import LiveSession
from server.actions.live import load as load_live
from server.crypto import at_rest
from server.errors import AppError, not_found
from server.keys import Services
from server.permissions import Action, Role, check

GROUP = "group"
HISTORY_LIMIT = 1000
CHANNEL_CLASS = {GROUP: "chat", "facilitators": "facilitators"}


def room_name(session_id: str) -> str:
    """Everyone admitted to the session."""
    return f"s:{session_id}"


def waiting_room(session_id: str) -> str:
    """People waiting to be admitted: they see the phase, nothing of the conversation."""
    return f"w:{session_id}"


def facilitators_room(session_id: str) -> str:
    return f"f:{session_id}"


def user_room(user_id: str) -> str:
    """All of one person's sockets (they may have two tabs open)."""
    return f"u:{user_id}"


async def withdraw(svc: Services, user_id: str, room: str) -> None:
    """Take every socket of one person out of a room now, so no further event reaches them."""
    for sid, _ in list(svc.sio.manager.get_participants("/", user_room(user_id))):
        await svc.sio.leave_room(sid, room)


@dataclass(frozen=True)
class Occupant:
    user_id: str
    display_name: str
    role: str


@dataclass(frozen=True)
class RoomEntry:
    """What a member is granted on entering a room; kept in their socket session."""

    session_id: str
    group_id: str
    title: str
    group_name: str
    roles: frozenset[Role]

    @property
    def role(self) -> str:
        return "facilitator" if Role.FACILITATOR in self.roles else "member"


class Rooms:
    """Live state of this process's rooms. Rebuilt from the store on demand after a restart."""

    def __init__(self) -> None:
        # session -> user -> number of that user's open sockets (a user may have two tabs)
        self._present: dict[str, dict[str, int]] = defaultdict(dict)
        self._occupants: dict[str, dict[str, Occupant]] = defaultdict(dict)
        self.last_seq: dict[tuple[str, str], int] = {}
        self._keys: dict[tuple[str, str], AESGCM] = {}
        self._live: dict[str, LiveSession] = {}

    async def live(self, svc: Services, session_id: str) -> LiveSession:
        """The session's live state, rebuilt from the store on first use after a restart."""
        found = self._live.get(session_id)
        if found is None:
            found = await load_live(svc, session_id)
            # Another coroutine may have loaded it while we awaited: keep the first copy.
            found = self._live.setdefault(session_id, found)
        return found

    def arrive(self, session_id: str, occupant: Occupant) -> bool:
        """Count one more socket of this user; True when they were not present before."""
        counts = self._present[session_id]
        counts[occupant.user_id] = counts.get(occupant.user_id, 0) + 1
        self._occupants[session_id][occupant.user_id] = occupant
        return counts[occupant.user_id] == 1

    def depart(self, session_id: str, user_id: str) -> bool:
        """Count one socket fewer; True when the user has now left altogether."""
        counts = self._present.get(session_id, {})
        if user_id not in counts:
            return False
        counts[user_id] -= 1
        if counts[user_id] > 0:
            return False
        del counts[user_id]
        self._occupants[session_id].pop(user_id, None)
        return True

    def evict(self, session_id: str, user_id: str) -> None:
        """Drop a user from presence whatever their socket count (they were removed)."""
        self._present.get(session_id, {}).pop(user_id, None)
        self._occupants.get(session_id, {}).pop(user_id, None)

    def presence(self, session_id: str, live: LiveSession | None = None) -> list[dict[str, Any]]:
        people = sorted(self._occupants.get(session_id, {}).values(),
                        key=lambda o: (o.role != "facilitator", o.display_name.lower()))
        out: list[dict[str, Any]] = [asdict(o) for o in people]
        if live is not None:
            for item in out:
                p = live.participants.get(item["user_id"])
                item["muted"] = bool(p and p.muted)
        return out

    def forget(self, session_id: str) -> None:
        """Drop everything cached for a session (it ended, or its keys were destroyed)."""
        self._present.pop(session_id, None)
        self._occupants.pop(session_id, None)
        self._live.pop(session_id, None)
        for key in [k for k in self.last_seq if k[0] == session_id]:
            del self.last_seq[key]
        for key in [k for k in self._keys if k[0] == session_id]:
            del self._keys[key]

    async def data_key(self, svc: Services, session_id: str, channel: str) -> AESGCM:
        cache_key = (session_id, CHANNEL_CLASS[channel])
        key = self._keys.get(cache_key)
        if key is None:
            raw = await svc.keystore.fetch_value(
                "SELECT data_key FROM session_keys WHERE session_id = ? AND class = ?", cache_key
            )
            if raw is None:
                raise AppError("history_gone", "This session's chat has been deleted.", 410)
            key = self._keys[cache_key] = AESGCM(raw)
        return key


async def enter(svc: Services, user: User, session_id: str) -> RoomEntry:
    """Check that `user` may join the room of `session_id` now, and say on what terms."""
    row = await svc.db.fetch_one(
        "SELECT s.*, g.name AS group_name FROM sessions s JOIN groups g ON g.id = s.group_id"
        " WHERE s.id = ?",
        (session_id,),
    )
    if row is None:
        raise not_found("session_unknown", "There is no such session. Check the link.")
    roles = await group_roles(svc, user, row["group_id"])
    check(roles, Action.JOIN_ROOM)
    if row["state"] != "open":
        raise AppError("session_not_open",
                       "This session has ended. Its room is closed.", 409)
    return RoomEntry(session_id, row["group_id"], row["title"], row["group_name"], roles)


async def history(
    svc: Services, session_id: str, since_seq: int, channel: str = GROUP
) -> list[dict[str, Any]]:
    """Messages after `since_seq`, in order, decrypted for a member who is in the room."""
    rows = await svc.db.fetch_all(
        "SELECT m.seq, m.client_id, m.author_id, u.display_name, m.body, m.created_at,"
        " m.redacted_at FROM messages m JOIN users u ON u.id = m.author_id"
        " WHERE m.session_id = ? AND m.channel = ? AND m.seq > ? ORDER BY m.seq LIMIT ?",
        (session_id, channel, since_seq, HISTORY_LIMIT),
    )
    if not rows:
        return []
    key = await svc.rooms.data_key(svc, session_id, channel)
    return [_message(session_id, channel, row, key) for row in rows]


def _message(session_id: str, channel: str, row: sqlite3.Row, key: AESGCM) -> dict[str, Any]:
    redacted = row["redacted_at"] is not None
    return {
        "seq": row["seq"],
        "id": row["client_id"],
        "channel": channel,
        "author_id": row["author_id"],
        "author_name": row["display_name"],
        "text": "" if redacted else at_rest.unseal(key, session_id, channel, row["seq"],
                                                   row["body"]),
        "redacted": redacted,
        "at": row["created_at"],
    }


async def post(
    svc: Services, user: User, entry: RoomEntry, client_id: str, text: str, channel: str = GROUP
) -> tuple[dict[str, Any], bool]:
    """Store a message once and return it with True if it is new (False for a resend)."""
    client_id = validate.client_id(client_id)
    text = validate.message_text(text)
    key = await svc.rooms.data_key(svc, entry.session_id, channel)
    seq_key = (entry.session_id, channel)
    now = svc.clock.now()
    try:
        async with svc.db.write() as conn:
            async with conn.execute(
                "SELECT m.*, ? AS display_name FROM messages m"
                " WHERE session_id = ? AND author_id = ? AND client_id = ?",
                (user.display_name, entry.session_id, user.id, client_id),
            ) as cur:
                existing = await cur.fetchone()
            if existing is not None:
                return _message(entry.session_id, existing["channel"], existing, key), False
            seq = svc.rooms.last_seq.get(seq_key)
            if seq is None:
                async with conn.execute(
                    "SELECT COALESCE(MAX(seq), 0) FROM messages"
                    " WHERE session_id = ? AND channel = ?",
                    seq_key,
                ) as cur:
                    seq = int((await cur.fetchone())[0])  # type: ignore[index]
            seq += 1
            await conn.execute(
                "INSERT INTO messages (session_id, seq, channel, client_id, author_id, body,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry.session_id, seq, channel, client_id, user.id,
                 at_rest.seal(key, entry.session_id, channel, seq, text), now),
            )
            # Advanced under the writer lock, so the next writer cannot reuse the number.
            svc.rooms.last_seq[seq_key] = seq
    except BaseException:
        # The transaction rolled back: forget the counter so it is re-read from the store.
        svc.rooms.last_seq.pop(seq_key, None)
        raise
    message = {
        "seq": seq, "id": client_id, "channel": channel, "author_id": user.id,
        "author_name": user.display_name, "text": text, "redacted": False, "at": now,
    }
    return message, True
