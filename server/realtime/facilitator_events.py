"""Facilitators' socket events: flow, admit, lock, mute, remove, redact, give the floor,
answer a pause signal.

Every handler goes through the permission table inside its action; nothing here trusts the
client's idea of who is a facilitator.
"""

from __future__ import annotations

from typing import Any

from server import payloads
from server.actions import entry, media, moderation, session_flow
from server.realtime.handlers import acknowledged


class FacilitatorEvents:
    """Mixed into the room namespace; `_context` comes from there."""

    _context: Any
    svc: Any

    @acknowledged("flow", payloads.Flow)
    async def on_flow(self, sid: str, data: payloads.Flow) -> dict[str, Any]:
        _, room_entry, live = await self._context(sid, data.session_id)
        view = await session_flow.control(self.svc, room_entry, live, data)
        if data.action == "choose_presenter":  # the chosen hand left the queue: places moved up
            await moderation.tell_hands(self.svc, live)
        return view

    @acknowledged("admit", payloads.Admit)
    async def on_admit(self, sid: str, data: payloads.Admit) -> None:
        _, room_entry, live = await self._context(sid, data.session_id)
        await entry.decide(self.svc, room_entry, live, data.user_id, data.admitted)

    @acknowledged("lock", payloads.Lock)
    async def on_lock(self, sid: str, data: payloads.Lock) -> None:
        _, room_entry, live = await self._context(sid, data.session_id)
        await moderation.lock(self.svc, room_entry, live, data.locked)

    @acknowledged("mute", payloads.Mute)
    async def on_mute(self, sid: str, data: payloads.Mute) -> None:
        _, room_entry, live = await self._context(sid, data.session_id)
        await moderation.mute(self.svc, room_entry, live, data.user_id, data.muted)

    @acknowledged("remove", payloads.Remove)
    async def on_remove(self, sid: str, data: payloads.Remove) -> None:
        _, room_entry, live = await self._context(sid, data.session_id)
        await moderation.remove(self.svc, room_entry, live, data.user_id)

    @acknowledged("redact", payloads.Redact)
    async def on_redact(self, sid: str, data: payloads.Redact) -> None:
        _, room_entry, live = await self._context(sid, data.session_id)
        await moderation.redact(self.svc, room_entry, live, data.seq)

    @acknowledged("give_floor", payloads.GiveFloor)
    async def on_give_floor(self, sid: str, data: payloads.GiveFloor) -> None:
        _, room_entry, live = await self._context(sid, data.session_id)
        await moderation.give_floor(self.svc, room_entry, live, data.user_id)

    @acknowledged("pause_answer", payloads.PauseAnswer)
    async def on_pause_answer(self, sid: str, data: payloads.PauseAnswer) -> None:
        user, room_entry, live = await self._context(sid, data.session_id)
        await moderation.answer_pause(self.svc, room_entry, live, user, data.pause_id, data.reply)

    @acknowledged("mute_microphones", payloads.MuteMicrophones)
    async def on_mute_microphones(self, sid: str, data: payloads.MuteMicrophones
                                  ) -> dict[str, int]:
        user, room_entry, live = await self._context(sid, data.session_id)
        return await media.mute_microphones(self.svc, room_entry, live, user, data.user_id)
