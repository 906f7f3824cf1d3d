"""The room namespace: connect, join (via ground rules and the waiting room), chat, presence,
raised hands and pause signals. Facilitators' events live in facilitator_events.py."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import socketio

from server import library_hooks, payloads, validate
from server.actions import (
    accounts,
    attendance,
    entry,
    media,
    moderation,
    presence,
    rooms,
    session_flow,
)
from server.actions.groups import get_settings
from server.actions.live import ADMITTED, SILENCED, LiveSession
from server.cookie import socket_token
from server.errors import AppError, failed
from server.keys import Services
from server.realtime.facilitator_events import FacilitatorEvents
from server.realtime.handlers import acknowledged
from server.realtime.socket_cap import SocketCap

log = logging.getLogger("balint.realtime")


@dataclass(slots=True)  # one per connected socket: lighter than a dict (bench: memory)
class SocketSession:
    """Who signed in on this socket, and the rooms it has joined."""

    user: accounts.User
    # Nearly always one room: a tuple costs a quarter of a one-entry dict.
    entries: tuple[rooms.RoomEntry, ...] = ()

    def entry(self, session_id: str) -> rooms.RoomEntry | None:
        return next((e for e in self.entries if e.session_id == session_id), None)

    def joined(self, entry: rooms.RoomEntry) -> None:
        self.left(entry.session_id)
        self.entries = (*self.entries, entry)

    def left(self, session_id: str) -> None:
        self.entries = tuple(e for e in self.entries if e.session_id != session_id)


class RoomNamespace(FacilitatorEvents, socketio.AsyncNamespace):
    def __init__(self, svc: Services) -> None:
        super().__init__("/")
        self.svc = svc
        # A person's sockets are counted for as long as a sign-in can last.
        self.sockets = SocketCap(svc.config.max_sockets_per_user,
                                 svc.cluster.shared_sockets(svc.config.session_seconds))

    async def trigger_event(self, event: str, *args: Any) -> Any:
        """An event we have no handler for is answered like any refusal, not with an empty
        acknowledgement (docs/protocol.md: every event is answered {ok, data} or {ok: false,
        error}). Its name is not logged: the client chose it."""
        if event not in ("connect", "disconnect") and not hasattr(self, f"on_{event}"):
            log.info("event=unknown outcome=refused code=unknown_event")
            return failed(AppError("unknown_event", "The server does not know this request. "
                                   "Please reload the page.", 400))
        return await super().trigger_event(event, *args)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        signed_in = await accounts.resolve_session(self.svc, socket_token(environ))
        if signed_in is None:
            # The client shows this message: socket.io hands it to connect_error as err.data.
            message = "Your sign-in has expired. Please sign in again."
            raise socketio.exceptions.ConnectionRefusedError(
                message, {"code": "not_signed_in", "message": message}
            )
        user = signed_in.user
        if not await self.sockets.admit(user.id, sid, self._alive):
            log.info("event=connect outcome=refused code=too_many_connections user=%s", user.id)
            message = (f"Balint Rooms is open in too many tabs or windows of yours (at most "
                       f"{self.sockets.limit}). Close the ones you no longer need, then "
                       f"reload this page.")
            raise socketio.exceptions.ConnectionRefusedError(
                message, {"code": "too_many_connections", "message": message})
        try:
            await self.save_session(sid, SocketSession(user))
            await self.enter_room(sid, rooms.user_room(user.id))
        except BaseException:
            await self.sockets.release(user.id, sid)
            raise
        log.info("event=connect user=%s", user.id)

    def _alive(self, sid: str) -> bool:
        """Whether engine.io still holds this socket's connection."""
        return library_hooks.socket_alive(self.server, sid)

    async def _session(self, sid: str) -> SocketSession:
        session: SocketSession = await self.get_session(sid)
        return session

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        session = await self._session(sid)
        await self.sockets.release(session.user.id, sid)
        for room_entry in session.entries:
            await self._depart(sid, session.user.id, room_entry)

    async def _depart(self, sid: str, user_id: str, room_entry: rooms.RoomEntry) -> None:
        for room in (rooms.room_name(room_entry.session_id),
                     rooms.waiting_room(room_entry.session_id),
                     rooms.facilitators_room(room_entry.session_id)):
            await self.leave_room(sid, room)
        if await presence.depart(self.svc, sid, room_entry.session_id, user_id):
            await attendance.departed(self.svc, room_entry.session_id, user_id)
            live = await rooms.cache(self.svc).live(self.svc, room_entry.session_id)
            await moderation.send_presence(self.svc, live)

    async def _context(
        self, sid: str, session_id: str, *, admitted: bool = True
    ) -> tuple[accounts.User, rooms.RoomEntry, LiveSession]:
        """Who is asking, on what terms they are in the room, and the room's live state."""
        session = await self._session(sid)
        user = session.user
        room_entry = session.entry(session_id)
        if room_entry is None:
            # Not joined: someone outside the group hears the permission table's refusal.
            await rooms.enter(self.svc, user, session_id)
            raise AppError("not_in_room", "Join the room first.", 409)
        live = await rooms.cache(self.svc).live(self.svc, session_id)
        if live.state != "open":
            raise AppError("session_not_open", "This session has ended.", 409)
        person = live.participants.get(user.id)
        if person is not None and person.status == "removed":
            raise AppError("removed", "A facilitator removed you from this session.", 403)
        if admitted and not live.is_admitted(user.id):
            raise AppError("not_admitted", "Please wait until a facilitator lets you in.", 403)
        return user, room_entry, live

    @acknowledged("join", payloads.Join)
    async def on_join(self, sid: str, data: payloads.Join) -> dict[str, Any]:
        session_id, since = data.session_id, data.since
        session = await self._session(sid)
        user = session.user
        room_entry = await rooms.enter(self.svc, user, session_id)
        live = await rooms.cache(self.svc).live(self.svc, session_id)
        settings = await get_settings(self.svc, room_entry.group_id)
        status = await entry.admission(self.svc, user, room_entry, live, settings)
        session.joined(room_entry)
        now = self.svc.clock.now()
        base = {
            "session": {"id": session_id, "title": live.title,
                        "group_id": live.group_id, "group_name": live.group_name},
            "role": room_entry.role,
            "me": {"id": user.id, "display_name": user.display_name},
            "flow": live.flow_view(now),
            "status": status,
            "retention": settings["retention_words"],
            # The client checks lengths before sending with the server's own figure, never a copy.
            "limits": {"message_chars": validate.MAX_MESSAGE_CHARS,
                       "pause_note_chars": moderation.MAX_PAUSE_NOTE_CHARS},
            # And shows why someone may not write now in the server's words (live.SILENCED).
            "silenced": SILENCED,
        }
        if status != ADMITTED:
            await self.enter_room(sid, rooms.waiting_room(session_id))
            return base
        await self.leave_room(sid, rooms.waiting_room(session_id))
        # Enter the socket.io room before reading history: a message stored in between arrives
        # both live and in history, and the client drops the copy by its sequence number.
        # The other order could lose it.
        await self.enter_room(sid, rooms.room_name(session_id))
        if await presence.arrive(self.svc, sid, session_id, user.id, room_entry.role):
            await attendance.arrived(self.svc, session_id, user.id)
            members = await moderation.send_presence(self.svc, live)
        else:  # another tab of theirs is already here: nobody else needs telling
            members = await rooms.presence_list(self.svc, live)
        messages = await rooms.history(self.svc, session_id, since)
        base.update(
            presence=members,
            messages=messages,
            complete=len(messages) < rooms.HISTORY_LIMIT,
            muted=live.participants[user.id].muted,
            # Voice and video: TURN servers with a short-lived credential (server/actions/media.py).
            media=await media.ice_servers(self.svc, room_entry, live, user),
        )
        if room_entry.role == "facilitator":
            await self.enter_room(sid, rooms.facilitators_room(session_id))
            base["facilitator"] = {
                "waiting": entry.waiting_list(live),
                "hands": session_flow.hands_view(live),
                "pauses": live.pauses,
                "messages": await rooms.history(self.svc, session_id, 0, "facilitators"),
            }
        return base

    @acknowledged("accept_rules", payloads.InSession)
    async def on_accept_rules(self, sid: str, data: payloads.InSession) -> None:
        session = await self._session(sid)
        await entry.accept_rules(self.svc, session.user, data.session_id)

    @acknowledged("leave", payloads.InSession)
    async def on_leave(self, sid: str, data: payloads.InSession) -> None:
        user, room_entry, _ = await self._context(sid, data.session_id, admitted=False)
        session = await self._session(sid)
        session.left(room_entry.session_id)
        await self._depart(sid, user.id, room_entry)

    @acknowledged("send", payloads.Send)
    async def on_send(self, sid: str, data: payloads.Send) -> dict[str, Any]:
        # The payload's shape and its text rules were checked on parsing (server/payloads.py).
        user, room_entry, live = await self._context(sid, data.session_id)
        channel = rooms.channel_for(room_entry, data.channel_named)
        live.check_may_post(user.id, room_entry.roles)
        self.svc.throttles.check_message(user.id, self.svc.clock.now())
        message, created = await rooms.post(self.svc, user, room_entry, data)
        if created:
            room = (rooms.room_name(room_entry.session_id) if channel == rooms.GROUP
                    else rooms.facilitators_room(room_entry.session_id))
            await self.emit("message", {"session_id": room_entry.session_id, **message}, room=room)
        return message

    @acknowledged("history")
    async def on_history(self, sid: str, data: Any) -> dict[str, Any]:
        # Before anything is read, the payload included: each answer can be 1,000 messages
        # from the store, and docs/protocol.md counts every read, refused or not.
        session = await self._session(sid)
        self.svc.throttles.check_history(session.user.id, self.svc.clock.now())
        asked = payloads.parse(payloads.History, data)
        _, room_entry, _ = await self._context(sid, asked.session_id)
        channel = rooms.channel_for(room_entry, asked.channel_named)
        since = asked.since_seq
        messages = await rooms.history(self.svc, room_entry.session_id, max(since, 0), channel)
        return {"messages": messages, "complete": len(messages) < rooms.HISTORY_LIMIT}

    @acknowledged("hand", payloads.Hand)
    async def on_hand(self, sid: str, data: payloads.Hand) -> dict[str, Any]:
        user, room_entry, live = await self._context(sid, data.session_id)
        return await moderation.raise_hand(self.svc, room_entry, live, user, data.raised)

    @acknowledged("pause_signal", payloads.PauseSignal)
    async def on_pause_signal(self, sid: str, data: payloads.PauseSignal) -> dict[str, str]:
        user, room_entry, live = await self._context(sid, data.session_id)
        return await moderation.signal_pause(self.svc, room_entry, live, user, data.note)

    # -- voice and video (issue 22): the server relays, media goes peer to peer --

    @acknowledged("media_signal", payloads.MediaSignal)
    async def on_media_signal(self, sid: str, data: payloads.MediaSignal) -> None:
        user, room_entry, live = await self._context(sid, data.session_id)
        self.svc.throttles.check_signal(user.id, self.svc.clock.now())
        await media.relay(self.svc, room_entry, live, user, data)

    @acknowledged("media_credentials", payloads.InSession)
    async def on_media_credentials(self, sid: str, data: payloads.InSession) -> dict[str, Any]:
        user, room_entry, live = await self._context(sid, data.session_id)
        return await media.ice_servers(self.svc, room_entry, live, user)
