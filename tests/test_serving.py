"""How the server runs: its event loop setting, room fan-out without a task per recipient, and
engine.io's per-socket send queues."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import subprocess
import sys
import tracemalloc
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import socketio
import uvloop
from aiohttp import web
from engineio import exceptions as eio_exceptions
from engineio import packet as eio_packet

from server.app import create_sio
from server.cli import loop_factory
from server.config import Config, ConfigError
from server.library_hooks import DirectWebSocket
from server.realtime.fanout import FanoutManager
from server.realtime.send_queue import DIRECT_MAX_CHARS, SendQueue
from tests.browser.conftest import ROOT, ServerProcess, start_server
from tests.support import serve_on_loopback

# -- the event loop ---------------------------------------------------------------------------


def test_event_loop_setting_defaults_to_auto_and_refuses_unknown_values() -> None:
    assert Config.from_env({}).event_loop == "auto"
    assert Config.from_env({"BALINT_EVENT_LOOP": "AsyncIO"}).event_loop == "asyncio"
    with pytest.raises(ConfigError, match="BALINT_EVENT_LOOP must be auto, uvloop or asyncio"):
        Config.from_env({"BALINT_EVENT_LOOP": "trio"})


def test_auto_and_uvloop_choose_uvloop_and_asyncio_chooses_asyncio() -> None:
    assert loop_factory("auto") is uvloop.new_event_loop
    assert loop_factory("uvloop") is uvloop.new_event_loop
    assert loop_factory("asyncio") is asyncio.new_event_loop


def test_serve_with_an_unknown_loop_says_so_and_exits(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server", "serve"], cwd=ROOT, capture_output=True, text=True,
        timeout=60, env={"PATH": "/usr/bin:/bin", "BALINT_DATA_DIR": str(tmp_path),
                         "BALINT_EVENT_LOOP": "twisted"},
    )
    assert done.returncode == 2
    assert "BALINT_EVENT_LOOP must be auto, uvloop or asyncio, got 'twisted'" in done.stderr
    assert not (tmp_path / "balint.sqlite3").exists()


def test_an_installed_copy_serves_the_browser_client_from_balint_web_dir(tmp_path: Path) -> None:
    """`pip install .` (the Dockerfile, the systemd guide) puts server/ in site-packages, with no
    web/ beside it: serve says so and stops, and BALINT_WEB_DIR points it at the client."""
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "server", site / "server",
                    ignore=shutil.ignore_patterns("__pycache__"))
    installed = {"PYTHONPATH": str(site)}  # and not run from the checkout: cwd is tmp_path
    refused = subprocess.run(
        [sys.executable, "-m", "server", "serve"], cwd=tmp_path, capture_output=True, text=True,
        timeout=60, env={**os.environ, **installed, "BALINT_DATA_DIR": str(tmp_path / "d")})
    assert refused.returncode == 2
    assert (f"no browser client at {site / 'web'} (index.html is missing): set BALINT_WEB_DIR "
            "to the web/ folder of Balint Rooms") in refused.stderr
    server = start_server(tmp_path, cwd=tmp_path,
                          extra_env={**installed, "BALINT_WEB_DIR": str(ROOT / "web")})
    try:
        with urllib.request.urlopen(server.url + "/", timeout=10) as page:
            assert page.status == 200
            assert "Balint Rooms" in page.read().decode()
    finally:
        server.stop()


def test_balint_serve_runs_on_uvloop(live_server: ServerProcess) -> None:
    assert "event=start loop=uvloop worker=main" in live_server.logs()


async def test_a_restart_is_not_held_up_by_a_page_that_keeps_its_socket_open(
    live_server: ServerProcess,
) -> None:
    """SIGTERM while a page holds a websocket and ignores engine.io's goodbye (its "close"
    packet): the server closes the websocket itself and exits at once, not when aiohttp's
    minute of shutdown timeout runs out (a deploy's restart, and every browser test's end)."""
    url = live_server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url, headers={"Origin": live_server.url}) as ws:
            opened = await ws.receive(timeout=10)
            assert opened.type == aiohttp.WSMsgType.TEXT and opened.data.startswith("0")

            async def ignore_until_closed() -> list[str]:
                texts = [msg async for msg in ws if msg.type == aiohttp.WSMsgType.TEXT]
                return [msg.data for msg in texts]

            reading = asyncio.ensure_future(ignore_until_closed())
            started = asyncio.get_running_loop().time()
            live_server.process.terminate()
            code = await asyncio.to_thread(live_server.process.wait, 60)
            took = asyncio.get_running_loop().time() - started
            ignored = await asyncio.wait_for(reading, 10)
    assert code == 0
    assert "1" in ignored  # engine.io said goodbye, and the page did not listen
    assert took < 5, f"the server took {took:.1f} s to stop"


# -- fan-out ----------------------------------------------------------------------------------


@pytest.fixture
async def room() -> AsyncIterator[tuple[socketio.AsyncServer, list[socketio.AsyncClient],
                                        list[list[Any]]]]:
    """The server's own socket.io set-up on a loopback port; three clients in room "r"."""
    sio = create_sio()
    assert isinstance(sio.manager, FanoutManager)

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        await sio.enter_room(sid, "r")

    app = web.Application()
    sio.attach(app)
    runner, port = await serve_on_loopback(app)
    clients, received = [], []
    # The last one long-polls: engine.io reads the same send queue for both transports.
    for transport in ("websocket", "websocket", "polling"):
        client = socketio.AsyncClient()
        got: list[Any] = []
        client.on("m", lambda *args, got=got: got.append(list(args)))
        await client.connect(f"http://127.0.0.1:{port}", transports=[transport])
        clients.append(client)
        received.append(got)
    try:
        yield sio, clients, received
    finally:
        # Server first, as on shutdown (app._close_sockets): engine.io ends a pending long-poll
        # only when the server closes; a polling client's own disconnect would wait it out.
        for socket in list(sio.eio.sockets.values()):
            await socket.close(wait=False)
        for client in clients:
            await client.disconnect()
        await runner.cleanup()


async def _until(ready: Callable[[], bool]) -> None:
    """Yield to the event loop until `ready()`: the caller bounds the wait. A check, not an
    event: what it waits for happens inside engine.io, which signals nothing."""
    while not ready():  # noqa: ASYNC110
        await asyncio.sleep(0.001)


async def _settle(received: list[list[Any]], expected: list[int]) -> None:
    for _ in range(100):
        if [len(got) for got in received] == expected:
            return
        await asyncio.sleep(0.02)
    assert [len(got) for got in received] == expected


async def test_an_event_reaches_everyone_in_the_room_once_but_the_skipped(room: Any) -> None:
    sio, clients, received = room
    await sio.emit("m", {"n": 1}, room="r")
    await sio.emit("m", ("two", 2), room="r", skip_sid=clients[0].get_sid())
    await _settle(received, [1, 2, 2])
    assert received[0] == [[{"n": 1}]]
    assert received[1] == received[2] == [[{"n": 1}], ["two", 2]]


async def test_one_recipient_failing_stops_nobody_else(
    room: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sio, clients, received = room
    real_send = sio.eio.send_packet
    # The room lists its members in the order they joined: the working one comes last.
    broken = sio.manager.eio_sid_from_sid(clients[0].get_sid(), "/")
    closed = sio.manager.eio_sid_from_sid(clients[1].get_sid(), "/")

    async def send_packet(eio_sid: str, pkt: Any) -> None:
        if eio_sid == broken:
            raise RuntimeError("a recipient's socket broke")
        if eio_sid == closed:
            raise eio_exceptions.SocketIsClosedError()
        await real_send(eio_sid, pkt)

    monkeypatch.setattr(sio.eio, "send_packet", send_packet)
    with caplog.at_level(logging.ERROR, logger="balint.realtime"):
        await sio.emit("m", {"text": "CANARY-7731"}, room="r")
        await sio.emit("m", {"text": "CANARY-7732"}, room="r")
    await _settle(received, [0, 0, 2])
    # The broken socket is logged (without the event's content); a closed one is expected.
    failures = [r for r in caplog.records if "event=fanout outcome=failed" in r.getMessage()]
    assert len(failures) == 2
    assert "CANARY" not in caplog.text


async def test_events_with_a_callback_keep_the_library_path(room: Any) -> None:
    sio, clients, _ = room
    answered: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    clients[0].on("ask", lambda data: {"answer": data["q"] * 2})
    await sio.emit("ask", {"q": 21}, to=clients[0].get_sid(), callback=answered.set_result)
    assert await asyncio.wait_for(answered, 5) == {"answer": 42}


async def test_a_burst_reaches_websocket_and_polling_members_whole_and_in_order(room: Any) -> None:
    sio, _, received = room
    assert all(isinstance(s.queue, SendQueue) for s in sio.eio.sockets.values())
    # All queued before any writer runs. 16: python-engineio's client refuses a polling payload
    # of more packets than that (Payload.max_decode_packets); the browser's client has no limit.
    for n in range(16):
        await sio.emit("m", n, room="r")
    await _settle(received, [16, 16, 16])
    assert all(got == [[n] for n in range(16)] for got in received)


async def test_websockets_are_offered_direct_writes_and_long_polling_is_not(room: Any) -> None:
    sio, clients, received = room
    queues = [sio.eio.sockets[sio.manager.eio_sid_from_sid(c.get_sid(), "/")].queue
              for c in clients]
    assert [q.direct is not None for q in queues] == [True, True, False]
    writes: list[Any] = []
    for queue in queues[:2]:
        assert queue.direct is not None
        real = queue.direct.send_now

        async def counted(pkt: Any, real: Any = real) -> bool:
            done: bool = await real(pkt)
            writes.append(done)
            return done

        queue.direct.send_now = counted  # type: ignore[method-assign]
    await sio.emit("m", "one", room="r")
    await _settle(received, [1, 1, 1])
    assert writes == [True, True]  # the idle websockets were written straight away


async def test_packets_keep_to_long_polling_until_the_upgrade_to_websocket_is_done(
        room: Any) -> None:
    """What a browser does (engine.io protocol 4): it keeps a long-poll open while it probes
    the websocket. Until the client says UPGRADE, packets must come by the long-poll; a packet
    on the websocket before the probe's answer would make the browser give the upgrade up."""
    sio, clients, _ = room
    base = f"{clients[0].connection_url}/socket.io/?EIO=4"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}&transport=polling") as resp:
            opened = await resp.text()
        assert opened.startswith("0")
        eio_sid = json.loads(opened[1:])["sid"]
        poll_url = f"{base}&transport=polling&sid={eio_sid}"

        async def long_poll() -> list[str]:
            async with http.get(poll_url) as resp:
                return (await resp.text()).split("\x1e")

        def messages(packets: list[str]) -> list[str]:
            return [p[1:] for p in packets if p.startswith("4")]

        polled = asyncio.ensure_future(long_poll())
        # The long-poll is waiting on the server: engine.io's reader waits on the send queue.
        queue = sio.eio.sockets[eio_sid].queue
        await asyncio.wait_for(_until(lambda: queue._getter is not None), 5)
        ws = await http.ws_connect(f"{base}&transport=websocket&sid={eio_sid}".replace(
            "http://", "ws://"))
        await sio.eio.send(eio_sid, "before the probe")  # the socket is still long-polling
        assert messages(await asyncio.wait_for(polled, 5)) == ["before the probe"]
        await ws.send_str("2probe")
        assert (await ws.receive_str(timeout=5)) == "3probe"
        await sio.eio.send(eio_sid, "during the upgrade")  # held until the client says UPGRADE
        await ws.send_str("5")
        await sio.eio.send(eio_sid, "after the upgrade")  # the websocket is idle: written at once
        on_ws: list[str] = []
        while len(on_ws) < 2:
            packet = await ws.receive_str(timeout=5)
            if packet.startswith("4"):
                on_ws.append(packet[1:])
        assert on_ws == ["during the upgrade", "after the upgrade"]
        await ws.close()


# -- send queues ------------------------------------------------------------------------------


async def test_send_queue_is_first_in_first_out_and_hands_over_to_a_waiting_reader() -> None:
    queue = SendQueue()
    waiting = queue.get()
    assert not waiting.done()
    queue.put_nowait("a")
    await queue.put("b")
    queue.put_nowait("c")
    assert await waiting == "a"
    assert queue.qsize() == 2 and not queue.empty()
    assert await queue.get() == "b"
    assert queue.get_nowait() == "c"
    assert queue.empty()
    with pytest.raises(asyncio.QueueEmpty):
        queue.get_nowait()


async def test_a_reader_that_timed_out_or_was_cancelled_takes_nothing_with_it() -> None:
    queue = SendQueue()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(queue.get(), 0.01)  # engine.io's writer does exactly this
    cancelled = queue.get()
    cancelled.cancel()
    reader = asyncio.ensure_future(asyncio.wait_for(queue.get(), 5))
    await asyncio.sleep(0)
    queue.put_nowait("kept")
    assert await reader == "kept"


async def test_several_waiting_readers_are_served_in_the_order_they_came() -> None:
    queue = SendQueue()
    first, gone, second, third = queue.get(), queue.get(), queue.get(), queue.get()
    gone.cancel()
    for item in ("a", "b", "c", "d"):
        queue.put_nowait(item)
    assert [await first, await second, await third] == ["a", "b", "c"]
    assert queue.get_nowait() == "d"


async def test_join_waits_until_every_item_is_done() -> None:
    queue = SendQueue()
    await asyncio.wait_for(queue.join(), 1)  # nothing put: nothing to wait for
    queue.put_nowait(1)
    queue.put_nowait(2)
    joined = asyncio.ensure_future(queue.join())
    queue.get_nowait()
    queue.task_done()
    for _ in range(5):  # turns of the event loop, in which it would have finished
        await asyncio.sleep(0)
    assert not joined.done()
    queue.get_nowait()
    queue.task_done()
    await asyncio.wait_for(joined, 1)
    with pytest.raises(ValueError, match="too many times"):
        queue.task_done()


async def test_an_idle_send_queue_with_its_reader_waiting_is_far_lighter_than_asyncio_queue(
) -> None:
    async def cost(make: Any) -> float:
        queues, readers = [], []
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for _ in range(500):
                queue = make()
                queue.put_nowait("warm")  # a socket that has sent a packet and gone idle
                queue.get_nowait()
                queues.append(queue)
                readers.append(asyncio.ensure_future(asyncio.wait_for(queue.get(), 60)))
            await asyncio.sleep(0)
            used = (tracemalloc.get_traced_memory()[0] - before) / len(queues)
        finally:
            tracemalloc.stop()
            for reader in readers:
                reader.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
        return used

    ours, library = await cost(SendQueue), await cost(asyncio.Queue)
    assert library - ours > 2500, (ours, library)


class _Websocket:
    """Stands in for DirectWebSocket: takes or refuses what SendQueue.put offers it."""

    def __init__(self, takes: bool) -> None:
        self.takes, self.written = takes, []  # type: ignore[var-annotated]

    async def send_now(self, pkt: Any) -> bool:
        if self.takes:
            self.written.append(pkt.data)
        return self.takes


def _message(data: str) -> Any:
    return eio_packet.Packet(eio_packet.MESSAGE, data)


async def test_put_writes_directly_only_to_an_idle_writer_with_nothing_queued() -> None:
    queue, ws = SendQueue(), _Websocket(takes=True)
    queue.direct = ws  # type: ignore[assignment]
    await queue.put(_message("no writer waiting: queued"))
    assert ws.written == [] and queue.qsize() == 1
    waiting = queue.get()  # the writer takes that one and comes back while a second waits
    assert waiting.done() and queue.empty()
    writer = queue.get()
    await queue.put(_message("written"))
    await queue.put(eio_packet.Packet(eio_packet.PING))  # not a message: always queued
    assert ws.written == ["written"]
    assert (await writer).packet_type == eio_packet.PING
    await queue.put(None)  # engine.io's signal to its writer to stop
    assert queue.get_nowait() is None


async def test_put_queues_what_the_websocket_will_not_take_at_once() -> None:
    queue, ws = SendQueue(), _Websocket(takes=False)
    queue.direct = ws  # type: ignore[assignment]
    writer = queue.get()
    await queue.put(_message("for the writer"))
    assert (await writer).data == "for the writer"


class _Transport:
    def __init__(self, buffered: int = 0, closing: bool = False) -> None:
        self.buffered, self.closing = buffered, closing

    def get_write_buffer_size(self) -> int:
        return self.buffered

    def is_closing(self) -> bool:
        return self.closing


class _Sock:
    def __init__(self, fails: bool = False) -> None:
        self.fails, self.sent = fails, []  # type: ignore[var-annotated]

    async def send_str(self, text: str) -> None:
        if self.fails:
            raise ConnectionResetError("gone")
        self.sent.append(text)


@pytest.mark.parametrize(("why", "upgraded", "upgrading", "transport", "text", "sock"), [
    ("still long-polling", False, False, _Transport(), "hi", _Sock()),
    ("upgrading", True, True, _Transport(), "hi", _Sock()),
    ("the client is slow to read", True, False, _Transport(buffered=1), "hi", _Sock()),
    ("the connection is closing", True, False, _Transport(closing=True), "hi", _Sock()),
    ("too long to compress at once", True, False, _Transport(), "x" * DIRECT_MAX_CHARS,
     _Sock()),
    ("the write failed", True, False, _Transport(), "hi", _Sock(fails=True)),
])
async def test_a_websocket_refuses_a_direct_write_that_could_wait_or_fail(
        why: str, upgraded: bool, upgrading: bool, transport: Any, text: str, sock: Any) -> None:
    ws = DirectWebSocket(handler=None, server=None)
    ws._owner = type("Socket", (), {"upgraded": upgraded, "upgrading": upgrading})()
    ws._transport, ws._sock = transport, sock
    assert await ws.send_now(_message(text)) is False, why
    assert sock.sent == []


async def test_a_websocket_writes_a_short_message_to_a_ready_connection() -> None:
    ws = DirectWebSocket(handler=None, server=None)
    ws._owner = type("Socket", (), {"upgraded": True, "upgrading": False})()
    transport: Any = _Transport()
    ws._transport, ws._sock = transport, _Sock()
    assert await ws.send_now(_message("hello")) is True
    assert ws._sock.sent == ["4hello"]
