"""`create_app(config)`: the aiohttp app with its socket.io server, store and background tasks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import socketio
from aiohttp import web

from server.actions.rooms import Rooms
from server.clock import Clock, SystemClock
from server.config import Config
from server.http import api, middleware, pages
from server.keys import CLOCK, CONFIG, SERVICES, SIO, Services
from server.realtime.rooms_ns import RoomNamespace
from server.store import Database

# Large enough for a 64 KiB case note as base64 with its stanzas; small enough to refuse floods.
MAX_SOCKET_PAYLOAD = 512 * 1024


def create_sio() -> socketio.AsyncServer:
    return socketio.AsyncServer(
        async_mode="aiohttp",
        # None = only our own origin may open a socket (the browser sends Origin; others refused).
        cors_allowed_origins=None,
        max_http_buffer_size=MAX_SOCKET_PAYLOAD,
        logger=False,
        engineio_logger=False,
    )


def create_app(config: Config, clock: Clock | None = None) -> web.Application:
    app = web.Application(
        middlewares=[middleware.security_headers, middleware.errors, middleware.csrf],
        # Socket.io polling posts share this limit; the JSON API enforces its own, smaller one.
        client_max_size=MAX_SOCKET_PAYLOAD,
    )
    sio = create_sio()
    app[CONFIG] = config
    app[CLOCK] = clock or SystemClock()
    app[SIO] = sio
    app.cleanup_ctx.append(_store)
    app.router.add_routes(pages.routes())
    app.router.add_routes(api.routes())
    sio.attach(app)
    return app


async def _store(app: web.Application) -> AsyncIterator[None]:
    db = await Database(app[CONFIG].db_path).open()
    svc = Services(config=app[CONFIG], db=db, clock=app[CLOCK], sio=app[SIO], rooms=Rooms())
    app[SERVICES] = svc
    app[SIO].register_namespace(RoomNamespace(svc))
    yield
    await db.close()
