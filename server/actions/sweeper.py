"""The retention sweeper: deletes what a policy says must go, on time, also after downtime.

Order matters. For each retention class that is due, the data key is destroyed first (in the
keystore file), then the rows sealed under it are deleted, then both files are checkpointed so
the WAL holds no copy. If the process dies between steps, the next sweep finishes the job: a
class is "due" whether or not its key still exists. The sweep runs at start-up before the server
listens, so deadlines that passed while it was down are met before anyone can connect.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from server import group_settings, retention
from server.actions import audit, revoke
from server.backup.keyfile import destroy_old_epochs
from server.keys import SERVICES, Services

log = logging.getLogger("balint.retention")

# Channels sealed under each retention class's key.
CLASS_CHANNELS = {"chat": "group", "facilitators": "facilitators"}
ORPHAN_KEY_SECONDS = 3600


def _policy(row: Any) -> dict[str, int]:
    """A session row's retention policy in effect (its group's choice within programme limits)."""
    limits = retention.limits(row["retention_limits"])
    return dict(group_settings.effective(row["settings"], limits)["retention"])


async def _end_stale_sessions(svc: Services, now: float) -> Counter[str]:
    """Sessions nobody ended: ended the one way (server/actions/ending.py), as of their
    maximum length, so their rooms close and their pages show the closing screen. Returns the
    count ended and what their end-of-session sweeps deleted."""
    from server.actions import ending  # ending sweeps each session it ends: imports this

    cutoff = now - svc.config.max_session_seconds
    rows = await svc.db.fetch_all(
        "SELECT id, opened_at FROM sessions WHERE state = 'open' AND opened_at <= ?", (cutoff,))
    counts: Counter[str] = Counter()
    for row in rows:
        swept = await ending.end(svc, row["id"], "max_session_length",
                                 ended_at=row["opened_at"] + svc.config.max_session_seconds)
        if swept is not None:  # None: another worker's sweeper, or a facilitator, was first
            counts["sessions_ended"] += 1
            counts.update(swept)
    return counts


async def _shred(svc: Services, session_id: str, cls: str, rule: str) -> int:
    async with svc.keystore.write() as conn:
        cur = await conn.execute(
            "DELETE FROM session_keys WHERE session_id = ? AND class = ?", (session_id, cls))
        keys = cur.rowcount
    # The key must not outlive its row in any worker's memory either.
    await svc.rooms.closed(svc, session_id)
    async with svc.db.write() as conn:
        cur = await conn.execute("DELETE FROM messages WHERE session_id = ? AND channel = ?",
                                 (session_id, CLASS_CHANNELS[cls]))
        deleted = cur.rowcount
    if keys or deleted:  # nothing left means another worker's sweeper got here first
        await audit.record(svc, "shredded", rule, session_id,
                           {"messages": deleted, "keys": keys})
    return deleted


async def sweep_sessions(svc: Services, now: float, only: str | None = None) -> Counter[str]:
    """Shred every retention class that is due, for every ended session (or just `only`)."""
    counts: Counter[str] = Counter()
    keyed = {(r["session_id"], r["class"]) for r in await svc.keystore.fetch_all(
        "SELECT session_id, class FROM session_keys WHERE ?1 IS NULL OR session_id = ?1",
        (only,))}
    with_messages = {(r["session_id"], r["channel"]) for r in await svc.db.fetch_all(
        "SELECT DISTINCT session_id, channel FROM messages WHERE ?1 IS NULL OR session_id = ?1",
        (only,))}
    candidates = {s for s, _ in keyed} | {s for s, _ in with_messages}
    if not candidates:
        return counts
    rows = await svc.db.fetch_all(
        "SELECT s.id, s.ended_at, g.settings, p.retention_limits FROM sessions s"
        " JOIN groups g ON g.id = s.group_id JOIN programmes p ON p.id = g.programme_id"
        " WHERE s.state = 'ended' AND s.id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(candidates)),))
    for row in rows:
        policy = _policy(row)
        due = retention.deadlines(policy, row["ended_at"])
        for cls, channel in CLASS_CHANNELS.items():
            present = (row["id"], cls) in keyed or (row["id"], channel) in with_messages
            if present and now >= due[cls]:
                field = "chat_hours" if cls == "chat" else "facilitator_days"
                counts[f"{cls}_messages"] += await _shred(
                    svc, row["id"], cls, f"{cls}:{policy[field]}")
                counts[f"{cls}_keys"] += 1
    return counts


ATTENDANCE_TABLES = ("attendance_intervals", "attendance_corrections", "attendance_session_starts")


async def _sweep_notes_and_attendance(svc: Services, now: float) -> Counter[str]:
    """Case notes `note_days` after their session; attendance after the programme's period."""
    counts: Counter[str] = Counter()
    rows = await svc.db.fetch_all(
        "SELECT s.id, s.ended_at, g.settings, p.retention_limits FROM sessions s"
        " JOIN groups g ON g.id = s.group_id JOIN programmes p ON p.id = g.programme_id"
        " WHERE s.state = 'ended' AND (EXISTS (SELECT 1 FROM notes n WHERE n.session_id = s.id)"
        " OR EXISTS (SELECT 1 FROM attendance_intervals a WHERE a.session_id = s.id)"
        " OR EXISTS (SELECT 1 FROM attendance_corrections c WHERE c.session_id = s.id)"
        " OR EXISTS (SELECT 1 FROM attendance_session_starts t WHERE t.session_id = s.id))")
    for row in rows:
        policy = _policy(row)
        if now >= retention.deadlines(policy, row["ended_at"])["notes"]:
            async with svc.db.write() as conn:
                cur = await conn.execute("DELETE FROM notes WHERE session_id = ?", (row["id"],))
                deleted = cur.rowcount
            if deleted:
                counts["notes"] += deleted
                await audit.record(svc, "deleted", f"notes:{policy['note_days']}", row["id"],
                             {"notes": deleted})
        if now >= row["ended_at"] + policy["attendance_years"] * 365 * retention.DAY:
            deleted = 0
            async with svc.db.write() as conn:
                for table in ATTENDANCE_TABLES:
                    cur = await conn.execute(
                        f"DELETE FROM {table} WHERE session_id = ?",  # noqa: S608 - fixed names
                        (row["id"],))
                    deleted += cur.rowcount
            if deleted:
                counts["attendance_rows"] += deleted
                await audit.record(svc, "deleted", f"attendance:{policy['attendance_years']}y",
                             row["id"], {"rows": deleted})
    return counts


async def _orphan_keys(svc: Services, now: float) -> int:
    """Keys written just before a crash that stopped their session being created."""
    rows = await svc.keystore.fetch_all(
        "SELECT DISTINCT session_id FROM session_keys WHERE created_at <= ?",
        (now - ORPHAN_KEY_SECONDS,))
    orphans = [r["session_id"] for r in rows
               if await svc.db.fetch_value("SELECT 1 FROM sessions WHERE id = ?",
                                           (r["session_id"],)) is None]
    for session_id in orphans:
        await svc.keystore.execute_write("DELETE FROM session_keys WHERE session_id = ?",
                                         (session_id,))
    return len(orphans)


async def _backup_epochs(svc: Services, now: float) -> int:
    """Old backups' chat keys (server/backup/keyfile.py): destroyed on time, here too."""
    key_file = svc.config.backup_key_file
    if key_file is None:  # this deployment takes no backups, or keeps the key elsewhere
        return 0
    try:
        return await asyncio.to_thread(destroy_old_epochs, key_file, now)
    except (OSError, sqlite3.Error) as err:
        # Never stop the rest of the sweep (or the server's start) over it: say so loudly.
        log.error("event=backup_epochs outcome=failed error=%s", type(err).__name__)
        return 0


async def sweep(svc: Services, only: str | None = None) -> dict[str, int]:
    """One pass of every retention rule; returns what it deleted, as counts."""
    now = svc.clock.now()
    counts: Counter[str] = Counter()
    if only is None:
        counts.update(await _end_stale_sessions(svc, now))
    counts.update(await sweep_sessions(svc, now, only))
    if only is None:
        counts.update(await _sweep_notes_and_attendance(svc, now))
        counts["orphan_keys"] = await _orphan_keys(svc, now)
        counts["sign_ins_ended"] = await revoke.end_expired_sign_ins(svc, now)
        counts["backup_epoch_keys"] = await _backup_epochs(svc, now)
        async with svc.db.write() as conn:
            cur = await conn.execute("DELETE FROM audit_log WHERE at < ?",
                                     (now - svc.config.audit_seconds,))
            counts["audit_rows"] = cur.rowcount
    if any(counts.values()):
        # secure_delete zeroed the freed cells; a TRUNCATE checkpoint clears the WAL's copies.
        await svc.keystore.checkpoint()
        await svc.db.checkpoint()
    result = {k: v for k, v in counts.items() if v}
    if only is None:
        await audit.record(svc, "sweep", "all", None, result)
    log.info("event=sweep %s", " ".join(f"{k}={v}" for k, v in sorted(result.items())))
    return result


async def sweeper_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: sweep once before the server accepts connections, then on a schedule."""
    svc = app[SERVICES]
    await sweep(svc)

    async def loop() -> None:
        while True:
            await asyncio.sleep(svc.config.sweep_seconds)
            try:
                await sweep(svc)
            except Exception:
                log.exception("event=sweep outcome=crashed")

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
