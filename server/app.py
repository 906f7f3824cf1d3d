"""`create_app(config)`: the aiohttp app with its socket.io server, store and background tasks."""

from __future__ import annotations

import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import socketio
from aiohttp import WSCloseCode, web

from server import cluster, library_hooks
from server.actions import presence, revoke, rooms, sweeper
from server.actions.rooms import Rooms
from server.actions.scheduler import scheduler_ctx
from server.clock import Clock, SystemClock
from server.config import Config
from server.http import (
    api,
    attendance_api,
    middleware,
    notes_api,
    pages,
    passkeys_api,
    schedule_api,
    sso_api,
)
from server.http.name_data import NAME_DATA, pack_at_start, packed_name_data
from server.keys import CLOCK, CLUSTER, CONFIG, SERVICES, SIO, Services
from server.oidc import OidcClients
from server.realtime import packets
from server.realtime.fanout import FanoutManager
from server.realtime.rooms_ns import RoomNamespace
from server.store import Database
from server.throttle import Throttles

# Large enough for a 64 KiB case note as base64 with its stanzas; small enough to refuse floods.
MAX_SOCKET_PAYLOAD = 512 * 1024
# Every websocket this worker has open: closed at shutdown (see _close_sockets).
WEBSOCKETS: web.AppKey[weakref.WeakSet[web.WebSocketResponse]] = web.AppKey("websockets")


def create_sio(manager: socketio.AsyncManager | None = None) -> socketio.AsyncServer:
    # SocketServer: lighter send queues per socket (realtime/send_queue.py).
    sio = library_hooks.SocketServer(
        async_mode="aiohttp",
        # With several workers, events cross between them through Redis.
        client_manager=manager or FanoutManager(),
        # None = only our own origin may open a socket (the browser sends Origin; others refused).
        cors_allowed_origins=None,
        max_http_buffer_size=MAX_SOCKET_PAYLOAD,
        logger=False,
        engineio_logger=False,
        # A packet nobody can read is answered bad_payload, not raised (realtime/packets.py).
        serializer=packets.ReadablePacket,
    )
    sio.on(packets.UNREADABLE, packets.refuse_unreadable)
    return sio


def create_app(config: Config, clock: Clock | None = None) -> web.Application:
    app = web.Application(
        middlewares=[middleware.guard],
        # Socket.io polling posts share this limit; the JSON API enforces its own, smaller one.
        client_max_size=MAX_SOCKET_PAYLOAD,
    )
    links = cluster.create(config)
    sio = create_sio(links.socket_manager)
    app[CLUSTER] = links
    app[CONFIG] = config
    app[CLOCK] = clock or SystemClock()
    app[SIO] = sio
    app[NAME_DATA] = packed_name_data(config.web_dir)  # the guard's name lists, gzipped once
    app[WEBSOCKETS] = weakref.WeakSet()
    app.cleanup_ctx.append(pack_at_start)
    app.cleanup_ctx.append(_store)
    app.cleanup_ctx.append(sweeper.sweeper_ctx)
    app.cleanup_ctx.append(presence.presence_ctx)
    app.cleanup_ctx.append(scheduler_ctx)
    app.on_response_prepare.append(middleware.security_headers)
    app.on_response_prepare.append(_track_websocket)
    middleware.guard_own_errors(app)
    app.on_shutdown.append(_close_sockets)
    app.router.add_routes(pages.routes())
    app.router.add_routes(api.routes())
    app.router.add_routes(notes_api.routes())
    app.router.add_routes(attendance_api.routes())
    app.router.add_routes(sso_api.routes())
    app.router.add_routes(passkeys_api.routes())
    app.router.add_routes(schedule_api.routes())
    sio.attach(app)
    return app


async def _close_sockets(app: web.Application) -> None:
    """Close every socket on shutdown so clients reconnect to the next server at once, and the
    process does not wait out aiohttp's shutdown timeout for websockets that never end."""
    # wait=False: engine.io's own disconnect-all waits for each socket's send queue to drain,
    # which never happens for a client that has already gone.
    for socket in library_hooks.engineio_sockets(app[SIO]):
        await socket.close(wait=False)
    await app[SIO].shutdown()
    # engine.io's close only asks the page to hang up (a "close" packet). A page that does not,
    # or a websocket engine.io has already let go of, would hold its handler open until
    # aiohttp's shutdown timeout, a minute, at every restart: close the websockets ourselves.
    open_websockets: weakref.WeakSet[web.WebSocketResponse] = app[WEBSOCKETS]
    for ws in list(open_websockets):
        await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server restarting")


async def _track_websocket(request: web.Request, response: web.StreamResponse) -> None:
    if isinstance(response, web.WebSocketResponse):
        request.app[WEBSOCKETS].add(response)


@asynccontextmanager
async def open_services(config: Config, links: cluster.Cluster, clock: Clock, *,
                        sio: socketio.AsyncServer | None = None,
                        chore: bool = False) -> AsyncIterator[Services]:
    """The one place `Services` is assembled, for the server (`create_app`) and for a console
    chore (server/cli.py); the store is closed again on the way out.

    A chore runs beside a running server: it never counts message numbers alone, and it
    checks no passwords (its throttles stay local)."""
    db = await Database(config.db_path).open()
    try:
        keystore = await Database(config.keystore_path, "keystore_migrations").open()
        try:
            yield Services(config=config, db=db, keystore=keystore, clock=clock,
                           sio=sio or create_sio(links.socket_manager),
                           rooms=Rooms(clustered=chore or config.clustered), cluster=links,
                           throttles=Throttles() if chore else links.throttles(),
                           oidc=OidcClients(config.oidc))
        finally:
            await keystore.close()
    finally:
        await db.close()


async def _store(app: web.Application) -> AsyncIterator[None]:
    links = app[CLUSTER]
    async with open_services(app[CONFIG], links, app[CLOCK], sio=app[SIO]) as svc:
        links.on("live", lambda m: svc.rooms.on_live_changed(svc, m))
        links.on("closed", svc.rooms.on_closed)
        links.on("withdraw", lambda m: rooms.withdraw_here(svc, str(m["user"]), str(m["room"])))
        links.on("close_sockets", lambda m: revoke.close_sockets_here(
            svc, str(m["user"]), only=m.get("only"), keep=m.get("keep")))
        app[SERVICES] = svc
        namespace = RoomNamespace(svc)
        app[SIO].register_namespace(namespace)
        library_hooks.listen_now(app[SIO])
        shared_sockets = namespace.sockets.shared
        if shared_sockets is not None:
            await shared_sockets.start()
        yield
        if shared_sockets is not None:
            await shared_sockets.stop()
        svc.offload.close()
        await links.close()
