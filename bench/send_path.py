"""The send path alone, with and without direct websocket writes (server/realtime/send_queue.py).

One server process (our socket.io server, no store) and one client process holding N websocket
members in rooms of ten, each pinned to its own core where taskset exists. The server emits to
the rooms at a fixed rate and measures its own CPU per delivery over alternating windows, direct
writes on, then off (ABBA order), so that the machine's drift falls on both alike. Prints one
line per window and the medians.

    .venv/bin/python bench/send_path.py [--rooms 100] [--rate 200] [--window 4] [--pairs 8]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import socketio  # noqa: E402
from aiohttp import web  # noqa: E402

from server.app import create_sio  # noqa: E402
from server.realtime import send_queue  # noqa: E402
from tests.support import serve_on_loopback  # noqa: E402

MEMBERS = 10
# What a chat message looks like on the wire, give or take.
MESSAGE = {"session_id": "s" * 16, "seq": 1, "id": "c" * 16, "channel": "group",
           "author_id": "a" * 16, "author_name": "A member", "text": "t" * 120,
           "redacted": False, "at": 1.0}


def pin(core: int) -> list[str]:
    return ["taskset", "-c", str(core)] if shutil.which("taskset") else []


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def members(port: int, count: int) -> None:
    clients = []
    for _ in range(count):
        client = socketio.AsyncClient()
        client.on("message", lambda data: None)
        await client.connect(f"http://127.0.0.1:{port}", transports=["websocket"])
        clients.append(client)
    await asyncio.Event().wait()


async def serve(args: argparse.Namespace) -> None:
    sio = create_sio()
    connected = 0

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        nonlocal connected
        await sio.enter_room(sid, f"r{connected % args.rooms}")
        connected += 1

    app = web.Application()
    sio.attach(app)
    runner, port = await serve_on_loopback(app)
    count = args.rooms * MEMBERS
    clients = await asyncio.create_subprocess_exec(
        *pin(1), sys.executable, __file__, "--members-at", str(port), "--count", str(count))
    try:
        while connected < count:
            if clients.returncode is not None:
                raise SystemExit("the client process ended early")
            await asyncio.sleep(0.2)
        print(f"{count} members in {args.rooms} rooms; {args.rate:g} messages/s", flush=True)
        await asyncio.sleep(2)
        gc.collect()
        gc.freeze()
        gc.disable()  # no collector pauses in either mode's windows
        direct_put = send_queue.SendQueue.put

        async def queued_put(self: send_queue.SendQueue, item: Any) -> None:
            self.put_nowait(item)

        per_delivery: dict[str, list[float]] = {"direct": [], "queued": []}
        for window in range(args.pairs * 2):
            mode = ("direct", "queued", "queued", "direct")[window % 4]
            send_queue.SendQueue.put = (  # type: ignore[method-assign]
                direct_put if mode == "direct" else queued_put)
            await asyncio.sleep(0.5)
            started, cpu, sent = time.monotonic(), cpu_seconds(), 0
            while (now := time.monotonic()) - started < args.window:
                await sio.emit("message", MESSAGE, room=f"r{sent % args.rooms}")
                sent += 1
                await asyncio.sleep(max(0.0, started + sent / args.rate - now))
            us = (cpu_seconds() - cpu) / (sent * MEMBERS) * 1e6
            per_delivery[mode].append(us)
            print(f"  {mode:6s} {sent * MEMBERS:6d} deliveries  {us:6.1f} us of CPU each",
                  flush=True)
        send_queue.SendQueue.put = direct_put  # type: ignore[method-assign]
        direct, queued = (statistics.median(per_delivery[m]) for m in ("direct", "queued"))
        print(f"median CPU per delivery: direct {direct:.1f} us, queued {queued:.1f} us "
              f"({direct / queued:.2f}x)")
    finally:
        clients.kill()
        await clients.wait()
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--rate", type=float, default=200, help="messages per second in all")
    parser.add_argument("--window", type=float, default=4, help="seconds per window")
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--members-at", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.members_at:
        asyncio.run(members(args.members_at, args.count))
        return
    import uvloop

    if pin(0):  # the server on core 0, its members on core 1
        subprocess.run(["taskset", "-pc", "0", str(os.getpid())], check=False,
                       capture_output=True)
    uvloop.run(serve(args))


if __name__ == "__main__":
    main()
