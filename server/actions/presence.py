"""Who is in which room now, across every worker process.

One row per socket in the store, so a worker sees the people whose sockets another worker
holds. Each worker beats a heartbeat; the rows of a worker that stops beating (killed, or cut
off) stop counting at once and are deleted by the next live worker's beat, so a crashed worker
never leaves ghosts in a room. Liveness uses the wall clock, not the app's clock: it is about
processes, not about the session's time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiosqlite
from aiohttp import web

from server.keys import SERVICES, Services

log = logging.getLogger("balint.presence")

HEARTBEAT_SECONDS = 3.0
# Several missed beats, not one: a worker busy for a moment is not a dead worker.
GONE_AFTER_SECONDS = 12.0

_LIVE_ROWS = (
    "FROM presence p JOIN workers w ON w.worker = p.worker"
    " WHERE p.session_id = ? AND w.seen_at > ?"
)


@dataclass(frozen=True)
class Occupant:
    user_id: str
    display_name: str
    role: str


def _cutoff() -> float:
    return time.time() - GONE_AFTER_SECONDS


async def _sockets_of(conn: aiosqlite.Connection, session_id: str, user_id: str) -> int:
    """How many sockets this person has in the room, on live workers (inside a write)."""
    async with conn.execute(f"SELECT COUNT(*) {_LIVE_ROWS} AND p.user_id = ?",
                            (session_id, _cutoff(), user_id)) as counted:
        row = await counted.fetchone()
    return int(row[0]) if row is not None else 0


async def arrive(svc: Services, sid: str, session_id: str, user_id: str, role: str) -> bool:
    """Record one socket in the room; True when it is this person's first anywhere."""
    async with svc.db.write() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO presence (sid, session_id, user_id, worker, role)"
            " VALUES (?, ?, ?, ?, ?)",
            (sid, session_id, user_id, svc.config.worker, role),
        )
        if cur.rowcount == 0:  # this socket joined twice: not a new arrival
            return False
        return await _sockets_of(conn, session_id, user_id) == 1


async def depart(svc: Services, sid: str, session_id: str, user_id: str) -> bool:
    """Forget one socket; True when the person has now left the room altogether."""
    async with svc.db.write() as conn:
        cur = await conn.execute(
            "DELETE FROM presence WHERE sid = ? AND session_id = ?", (sid, session_id)
        )
        if cur.rowcount == 0:
            return False
        return await _sockets_of(conn, session_id, user_id) == 0


async def evict(svc: Services, session_id: str, user_id: str) -> None:
    """Drop every socket of a person from the room's presence (they were removed)."""
    await svc.db.execute_write(
        "DELETE FROM presence WHERE session_id = ? AND user_id = ?", (session_id, user_id)
    )


async def occupants(svc: Services, session_id: str) -> list[Occupant]:
    rows = await svc.db.fetch_all(
        "SELECT DISTINCT p.user_id, u.display_name, p.role FROM presence p"
        " JOIN workers w ON w.worker = p.worker JOIN users u ON u.id = p.user_id"
        " WHERE p.session_id = ? AND w.seen_at > ?",
        (session_id, _cutoff()),
    )
    return [Occupant(r["user_id"], r["display_name"], r["role"]) for r in rows]


async def beat(svc: Services) -> None:
    """Say this worker is alive, and clear out the sockets of workers that are not."""
    async with svc.db.write() as conn:
        await conn.execute(
            "INSERT INTO workers (worker, seen_at) VALUES (?, ?)"
            " ON CONFLICT (worker) DO UPDATE SET seen_at = excluded.seen_at",
            (svc.config.worker, time.time()),
        )
        await conn.execute(
            "DELETE FROM presence WHERE worker IN (SELECT worker FROM workers WHERE seen_at <= ?)",
            (_cutoff(),),
        )


async def _withdraw_worker(svc: Services) -> None:
    """This worker holds no sockets now: at start-up after a crash, and at a clean stop."""
    async with svc.db.write() as conn:
        await conn.execute("DELETE FROM presence WHERE worker = ?", (svc.config.worker,))


async def presence_ctx(app: web.Application) -> AsyncIterator[None]:
    """aiohttp cleanup context: heartbeat for as long as the app runs."""
    svc = app[SERVICES]
    await _withdraw_worker(svc)
    await beat(svc)

    async def loop() -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await beat(svc)
            except Exception:  # a locked store for a moment must not end the heartbeat
                log.exception("event=heartbeat_failed")

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    with contextlib.suppress(Exception):
        await _withdraw_worker(svc)
