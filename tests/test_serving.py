"""How the server runs: its event loop setting, room fan-out without a task per recipient, and
engine.io's per-socket send queues."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import sys
import tracemalloc
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import socketio
import uvloop
from aiohttp import web
from engineio import exceptions as eio_exceptions

from server.app import create_sio
from server.cli import loop_factory
from server.config import Config, ConfigError
from server.realtime.fanout import FanoutManager
from server.realtime.send_queue import SendQueue
from tests.browser.conftest import ROOT, ServerProcess, start_server

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
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
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
    await asyncio.sleep(0.01)
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
