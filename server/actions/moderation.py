"""Facilitator controls inside a session: lock, mute, remove, redact, the raise-hand queue,
and the private "I need a pause" signal."""

from __future__ import annotations

from typing import Any

from server import validate
from server.actions import presence, rooms
from server.actions.accounts import User
from server.actions.live import ADMITTED, REMOVED, LiveSession
from server.actions.session_flow import broadcast, hands_view
from server.errors import AppError, bad_request, not_found
from server.keys import Services
from server.permissions import Action, check

PAUSE_ACK = ("Your facilitators have been told, privately. Nobody else knows. "
             "Take the time you need.")


async def send_presence(svc: Services, live: LiveSession) -> list[dict[str, Any]]:
    """Tell the room who is in it now; returns the list sent."""
    members = await rooms.presence_list(svc, live)
    await svc.sio.emit("presence", {"session_id": live.session_id, "members": members},
                       room=rooms.room_name(live.session_id))
    return members


async def lock(svc: Services, entry: rooms.RoomEntry, live: LiveSession, locked: bool) -> None:
    check(entry.roles, Action.LOCK_ROOM)
    if locked and live.flow.phase == "waiting":
        raise AppError("not_started", "Start the session before locking the room.", 409)
    await svc.db.execute_write("UPDATE sessions SET locked = ? WHERE id = ?",
                               (locked, live.session_id))
    live.locked = locked
    await svc.rooms.changed(svc, live)
    await broadcast(svc, live)


def _member(live: LiveSession, user_id: str, what: str) -> Any:
    person = live.participants.get(user_id)
    if person is None or person.status != ADMITTED:
        raise not_found("not_in_session", "That person is not in this session.")
    if person.role == "facilitator":
        raise AppError("facilitator_protected", f"Facilitators cannot {what} each other.", 403)
    return person


async def mute(svc: Services, entry: rooms.RoomEntry, live: LiveSession,
               user_id: str | None, muted: bool) -> None:
    """Mute one member, or with no user_id everyone except facilitators; or lift it."""
    check(entry.roles, Action.MUTE)
    if user_id is None:
        await svc.db.execute_write("UPDATE sessions SET muted_all = ? WHERE id = ?",
                                   (muted, live.session_id))
        live.muted_all = muted
        await svc.rooms.changed(svc, live)
        await broadcast(svc, live)
    else:
        person = _member(live, user_id, "mute")
        await svc.db.execute_write(
            "UPDATE participants SET muted = ?, updated_at = ? WHERE session_id = ?"
            " AND user_id = ?", (muted, svc.clock.now(), live.session_id, user_id))
        person.muted = muted
        await svc.rooms.changed(svc, live)
        await svc.sio.emit("muted", {"session_id": live.session_id, "muted": muted},
                           room=rooms.user_room(user_id))
    await send_presence(svc, live)


async def remove(svc: Services, entry: rooms.RoomEntry, live: LiveSession, user_id: str) -> None:
    """Remove a member from this session; they cannot rejoin it."""
    check(entry.roles, Action.REMOVE_MEMBER)
    person = _member(live, user_id, "remove")
    await svc.db.execute_write(
        "UPDATE participants SET status = ?, updated_at = ? WHERE session_id = ? AND user_id = ?",
        (REMOVED, svc.clock.now(), live.session_id, user_id))
    person.status = REMOVED
    live.hands = [h for h in live.hands if h[0] != user_id]
    await svc.rooms.changed(svc, live)
    await svc.sio.emit("removed", {"session_id": live.session_id,
                                   "message": "A facilitator has removed you from this session."},
                       room=rooms.user_room(user_id))
    await rooms.withdraw(svc, user_id, rooms.room_name(live.session_id))
    await presence.evict(svc, live.session_id, user_id)
    await send_presence(svc, live)


async def redact(svc: Services, entry: rooms.RoomEntry, live: LiveSession, seq: int) -> None:
    """Replace a message's text for everyone and delete it from the store."""
    check(entry.roles, Action.REDACT)
    async with svc.db.write() as conn:
        cur = await conn.execute(
            "UPDATE messages SET body = NULL, redacted_at = ? WHERE session_id = ?"
            " AND channel = 'group' AND seq = ? AND redacted_at IS NULL",
            (svc.clock.now(), live.session_id, seq))
        if cur.rowcount == 0:
            raise not_found("message_unknown", "That message does not exist or is already removed.")
    # secure_delete zeroed the old page in the main file; checkpointing clears the WAL's copy.
    await svc.db.checkpoint()
    await svc.sio.emit("redacted", {"session_id": live.session_id, "seq": seq},
                       room=rooms.room_name(live.session_id))


async def raise_hand(svc: Services, entry: rooms.RoomEntry, live: LiveSession, user: User,
                     raised: bool) -> dict[str, Any]:
    check(entry.roles, Action.RAISE_HAND)
    live.hands = [h for h in live.hands if h[0] != user.id]
    if raised:
        live.hands.append((user.id, svc.clock.now()))
    await svc.rooms.changed(svc, live)
    await svc.sio.emit("hands", {"session_id": live.session_id, "hands": hands_view(live)},
                       room=rooms.facilitators_room(live.session_id))
    position = next((i + 1 for i, h in enumerate(live.hands) if h[0] == user.id), None)
    return {"raised": raised, "position": position}


async def give_floor(svc: Services, entry: rooms.RoomEntry, live: LiveSession,
                     user_id: str) -> None:
    check(entry.roles, Action.GIVE_FLOOR)
    if not any(h[0] == user_id for h in live.hands):
        raise not_found("hand_not_raised", "That person's hand is not raised.")
    live.hands = [h for h in live.hands if h[0] != user_id]
    await svc.rooms.changed(svc, live)
    await svc.sio.emit("floor", {"session_id": live.session_id, "user_id": user_id,
                                 "display_name": live.display_name(user_id)},
                       room=rooms.room_name(live.session_id))
    await svc.sio.emit("hands", {"session_id": live.session_id, "hands": hands_view(live)},
                       room=rooms.facilitators_room(live.session_id))


async def signal_pause(svc: Services, entry: rooms.RoomEntry, live: LiveSession, user: User,
                       note: str | None) -> dict[str, str]:
    """Tell only the facilitators, privately, that a member needs a pause."""
    check(entry.roles, Action.SIGNAL_PAUSE)
    if note is not None:
        note = validate.clean_text(note, "note", 280) if note.strip() else None
    signal = {"user_id": user.id, "display_name": user.display_name, "note": note,
              "at": svc.clock.now()}
    live.pauses.append(signal)
    await svc.rooms.changed(svc, live)
    await svc.sio.emit("pause_signal", {"session_id": live.session_id, **signal},
                       room=rooms.facilitators_room(live.session_id))
    return {"message": PAUSE_ACK}


def parse_target(data: Any) -> str | None:
    target = validate.optional(data, "user_id", str, None)
    if target is not None and not target:
        raise bad_request("Say whom this is for.", "bad_payload")
    return target
