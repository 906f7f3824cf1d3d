"""Rooms: who is in which open session, and the chat that survives reconnects.

Every message gets a per-session, per-channel sequence number inside the write transaction that
stores it, so the store's order is the order everyone sees. A client that reconnects asks for
everything after the last number it saw and gets exactly that: nothing lost, nothing twice. A
resend with the same client id returns the stored message instead of storing it again.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server import payloads
from server.actions import presence
from server.actions.accounts import User
from server.actions.live import LiveSession
from server.actions.live import load as load_live
from server.actions.roles import group_roles
from server.crypto import at_rest
from server.errors import AppError, bad_request, not_found
from server.keys import Services
from server.permissions import Action, Role, check

GROUP = payloads.GROUP
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
    """Take every socket of one person out of a room now, so no further event reaches them,
    whichever worker holds the socket."""
    await withdraw_here(svc, user_id, room)
    await svc.cluster.tell("withdraw", user=user_id, room=room)


async def withdraw_here(svc: Services, user_id: str, room: str) -> None:
    for sid, _ in list(svc.sio.manager.get_participants("/", user_room(user_id))):
        await svc.sio.leave_room(sid, room)


@dataclass(frozen=True, slots=True)  # one per member in a room: no per-instance __dict__
class RoomEntry:
    """What a member is granted on entering a room; kept in their socket session. The session's
    title and group name are read from its LiveSession, which every member shares."""

    session_id: str
    group_id: str
    roles: frozenset[Role]

    @property
    def role(self) -> str:
        return "facilitator" if Role.FACILITATOR in self.roles else "member"


class Rooms:
    """This process's cached live state of open sessions, rebuilt from the store on demand.

    With several workers, every change is written to the store first; then the worker that
    made it and every other worker re-read the session from the store into their cached object
    (`changed`). Re-reads of one session take turns, so the last one applied is the last one
    read: every worker ends with what the store holds.
    """

    def __init__(self, *, clustered: bool = False) -> None:
        # With one writer process the next number can be kept here; with several, another
        # process may have taken it, so it is read inside each write transaction instead.
        self._clustered = clustered
        self.last_seq: dict[tuple[str, str], int] = {}
        self._keys: dict[tuple[str, str], AESGCM] = {}
        self._live: dict[str, LiveSession] = {}
        # Raised hands and pause signals are not stored; another worker hands them over.
        self._handed_over: dict[str, dict[str, Any]] = {}
        self._rereads: dict[str, asyncio.Lock] = {}
        self._told: dict[str, int] = {}  # notices heard per session, to catch one mid-load

    async def live(self, svc: Services, session_id: str) -> LiveSession:
        """The session's live state, rebuilt from the store on first use after a restart."""
        found = self._live.get(session_id)
        while found is None:
            told = self._told.get(session_id, 0)
            loaded = await load_live(svc, session_id)
            if self._told.get(session_id, 0) != told:
                continue  # another worker changed it while we read: read again
            transient = self._handed_over.pop(session_id, None)
            if transient is not None:
                loaded.hands = [(h[0], h[1]) for h in transient["hands"]]
                loaded.pauses = list(transient["pauses"])
                loaded.floor = _floor(transient.get("floor"))
            # Another coroutine may have loaded it while we awaited: keep the first copy.
            found = self._live.setdefault(session_id, loaded)
        return found

    async def changed(self, svc: Services, live: LiveSession) -> None:
        """The session's live state changed here and is stored: bring every worker's copy,
        this one's included, to what the store holds."""
        if not self._clustered:
            return  # one process: the cached object is the only copy, and already changed
        await self._reread(svc, live.session_id)
        await svc.cluster.tell("live", session=live.session_id, hands=live.hands,
                               pauses=live.pauses, floor=live.floor)

    async def on_live_changed(self, svc: Services, message: dict[str, Any]) -> None:
        session_id = str(message["session"])
        self._told[session_id] = self._told.get(session_id, 0) + 1
        hands = [(h[0], h[1]) for h in message.get("hands") or []]
        pauses = list(message.get("pauses") or [])
        floor = _floor(message.get("floor"))
        found = self._live.get(session_id)
        if found is None:
            self._handed_over[session_id] = {"hands": hands, "pauses": pauses, "floor": floor}
            return
        found.hands, found.pauses, found.floor = hands, pauses, floor
        await self._reread(svc, session_id)

    async def _reread(self, svc: Services, session_id: str) -> None:
        async with self._rereads.setdefault(session_id, asyncio.Lock()):
            found = self._live.get(session_id)
            if found is not None:
                found.adopt(await load_live(svc, session_id))

    async def closed(self, svc: Services, session_id: str) -> None:
        """The session ended or its keys were destroyed: every worker forgets it."""
        self.forget(session_id)
        await svc.cluster.tell("closed", session=session_id)

    async def on_closed(self, message: dict[str, Any]) -> None:
        self.forget(str(message["session"]))

    def forget(self, session_id: str) -> None:
        """Drop everything cached for a session here."""
        self._live.pop(session_id, None)
        self._handed_over.pop(session_id, None)
        self._rereads.pop(session_id, None)
        self._told.pop(session_id, None)
        for key in [k for k in self.last_seq if k[0] == session_id]:
            del self.last_seq[key]
        for key in [k for k in self._keys if k[0] == session_id]:
            del self._keys[key]

    @property
    def caches_seq(self) -> bool:
        return not self._clustered

    def next_seq(self, seq_key: tuple[str, str]) -> int | None:
        """The last number given out in this channel, if this process may keep count."""
        return None if self._clustered else self.last_seq.get(seq_key)

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


def _floor(value: Any) -> tuple[str, str, int] | None:
    """The floor as another worker sent it (a JSON list), or None."""
    if not value:
        return None
    user_id, phase, case = value
    return (str(user_id), str(phase), int(case))


def cache(svc: Services) -> Rooms:
    """`svc.rooms` as the class it is: server/keys.py names it only by its shape."""
    assert isinstance(svc.rooms, Rooms)
    return svc.rooms


async def presence_list(svc: Services, live: LiveSession) -> list[dict[str, Any]]:
    """Who is in the room now, facilitators first, with each member's mute."""
    people = sorted(await presence.occupants(svc, live.session_id),
                    key=lambda o: (o.role != "facilitator", o.display_name.lower()))
    out: list[dict[str, Any]] = []
    for o in people:
        p = live.participants.get(o.user_id)
        out.append({**asdict(o), "muted": bool(p and p.muted)})
    return out


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
    # The ids come from the cached live session: a room's members share one copy of each.
    live = await cache(svc).live(svc, session_id)
    return RoomEntry(live.session_id, live.group_id, roles)


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


_INSERT = (
    "INSERT INTO messages (session_id, seq, channel, client_id, author_id, body, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, author_id, client_id) DO NOTHING"
)


def channel_for(entry: RoomEntry, channel: str) -> str:
    """The room's channel asked for: the group's, or the facilitators' for those allowed it."""
    if channel not in CHANNEL_CLASS:
        raise bad_request("Unknown channel.", "bad_channel")
    if channel != GROUP:
        check(entry.roles, Action.FACILITATOR_CHANNEL)
    return channel


async def post(
    svc: Services, user: User, entry: RoomEntry, sent: payloads.Send
) -> tuple[dict[str, Any], bool]:
    """Store a message once and return it with True if it is new (False for a resend).

    `sent` was checked against the text rules when it was parsed (server/payloads.py)."""
    check(entry.roles, Action.POST_MESSAGE)
    channel = channel_for(entry, sent.channel_named)
    client_id, text = sent.client_id, sent.text
    key = await svc.rooms.data_key(svc, entry.session_id, channel)
    now = svc.clock.now()

    def row(seq: int) -> tuple[Any, ...]:
        sealed = at_rest.seal(key, entry.session_id, channel, seq, text)
        return (entry.session_id, seq, channel, client_id, user.id, sealed, now)

    seq = await _store_once(svc, (entry.session_id, channel), row)
    if seq is None:  # a resend of a message already stored: answer with the stored one
        existing = await svc.db.fetch_one(
            "SELECT m.*, u.display_name FROM messages m JOIN users u ON u.id = m.author_id"
            " WHERE m.session_id = ? AND m.author_id = ? AND m.client_id = ?",
            (entry.session_id, user.id, client_id),
        )
        if existing is None:  # stored, then deleted by the sweeper in between
            raise AppError("history_gone", "This session's chat has been deleted.", 410)
        if existing["channel"] != channel:
            # The id was used in the other channel: that message is sealed under the other
            # channel's key (`key` cannot open it) and is no answer to this send.
            raise AppError("bad_client_id", "This message could not be sent. Please send it "
                           "again.", 400)
        return _message(entry.session_id, existing["channel"], existing, key), False
    message = {
        "seq": seq, "id": client_id, "channel": channel, "author_id": user.id,
        "author_name": user.display_name, "text": text, "redacted": False, "at": now,
    }
    return message, True


async def _store_once(
    svc: Services, seq_key: tuple[str, str], row: Callable[[int], tuple[Any, ...]]
) -> int | None:
    """Insert `row(seq)` under the channel's next number; None if its client id is stored."""
    async with svc.db.inline_writer() as conn:
        last = svc.rooms.next_seq(seq_key)
        if last is not None:
            # One process holds the counter: one self-committing statement on the event loop
            # stores the message, with no trip to a database thread.
            try:
                stored = conn.execute(_INSERT, row(last + 1)).rowcount
            except sqlite3.IntegrityError:
                svc.rooms.last_seq.pop(seq_key, None)  # the counter was wrong: re-read it
            except sqlite3.OperationalError:
                pass  # another process is writing: wait for it on the threaded path below
            else:
                if stored == 0:
                    return None
                svc.rooms.last_seq[seq_key] = last + 1
                return last + 1
    # Several workers (or a counter not read yet): the number comes from the store, inside the
    # same write transaction as the insert, so no two writers can take the same one.
    async with svc.db.write() as writer:
        async with writer.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM messages WHERE session_id = ? AND channel = ?",
            seq_key,
        ) as cur:
            seq = int((await cur.fetchone())[0]) + 1  # type: ignore[index]
        inserted = await writer.execute(_INSERT, row(seq))
        if inserted.rowcount == 0:
            return None
    if svc.rooms.caches_seq:  # only once committed; another writer may have gone past it
        svc.rooms.last_seq[seq_key] = max(seq, svc.rooms.last_seq.get(seq_key, 0))
    return seq
