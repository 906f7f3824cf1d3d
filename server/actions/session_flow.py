"""Facilitators move the session through its phases; the server owns the clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from server import flow, payloads
from server.actions import attendance, ending, rooms
from server.actions.live import ADMITTED, LiveSession
from server.errors import bad_request
from server.keys import Services
from server.permissions import Action, check, is_allowed, roles_for

_MOVES: dict[str, Callable[[flow.FlowState, float], flow.FlowState]] = {
    "start": flow.start,
    "advance": flow.advance,
    "back": flow.back,
    "next_case": flow.next_case,
    "close": flow.close,
    "return_early": flow.return_presenter_early,
    "pause": flow.pause,
    "resume": flow.resume,
}
ACTIONS = (*_MOVES, "choose_presenter", "extend", "end")


async def broadcast(svc: Services, live: LiveSession) -> dict[str, Any]:
    view = live.flow_view(svc.clock.now())
    payload = {"session_id": live.session_id, **view}
    for room in (rooms.room_name(live.session_id), rooms.waiting_room(live.session_id)):
        await svc.sio.emit("flow", payload, room=room)
    return view


async def _save(svc: Services, live: LiveSession, new: flow.FlowState) -> None:
    await svc.db.execute_write("UPDATE sessions SET flow = ? WHERE id = ?",
                               (json.dumps(new.to_dict()), live.session_id))
    live.flow = new
    await svc.rooms.changed(svc, live)


async def control(svc: Services, entry: rooms.RoomEntry, live: LiveSession,
                  asked: payloads.Flow) -> dict[str, Any]:
    """Apply one facilitator flow action, persist it, and tell every client."""
    action = asked.action
    if action == "end":
        await end_session(svc, entry, live)
        return live.flow_view(svc.clock.now())
    check(entry.roles, Action.CONTROL_FLOW)
    now = svc.clock.now()
    if action == "choose_presenter":
        user_id = asked.user_id
        if user_id is not None:
            person = live.participants.get(user_id)
            if (person is None or person.status != ADMITTED or not is_allowed(
                    roles_for(membership_role=person.role), Action.PRESENT_CASE)):
                raise bad_request("Choose a member who is in the room to present.",
                                  "bad_presenter")
        new = flow.choose_presenter(live.flow, now, user_id)
        live.hands = [h for h in live.hands if h[0] != user_id]
    elif action == "extend":
        if asked.minutes is None:
            raise payloads.missing("minutes")
        new = flow.extend(live.flow, now, asked.minutes)
    elif action in _MOVES:
        new = _MOVES[action](live.flow, now)
        if new.phase == "ended":  # *Next phase* past the closing round ends it the one way
            await end_session(svc, entry, live, "closing_round")
            return live.flow_view(now)
    else:
        raise bad_request("Unknown session action.", "bad_action")
    await _save(svc, live, new)
    if action in ("start", "advance") and new.phase == "check_in":  # leaving the waiting room
        await attendance.started(svc, live.session_id)
    if action == "choose_presenter":
        await svc.sio.emit("hands", {"session_id": live.session_id, "hands": hands_view(live)},
                           room=rooms.facilitators_room(live.session_id))
    return await broadcast(svc, live)


def hands_view(live: LiveSession) -> list[dict[str, Any]]:
    return [{"user_id": uid, "display_name": live.display_name(uid), "at": at}
            for uid, at in live.hands]


async def end_session(svc: Services, entry: rooms.RoomEntry, live: LiveSession,
                      reason: ending.Reason = "facilitator") -> None:
    """End the session for everyone: a closing screen on every client, never a bare cut-off."""
    check(entry.roles, Action.END_SESSION)
    await ending.end(svc, live.session_id, reason, live=live)
