"""The room namespace: join, send, history, leave; presence on connect and disconnect."""

from __future__ import annotations

import logging
from http.cookies import CookieError, SimpleCookie
from typing import Any

import socketio

from server import validate
from server.actions import accounts, rooms
from server.errors import AppError, bad_request
from server.http.session import COOKIE
from server.keys import Services
from server.realtime.handlers import acknowledged

log = logging.getLogger("balint.realtime")


def _cookie(environ: dict[str, Any]) -> str | None:
    try:
        jar = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    except CookieError:
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else None


class RoomNamespace(socketio.AsyncNamespace):
    def __init__(self, svc: Services) -> None:
        super().__init__("/")
        self.svc = svc

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        signed_in = await accounts.resolve_session(self.svc, _cookie(environ))
        if signed_in is None:
            # The client shows this message: socket.io hands it to connect_error as err.data.
            message = "Your sign-in has expired. Please sign in again."
            raise socketio.exceptions.ConnectionRefusedError(
                message, {"code": "not_signed_in", "message": message}
            )
        await self.save_session(sid, {"user": signed_in.user, "rooms": {}})
        log.info("event=connect user=%s", signed_in.user.id)

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        session = await self.get_session(sid)
        for entry in list(session["rooms"].values()):
            await self._depart(sid, session["user"].id, entry)

    async def _depart(self, sid: str, user_id: str, entry: rooms.RoomEntry) -> None:
        await self.leave_room(sid, rooms.room_name(entry.session_id))
        if self.svc.rooms.depart(entry.session_id, user_id):
            await self._send_presence(entry.session_id)

    async def _send_presence(self, session_id: str) -> None:
        await self.emit("presence", {"session_id": session_id,
                                     "members": self.svc.rooms.presence(session_id)},
                        room=rooms.room_name(session_id))

    async def _entry(self, sid: str, data: Any) -> tuple[accounts.User, rooms.RoomEntry]:
        session = await self.get_session(sid)
        session_id = validate.field(data, "session_id", str)
        entry = session["rooms"].get(session_id)
        if entry is None:
            raise AppError("not_in_room", "Join the room first.", 409)
        return session["user"], entry

    @acknowledged("join")
    async def on_join(self, sid: str, data: Any) -> dict[str, Any]:
        session_id = validate.field(data, "session_id", str)
        since = validate.optional(data, "since_seq", int, 0)
        if since < 0:
            raise bad_request("since_seq cannot be negative.", "bad_payload")
        session = await self.get_session(sid)
        user = session["user"]
        entry = await rooms.enter(self.svc, user, session_id)
        # Enter the socket.io room before reading history: a message stored in between arrives
        # both live and in history, and the client drops the copy by its sequence number.
        # The other order could lose it.
        await self.enter_room(sid, rooms.room_name(session_id))
        if session_id not in session["rooms"]:
            session["rooms"][session_id] = entry
            await self.save_session(sid, session)
            occupant = rooms.Occupant(user.id, user.display_name, entry.role)
            if self.svc.rooms.arrive(session_id, occupant):
                await self._send_presence(session_id)
        messages = await rooms.history(self.svc, session_id, since)
        return {
            "session": {"id": entry.session_id, "title": entry.title, "group_id": entry.group_id,
                        "group_name": entry.group_name},
            "role": entry.role,
            "me": {"id": user.id, "display_name": user.display_name},
            "presence": self.svc.rooms.presence(session_id),
            "messages": messages,
            "complete": len(messages) < rooms.HISTORY_LIMIT,
        }

    @acknowledged("leave")
    async def on_leave(self, sid: str, data: Any) -> None:
        user, entry = await self._entry(sid, data)
        session = await self.get_session(sid)
        session["rooms"].pop(entry.session_id, None)
        await self.save_session(sid, session)
        await self._depart(sid, user.id, entry)

    @acknowledged("send")
    async def on_send(self, sid: str, data: Any) -> dict[str, Any]:
        user, entry = await self._entry(sid, data)
        message, created = await rooms.post(
            self.svc, user, entry, validate.field(data, "client_id", str),
            validate.field(data, "text", str),
        )
        if created:
            await self.emit("message", {"session_id": entry.session_id, **message},
                            room=rooms.room_name(entry.session_id))
        return message

    @acknowledged("history")
    async def on_history(self, sid: str, data: Any) -> dict[str, Any]:
        _, entry = await self._entry(sid, data)
        since = validate.field(data, "since_seq", int)
        messages = await rooms.history(self.svc, entry.session_id, max(since, 0))
        return {"messages": messages, "complete": len(messages) < rooms.HISTORY_LIMIT}
