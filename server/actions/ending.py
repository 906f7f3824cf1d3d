"""The one way a session ends, whoever or whatever ends it.

A facilitator's *End the session* (from any phase), *Next phase* past the closing round, and the
sweeper's `BALINT_MAX_SESSION_HOURS` limit all come here, so every screen agrees afterwards: the
store says "ended" with its time, every participant's page gets the closing screen and leaves
the room, the attendance stretches are closed, the group's home pages drop *Enter*, and what the
retention policy deletes "when the session ends" is deleted now.
"""

from __future__ import annotations

import json
import logging
from typing import Literal

from server import flow
from server.actions import attendance, audit, media, rooms, sweeper
from server.actions.live import LiveSession
from server.keys import Services

log = logging.getLogger("balint.sessions")

ENDED_MESSAGE = "Thank you for taking part. Take a moment for yourself before you go back to work."
TIMED_OUT_MESSAGE = ("This session was open for the longest time allowed, so it has been "
                     "closed. " + ENDED_MESSAGE)
# Why a session ended, for the content-free audit log (never who pressed what).
Reason = Literal["facilitator", "closing_round", "max_session_length"]


async def end(svc: Services, session_id: str, reason: Reason, *, ended_at: float | None = None,
              live: LiveSession | None = None) -> dict[str, int] | None:
    """End `session_id` if it is still open and return what its sweep deleted (counts); None
    if it had already ended (another worker, a double click, the sweeper racing a
    facilitator). Permission is the caller's to check."""
    at = svc.clock.now() if ended_at is None else ended_at
    async with svc.db.write() as conn:
        async with conn.execute("SELECT group_id, state, flow FROM sessions WHERE id = ?",
                                (session_id,)) as cur:
            row = await cur.fetchone()
        if row is None or row["state"] != "open":
            return None
        state = (flow.FlowState.from_dict(json.loads(row["flow"])) if row["flow"]
                 else flow.new_flow(at))
        # A session stuck in phase "ended" by older code is ended as it is.
        final = state if state.phase == "ended" else flow.end(state, at)
        await conn.execute(
            "UPDATE sessions SET state = 'ended', ended_at = ?, flow = ? WHERE id = ?",
            (at, json.dumps(final.to_dict()), session_id))
    if live is not None:  # code holding this object across an await sees the end
        live.flow, live.state = final, "ended"
    await attendance.session_ended(svc, session_id, at)
    await audit.record(svc, "session_ended", reason, session_id, {})
    message = TIMED_OUT_MESSAGE if reason == "max_session_length" else ENDED_MESSAGE
    payload = {"session_id": session_id, "message": message}
    for room in (rooms.room_name(session_id), rooms.waiting_room(session_id),
                 rooms.facilitators_room(session_id)):
        await svc.sio.emit("session_ended", payload, room=room)
        await svc.sio.close_room(room)
    await svc.rooms.closed(svc, session_id)
    await media.revoke_passes(svc)  # the relay passes handed out in it, where coturn allows it
    await tell_group(svc, row["group_id"])
    # "Deleted when the session ends" means now, not at the next scheduled sweep.
    swept = await sweeper.sweep(svc, only=session_id)
    log.info("event=session_ended reason=%s", reason)
    return swept


async def tell_group(svc: Services, group_id: str) -> None:
    """Every member's open pages re-read their sessions (home page: *Enter* comes or goes).
    The event names only the group: the page asks the API what changed."""
    members = await svc.db.fetch_all("SELECT user_id FROM memberships WHERE group_id = ?",
                                     (group_id,))
    for m in members:
        await svc.sio.emit("sessions_changed", {"group_id": group_id},
                           room=rooms.user_room(m["user_id"]))
