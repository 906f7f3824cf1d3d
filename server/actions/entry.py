"""Getting into a session: ground rules, the waiting room, admitting and turning away."""

from __future__ import annotations

from typing import Any

from server import group_settings
from server.actions import rooms
from server.actions.accounts import User
from server.actions.groups import get_settings
from server.actions.live import (
    ADMITTED,
    REMOVED,
    TURNED_AWAY,
    WAITING,
    LiveSession,
    Participant,
)
from server.errors import AppError, not_found
from server.keys import Services
from server.permissions import Action, check, is_allowed

TURNED_AWAY_MESSAGE = ("The facilitator has not admitted you to this session. "
                       "If you think this is a mistake, contact them.")


async def _set_status(svc: Services, live: LiveSession, user: User, role: str,
                      status: str) -> Participant:
    now = svc.clock.now()
    await svc.db.execute_write(
        "INSERT INTO participants (session_id, user_id, status, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (session_id, user_id) DO UPDATE SET status = excluded.status,"
        " updated_at = excluded.updated_at",
        (live.session_id, user.id, status, now),
    )
    p = live.participants.get(user.id)
    if p is None:
        p = live.participants[user.id] = Participant(user.id, user.display_name, role, status)
    p.status = status
    await svc.rooms.changed(svc, live)
    return p


async def admission(svc: Services, user: User, entry: rooms.RoomEntry, live: LiveSession,
                    settings: dict[str, Any]) -> str:
    """Decide whether `user` comes in now (ADMITTED) or waits (WAITING); refuse otherwise.

    `settings` are the group's current settings (the caller has read them for the join).
    """
    role = entry.role
    current = live.participants.get(user.id)
    if is_allowed(entry.roles, Action.SKIP_WAITING_ROOM):
        if current is None or current.status != ADMITTED:
            await _set_status(svc, live, user, role, ADMITTED)
        return ADMITTED
    if current is not None and current.status == REMOVED:
        raise AppError("removed", "A facilitator removed you from this session.", 403)
    if current is not None and current.status == TURNED_AWAY:
        raise AppError("turned_away", TURNED_AWAY_MESSAGE, 403)
    rules = settings["ground_rules"]
    accepted = await svc.db.fetch_value(
        "SELECT 1 FROM ground_rules_acceptances WHERE group_id = ? AND user_id = ?"
        " AND rules_hash = ?",
        (live.group_id, user.id, group_settings.rules_hash(rules)),
    )
    if not accepted:
        raise AppError("ground_rules_required",
                       "Please read and accept the group's ground rules before you join.", 428,
                       details={"rules": rules, "group_name": live.group_name})
    if current is not None and current.status == ADMITTED:
        return ADMITTED
    if live.locked:
        raise AppError("room_locked", "The facilitator has locked this room because the "
                       "session has started. Please contact them.", 423)
    status = ADMITTED if settings["auto_admit"] else WAITING
    if current is None or current.status != status:
        await _set_status(svc, live, user, role, status)
    if status == WAITING:
        await notify_waiting(svc, live)
    return status


async def accept_rules(svc: Services, user: User, session_id: str) -> None:
    """Record that `user` accepted the ground rules of the session's group, as they stand now."""
    entry = await rooms.enter(svc, user, session_id)
    settings = await get_settings(svc, entry.group_id)
    await svc.db.execute_write(
        "INSERT OR IGNORE INTO ground_rules_acceptances (group_id, user_id, rules_hash,"
        " accepted_at) VALUES (?, ?, ?, ?)",
        (entry.group_id, user.id, group_settings.rules_hash(settings["ground_rules"]),
         svc.clock.now()),
    )


def waiting_list(live: LiveSession) -> list[dict[str, str]]:
    return [{"user_id": p.user_id, "display_name": p.display_name}
            for p in live.participants.values() if p.status == WAITING]


async def notify_waiting(svc: Services, live: LiveSession) -> None:
    await svc.sio.emit("waiting", {"session_id": live.session_id, "people": waiting_list(live)},
                       room=rooms.facilitators_room(live.session_id))


async def decide(svc: Services, entry: rooms.RoomEntry, live: LiveSession, user_id: str,
                 admit: bool) -> None:
    """A facilitator admits someone from the waiting room, or turns them away."""
    check(entry.roles, Action.ADMIT)
    person = live.participants.get(user_id)
    if person is None or person.status != WAITING:
        raise not_found("not_waiting", "That person is not in the waiting room.")
    status = ADMITTED if admit else TURNED_AWAY
    await svc.db.execute_write(
        "UPDATE participants SET status = ?, updated_at = ? WHERE session_id = ? AND user_id = ?",
        (status, svc.clock.now(), live.session_id, user_id),
    )
    person.status = status
    event = "admitted" if admit else "turned_away"
    # Turned away, the person reads the same words as when they try to join again.
    payload = {"session_id": live.session_id}
    if not admit:
        payload["message"] = TURNED_AWAY_MESSAGE
    await svc.sio.emit(event, payload, room=rooms.user_room(user_id))
    if not admit:
        # Out of the waiting room at once: not one more phase or presenter's name reaches them.
        await rooms.withdraw(svc, user_id, rooms.waiting_room(live.session_id))
    await notify_waiting(svc, live)
