"""Facilitators' socket events: flow, admit, lock, mute, remove, redact, give the floor,
answer a pause signal.

Every handler goes through the permission table inside its action; nothing here trusts the
client's idea of who is a facilitator.
"""

from __future__ import annotations

from typing import Any

from server import validate
from server.actions import entry, moderation, session_flow
from server.realtime.handlers import acknowledged


class FacilitatorEvents:
    """Mixed into the room namespace; `_context` comes from there."""

    _context: Any
    svc: Any

    @acknowledged("flow")
    async def on_flow(self, sid: str, data: Any) -> dict[str, Any]:
        _, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        action = validate.field(data, "action", str)
        view = await session_flow.control(self.svc, room_entry, live, action, data)
        if action == "choose_presenter":  # the chosen hand left the queue: places moved up
            await moderation.tell_hands(self.svc, live)
        return view

    @acknowledged("admit")
    async def on_admit(self, sid: str, data: Any) -> None:
        _, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        await entry.decide(self.svc, room_entry, live, validate.field(data, "user_id", str),
                           validate.optional(data, "admit", bool, True))

    @acknowledged("lock")
    async def on_lock(self, sid: str, data: Any) -> None:
        _, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        await moderation.lock(self.svc, room_entry, live, validate.field(data, "locked", bool))

    @acknowledged("mute")
    async def on_mute(self, sid: str, data: Any) -> None:
        _, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        await moderation.mute(self.svc, room_entry, live, moderation.parse_target(data),
                              validate.field(data, "muted", bool))

    @acknowledged("remove")
    async def on_remove(self, sid: str, data: Any) -> None:
        _, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        await moderation.remove(self.svc, room_entry, live, validate.field(data, "user_id", str))

    @acknowledged("redact")
    async def on_redact(self, sid: str, data: Any) -> None:
        _, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        await moderation.redact(self.svc, room_entry, live, validate.field(data, "seq", int))

    @acknowledged("give_floor")
    async def on_give_floor(self, sid: str, data: Any) -> None:
        _, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        await moderation.give_floor(self.svc, room_entry, live, moderation.parse_target(data))

    @acknowledged("pause_answer")
    async def on_pause_answer(self, sid: str, data: Any) -> None:
        user, room_entry, live = await self._context(sid, validate.field(data, "session_id", str))
        await moderation.answer_pause(self.svc, room_entry, live, user,
                                      validate.field(data, "pause_id", str),
                                      validate.optional(data, "reply", str, None))
