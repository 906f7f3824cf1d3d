"""Every place the server leans on a private part of python-socketio, python-engineio or aiohttp.

Each hook below uses something its library does not promise to keep: an underscored method or
attribute, or the layout of an internal table. They are gathered here so that an upgrade has one
module to read, pyproject.toml pins each of these libraries below its next minor release, and
tests/test_library_hooks.py checks every hook against the installed versions and fails with the
hook's name when one has moved.

Also relied on, though not underscored (checked by the same test): an engine.io socket's
`queue`, `upgraded`, `upgrading` and `closed`; `AsyncServer.eio.sockets`;
`AsyncManager.rooms`, `get_participants` and `eio_sid_from_sid` (realtime/fanout.py too);
`AsyncServer.manager_initialized`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import engineio
import socketio
from aiohttp import web
from engineio.async_drivers import aiohttp as eio_aiohttp

from server.realtime.fanout import FanoutManager
from server.realtime.send_queue import DIRECT_MAX_CHARS, SendQueue

# --- python-engineio --------------------------------------------------------------------------


class DirectWebSocket(eio_aiohttp.WebSocket):  # type: ignore[misc]
    """engine.io's aiohttp websocket, offered to its socket's SendQueue for direct writes
    (realtime/send_queue.py says why).

    Private: engine.io builds it with `(handler, server)`, where `handler` is the bound
    `handle_get_request` of its socket (so `handler.__self__` is the socket, holding `queue`,
    `upgraded` and `upgrading`), and keeps aiohttp's `WebSocketResponse` in `self._sock`.
    """

    def __init__(self, handler: Any, server: Any) -> None:
        super().__init__(handler, server)
        self._owner: Any = None  # engine.io's socket
        self._transport: asyncio.Transport | None = None

    async def __call__(self, environ: dict[str, Any]) -> Any:
        # engine.io hands us its socket's websocket handler: the socket is its owner.
        owner = getattr(self.handler, "__self__", None)
        queue = getattr(owner, "queue", None)
        if not isinstance(queue, SendQueue):
            return await super().__call__(environ)
        self._owner = owner
        self._transport = environ["aiohttp.request"].transport
        queue.direct = self
        try:
            return await super().__call__(environ)
        finally:
            queue.direct = None

    async def send_now(self, pkt: Any) -> bool:
        """Write a packet if that cannot make the caller wait; False if it must be queued."""
        owner, transport = self._owner, self._transport
        # Until an upgrade from long-polling completes, engine.io holds packets back.
        if (not owner.upgraded or owner.upgrading or transport is None
                or transport.is_closing() or transport.get_write_buffer_size()):
            return False
        encoded = pkt.encode()
        if not isinstance(encoded, str) or len(encoded) > DIRECT_MAX_CHARS:
            return False
        try:
            await self._sock.send_str(encoded)
        except Exception:
            return False  # closing under us: the writer task meets the same and ends the socket
        return True


class EngineIOServer(engineio.AsyncServer):  # type: ignore[misc]
    """engine.io's server with our send queue and websocket.

    Private: engine.io has no public hook for its websocket class; `self._async` is its driver
    table for the async mode, and its "websocket" entry is the class it builds per socket.
    (`create_queue` is public, made to be overridden.)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.async_mode == "aiohttp":
            self._async = {**self._async,  # type: ignore[has-type]
                           "websocket": DirectWebSocket}

    def create_queue(self, *args: Any, **kwargs: Any) -> SendQueue:
        return SendQueue()


def engineio_sockets(sio: socketio.AsyncServer) -> list[Any]:
    """Every engine.io socket of this worker (for closing them all at shutdown). Not public:
    `sio.eio.sockets` is engine.io's table of sockets by id."""
    return list(sio.eio.sockets.values())


def socket_alive(sio: socketio.AsyncServer, sid: str) -> bool:
    """Whether engine.io still holds the connection of socket.io socket `sid`. Not public:
    the manager's map from socket.io to engine.io ids, engine.io's table of sockets and a
    socket's `closed` flag."""
    eio_sid = sio.manager.eio_sid_from_sid(sid, "/")
    socket = sio.eio.sockets.get(eio_sid) if eio_sid else None
    return socket is not None and not socket.closed


# --- python-socketio --------------------------------------------------------------------------


class SocketServer(socketio.AsyncServer):  # type: ignore[misc]
    """python-socketio's server, building our EngineIOServer.

    Private: `_engineio_server_class` is the method python-socketio calls once, in its
    constructor, for the engine.io server class to build; there is no public option.
    """

    def _engineio_server_class(self) -> type[EngineIOServer]:
        return EngineIOServer


def listen_now(sio: socketio.AsyncServer) -> None:
    """Start the client manager (Redis: subscribe) at start-up, not at the first socket, so a
    worker hears every change. Not public: python-socketio does this lazily on the first
    connection, guarded by `manager_initialized`."""
    if not sio.manager_initialized:
        sio.manager_initialized = True
        sio.manager.initialize()


class SideChannelRedisManager(socketio.AsyncRedisManager, FanoutManager):  # type: ignore[misc]
    """python-socketio's Redis manager, also carrying the cluster's own messages in order
    (server/cluster.py says why they share the channel). Events from Redis reach this
    worker's sockets through FanoutManager's emit.

    Private: `_listen()` is the async generator of raw messages from the channel, which the
    manager's listening task consumes; `_publish(data)` puts one dict on the channel as JSON.
    """

    def __init__(self, url: str, channel: str, prefix: bytes,
                 on_message: Callable[[bytes], Awaitable[None]]) -> None:
        super().__init__(url, channel=channel)
        self._prefix = prefix
        self._on_message = on_message

    async def _listen(self) -> AsyncIterator[Any]:
        async for data in super()._listen():
            if isinstance(data, bytes) and data.startswith(self._prefix):
                await self._on_message(data)
            else:
                yield data

    async def publish(self, message: dict[str, Any]) -> None:
        await self._publish(message)


# --- aiohttp ----------------------------------------------------------------------------------


def match_info_or_none(request: web.BaseRequest) -> web.UrlMappingMatchInfo | None:
    """The request's route match, or None for one aiohttp answered before routing (for the
    access log). Private: `request.match_info` asserts there is one; `_match_info` is where
    aiohttp keeps it, None until routed (and absent on a bare BaseRequest)."""
    found: web.UrlMappingMatchInfo | None = getattr(request, "_match_info", None)
    return found


def answer_unrouted(app: web.Application, fix: Callable[[web.Response], None]) -> None:
    """Let `fix` rewrite every answer aiohttp gives itself to a request it never routed (one it
    could not parse): no middleware or `on_response_prepare` signal sees those.

    Private: aiohttp builds every request with `app._make_request`, which takes the request
    class as its `_cls` argument; `Request._prepare_hook(response)` runs just before any answer
    is sent; `_match_info` stays None until a request is routed.
    """

    class Request(web.Request):
        async def _prepare_hook(self, response: web.StreamResponse) -> None:
            if self._match_info is None and isinstance(response, web.Response):
                fix(response)
            await super()._prepare_hook(response)

    app._make_request = functools.partial(  # type: ignore[method-assign]
        app._make_request, _cls=Request)
