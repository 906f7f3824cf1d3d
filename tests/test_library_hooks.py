"""Each private hook in server/library_hooks.py still holds with the installed libraries.

An upgrade of python-socketio, python-engineio or aiohttp past the pins in pyproject.toml may
move what these hooks lean on; then a test here fails naming the hook, rather than the server
quietly losing its lighter send queues or its JSON error pages.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import socketio
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from engineio import async_socket
from engineio.async_drivers import aiohttp as eio_aiohttp
from socketio import async_pubsub_manager

from server import library_hooks
from server.app import create_sio
from server.library_hooks import DirectWebSocket, EngineIOServer, SideChannelRedisManager
from server.realtime.send_queue import SendQueue
from tests.support import serve_on_loopback


def broken(hook: str, what: str) -> str:
    return (f"library hook {hook} (server/library_hooks.py) no longer holds: {what}. Adapt the "
            "hook to the new library version before raising its pin in pyproject.toml.")


# --- what the hooks rely on, read from the libraries themselves --------------------------------


def test_socketio_builds_engineio_through_its_private_factory() -> None:
    sio = create_sio()
    assert isinstance(sio.eio, EngineIOServer), broken(
        "SocketServer._engineio_server_class", "python-socketio no longer calls it")
    assert sio.eio._async.get("websocket") is DirectWebSocket, broken(
        "EngineIOServer._async['websocket']", "engine.io's driver table has no websocket entry")
    assert isinstance(sio.eio.create_queue(), SendQueue), broken(
        "EngineIOServer.create_queue", "engine.io no longer asks it for queues")
    assert sio.manager_initialized is False, broken(
        "listen_now", "python-socketio has no manager_initialized flag")


def test_engineio_builds_its_websocket_from_the_driver_table() -> None:
    params = list(inspect.signature(eio_aiohttp.WebSocket.__init__).parameters)
    assert params[:3] == ["self", "handler", "server"], broken(
        "DirectWebSocket", f"engine.io's WebSocket takes {params}")
    source = inspect.getsource(async_socket.AsyncSocket)
    assert "self.server._async['websocket']" in source, broken(
        "EngineIOServer._async['websocket']", "engine.io's socket builds its websocket otherwise")


def test_the_redis_manager_reads_and_writes_through_listen_and_publish() -> None:
    manager = socketio.AsyncRedisManager
    assert inspect.isasyncgenfunction(manager._listen), broken(
        "SideChannelRedisManager._listen", "AsyncRedisManager._listen is no async generator")
    assert list(inspect.signature(manager._publish).parameters) == ["self", "data"], broken(
        "SideChannelRedisManager.publish", "AsyncRedisManager._publish(data) changed")
    source = inspect.getsource(async_pubsub_manager.AsyncPubSubManager)
    assert "in self._listen()" in source, broken(
        "SideChannelRedisManager._listen", "the pub/sub manager no longer reads self._listen()")


async def test_our_messages_leave_the_redis_stream_and_the_rest_go_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("redis")
    heard: list[bytes] = []

    async def library_listen(self: Any) -> AsyncIterator[Any]:
        for data in (b'{"method": "balint", "op": "x"}', b'{"method": "emit"}', {"x": 1}):
            yield data

    async def on_message(data: bytes) -> None:
        heard.append(data)

    monkeypatch.setattr(socketio.AsyncRedisManager, "_listen", library_listen)
    manager = SideChannelRedisManager("redis://127.0.0.1:1/0", "c", b'{"method": "balint"',
                                      on_message)
    passed = [data async for data in manager._listen()]
    assert heard == [b'{"method": "balint", "op": "x"}']
    assert passed == [b'{"method": "emit"}', {"x": 1}]


def test_aiohttp_builds_requests_through_make_request_with_a_class() -> None:
    params = inspect.signature(web.Application._make_request).parameters
    assert "_cls" in params, broken("answer_unrouted", "Application._make_request has no _cls")
    assert inspect.iscoroutinefunction(web.Request._prepare_hook), broken(
        "answer_unrouted", "Request._prepare_hook is gone")
    # A request starts unrouted: its class keeps None until the router sets one.
    assert "_match_info" in vars(web.Request) and web.Request._match_info is None, broken(
        "match_info_or_none", "an unrouted request's _match_info is not None")
    routed = make_mocked_request("GET", "/x", match_info={"id": "1"})
    assert library_hooks.match_info_or_none(routed) is routed.match_info, broken(
        "match_info_or_none", "a routed request keeps its match elsewhere")


# --- the hooks at work, on a real loopback server ----------------------------------------------


async def test_a_websocket_gets_our_send_queue_and_direct_writer() -> None:
    sio = create_sio()
    app = web.Application()
    sio.attach(app)
    runner, port = await serve_on_loopback(app)
    client = socketio.AsyncClient(reconnection=False)
    got: asyncio.Queue[Any] = asyncio.Queue()
    client.on("m", got.put_nowait)
    try:
        await client.connect(f"http://127.0.0.1:{port}", transports=["websocket"])
        [socket] = library_hooks.engineio_sockets(sio)
        assert isinstance(socket.queue, SendQueue), broken(
            "EngineIOServer.create_queue", "the socket has another queue")
        assert isinstance(socket.queue.direct, DirectWebSocket), broken(
            "DirectWebSocket.__call__", "the socket's handler, its owner or its queue moved")
        assert (socket.upgraded, socket.upgrading) == (True, False), broken(
            "DirectWebSocket.send_now", "engine.io's socket has no upgraded/upgrading")
        assert callable(getattr(socket.queue.direct._sock, "send_str", None)), broken(
            "DirectWebSocket.send_now", "engine.io keeps the aiohttp websocket elsewhere")
        sid = client.get_sid()
        assert sio.manager.eio_sid_from_sid(sid, "/") == socket.sid
        assert library_hooks.socket_alive(sio, sid), broken(
            "socket_alive", "a connected socket is not found or is closed")
        assert not library_hooks.socket_alive(sio, "no-such-sid")
        await sio.enter_room(sid, "r")
        assert [s for s, _ in sio.manager.get_participants("/", "r")] == [sid]
        assert sid in sio.manager.rooms["/"]["r"]
        await sio.emit("m", "hello", to="r")
        assert await asyncio.wait_for(got.get(), 5) == "hello"
    finally:
        for socket in library_hooks.engineio_sockets(sio):
            await socket.close(wait=False)
        await client.disconnect()
        await runner.cleanup()


async def test_an_answer_aiohttp_gives_an_unparsable_request_goes_through_the_hook() -> None:
    app = web.Application()
    seen: list[int] = []

    def fix(response: web.Response) -> None:
        seen.append(response.status)
        response.content_type = "application/json"
        response.text = json.dumps({"fixed": True})

    library_hooks.answer_unrouted(app, fix)
    runner, port = await serve_on_loopback(app)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 5)
        writer.close()
    finally:
        await runner.cleanup()
    assert seen and answer.endswith(b'{"fixed": true}'), broken(
        "answer_unrouted", f"aiohttp answered without it: {answer[:80]!r}")
