"""Facilitator controls inside a session: lock, mute, remove, redact, the raise-hand queue,
the floor, and the private "I need a pause" signal with its private answer."""

from __future__ import annotations

import secrets
from typing import Any

from server import flow, validate
from server.actions import media, presence, rooms
from server.actions.accounts import User
from server.actions.live import ADMITTED, REMOVED, LiveSession
from server.actions.session_flow import broadcast, hands_view
from server.errors import AppError, not_found
from server.keys import Services
from server.permissions import Action, check, is_allowed, roles_for

PAUSE_ACK = ("Your facilitators have been told, privately. Nobody else knows. "
             "Take the time you need.")
REMOVED_MESSAGE = "A facilitator removed you from this session."
PAUSE_SEEN = "A facilitator has seen your request. Take the time you need."
# The longest note with a pause request, and reply to one (sent in the join acknowledgement).
MAX_PAUSE_NOTE_CHARS = 280


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
    if not is_allowed(roles_for(membership_role=person.role), Action.BE_MODERATED):
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
    await svc.sio.emit("removed", {"session_id": live.session_id, "message": REMOVED_MESSAGE},
                       room=rooms.user_room(user_id))
    await tell_hands(svc, live)
    await rooms.withdraw(svc, user_id, rooms.room_name(live.session_id))
    await media.removed(svc, live, user_id)  # their calls, and relay pass where coturn allows
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
    if raised and live.flow.presenter_user_id == user.id:
        # The chosen presenter either has the floor or is listening to the discussion: a hand
        # in the queue would only put their name among those waiting to speak.
        if not flow.presenter_may_post(live.flow):
            raise AppError("presenter_listening",
                           "You are listening while the group discusses your case, so there is "
                           "no hand to raise; the facilitator will invite you back to speak.", 403)
        raise AppError("presenter_has_floor",
                       "You are the presenter: the floor is yours, so there is no hand to raise.",
                       403)
    live.hands = [h for h in live.hands if h[0] != user.id]
    if raised:
        live.hands.append((user.id, svc.clock.now()))
    await svc.rooms.changed(svc, live)
    await tell_hands(svc, live, skip=user.id)
    position = next((i + 1 for i, h in enumerate(live.hands) if h[0] == user.id), None)
    return {"raised": raised, "position": position}


async def tell_hands(svc: Services, live: LiveSession, skip: str | None = None) -> None:
    """The queue changed: facilitators see it in order, and everyone still waiting with a raised
    hand learns their place now (a place read once goes stale as hands ahead are answered)."""
    await svc.sio.emit("hands", {"session_id": live.session_id, "hands": hands_view(live)},
                       room=rooms.facilitators_room(live.session_id))
    for position, (user_id, _) in enumerate(live.hands, start=1):
        if user_id != skip:  # the one who just raised it hears it in the acknowledgement
            await svc.sio.emit("hand", {"session_id": live.session_id, "raised": True,
                                        "position": position}, room=rooms.user_room(user_id))


async def give_floor(svc: Services, entry: rooms.RoomEntry, live: LiveSession,
                     user_id: str | None) -> None:
    """Let one member with a raised hand speak, even while chat is paused for the others, until
    the group moves to another phase; with no user_id, take the floor back."""
    check(entry.roles, Action.GIVE_FLOOR)
    if user_id is not None:
        if not any(h[0] == user_id for h in live.hands):
            raise not_found("hand_not_raised", "That person's hand is not raised.")
        live.hands = [h for h in live.hands if h[0] != user_id]
        live.floor = (user_id, live.flow.phase, live.flow.case_number)
    else:
        live.floor = None
    await svc.rooms.changed(svc, live)
    await svc.sio.emit("floor", {"session_id": live.session_id, "user_id": user_id,
                                 "display_name": live.display_name(user_id)},
                       room=rooms.room_name(live.session_id))
    await tell_hands(svc, live)
    await broadcast(svc, live)


async def signal_pause(svc: Services, entry: rooms.RoomEntry, live: LiveSession, user: User,
                       note: str | None) -> dict[str, str]:
    """Tell only the facilitators, privately, that a member needs a pause."""
    check(entry.roles, Action.SIGNAL_PAUSE)
    if note is not None:
        note = validate.clean_text(note, "note", MAX_PAUSE_NOTE_CHARS) if note.strip() else None
    signal = {"id": secrets.token_hex(8), "user_id": user.id,
              "display_name": user.display_name, "note": note, "at": svc.clock.now()}
    live.pauses.append(signal)
    await svc.rooms.changed(svc, live)
    await svc.sio.emit("pause_signal", {"session_id": live.session_id, **signal},
                       room=rooms.facilitators_room(live.session_id))
    return {"message": PAUSE_ACK}


async def answer_pause(svc: Services, entry: rooms.RoomEntry, live: LiveSession, user: User,
                       pause_id: str, reply: str | None) -> None:
    """A facilitator answers a pause signal: it leaves every facilitator's list, and the member
    alone hears that it was seen, with the facilitator's short private reply if they wrote one.
    Nothing of it is stored: like the signal, the answer matters now."""
    check(entry.roles, Action.SEE_PAUSE_SIGNALS)
    if reply is not None:
        reply = validate.clean_text(reply, "reply", MAX_PAUSE_NOTE_CHARS) if reply.strip() else None
    signal = next((p for p in live.pauses if p.get("id") == pause_id), None)
    if signal is None:
        raise not_found("pause_unknown", "That request has already been answered.")
    live.pauses = [p for p in live.pauses if p is not signal]
    await svc.rooms.changed(svc, live)
    await svc.sio.emit("pauses", {"session_id": live.session_id, "pauses": live.pauses},
                       room=rooms.facilitators_room(live.session_id))
    await svc.sio.emit("pause_reply", {"session_id": live.session_id,
                                       "from_name": user.display_name,
                                       "text": reply, "message": PAUSE_SEEN},
                       room=rooms.user_room(str(signal["user_id"])))
