"""Baseline: a bare python-socketio broadcast server on aiohttp with the same event shapes as
Balint Rooms, and nothing else (no sign-in, no store, no encryption, no permissions).

    python bench/baselines/bare_sio.py --port 8765 [--loop uvloop]

Events: `accept_rules` (ack ok), `join` {session_id} (enter the room; ack with empty history),
`send` {session_id, client_id, text} (broadcast `message` to the room, sender included, and ack
the message). Answers are wrapped like the real server's: {"ok": true, "data": ...}.

BALINT_GC_FREEZE=1 applies the same GC treatment as `bench/run.py --server-gc tuned` gives the
real server (bench/gc_shim): a large generation-0 threshold, and gc.freeze() on SIGUSR1.
"""

from __future__ import annotations

import argparse
import os
import runpy
import time
from pathlib import Path
from typing import Any

import socketio
from aiohttp import web

# The same opt-in GC treatment as the real server gets; a no-op unless BALINT_GC_FREEZE=1.
runpy.run_path(str(Path(__file__).resolve().parent.parent / "gc_shim" / "sitecustomize.py"))


def build() -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=None,
                               max_http_buffer_size=512 * 1024, logger=False,
                               engineio_logger=False)
    app = web.Application()
    seqs: dict[str, int] = {}

    @sio.on("accept_rules")
    async def accept_rules(sid: str, data: Any = None) -> dict[str, Any]:
        return {"ok": True, "data": None}

    @sio.on("join")
    async def join(sid: str, data: Any = None) -> dict[str, Any]:
        session_id = data["session_id"]
        await sio.enter_room(sid, f"s:{session_id}")
        return {"ok": True, "data": {"session": {"id": session_id}, "status": "admitted",
                                     "presence": [], "messages": [], "complete": True}}

    @sio.on("send")
    async def send(sid: str, data: Any = None) -> dict[str, Any]:
        session_id = data["session_id"]
        seq = seqs[session_id] = seqs.get(session_id, 0) + 1
        message = {"seq": seq, "id": data["client_id"], "channel": "group", "author_id": sid,
                   "author_name": "bench", "text": data["text"], "redacted": False,
                   "at": time.time()}
        await sio.emit("message", {"session_id": session_id, **message}, room=f"s:{session_id}")
        return {"ok": True, "data": message}

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.router.add_get("/healthz", healthz)
    sio.attach(app)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BALINT_PORT", "8765")))
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio",
                        help="asyncio's own event loop (python-socketio as it comes) or uvloop "
                             "(as Balint Rooms runs)")
    args = parser.parse_args()
    loop = None
    if args.loop == "uvloop":
        import uvloop

        loop = uvloop.new_event_loop()
    web.run_app(build(), host=args.host, port=args.port, print=None, loop=loop)


if __name__ == "__main__":
    main()
