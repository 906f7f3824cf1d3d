"""The store: a row just committed is visible to the next read, whatever else is reading."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

from server.store import Database


async def test_reads_see_committed_rows_while_others_read(tmp_path: Path) -> None:
    """Concurrent readers never pin the shared reader in an old snapshot."""
    db = await Database(tmp_path / "t.sqlite3").open()
    async with db.write() as conn:
        await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
    for i in range(50):
        await db.execute_write("INSERT INTO t (v) VALUES (?)", (i,))
    stop = False
    missed = 0

    async def reader() -> None:
        while not stop:
            await db.fetch_one("SELECT * FROM t")

    async def writer(i: int) -> None:
        nonlocal missed
        row_id = await db.execute_write("INSERT INTO t (v) VALUES (?)", (i,))
        if await db.fetch_one("SELECT * FROM t WHERE id = ?", (row_id,)) is None:
            missed += 1

    readers = [asyncio.create_task(reader()) for _ in range(4)]
    await asyncio.gather(*(writer(i) for i in range(1000)))
    stop = True
    await asyncio.gather(*readers)
    await db.close()
    assert missed == 0


async def test_close_twice_and_use_after_close(tmp_path: Path) -> None:
    db = await Database(tmp_path / "t.sqlite3").open()
    await db.close()
    await db.close()
    try:
        await db.fetch_one("SELECT 1")
        raise AssertionError("used after close")
    except RuntimeError as err:
        assert "closed" in str(err)


class StepTimer:
    """Stands in for the checkpoint timer's asyncio.sleep: each `step()` lets one round run
    and returns once that round is over (the checkpointer is waiting for the next)."""

    def __init__(self) -> None:
        # The checkpointer's way on from its timer, one for each time it reaches the timer.
        self._waiting: asyncio.Queue[asyncio.Future[None]] = asyncio.Queue()

    async def sleep(self, seconds: float) -> None:
        go_on = asyncio.get_running_loop().create_future()
        self._waiting.put_nowait(go_on)
        await go_on

    async def step(self) -> None:
        go_on = await asyncio.wait_for(self._waiting.get(), 5)  # it is at its timer
        go_on.set_result(None)
        back = await asyncio.wait_for(self._waiting.get(), 5)  # the round ran; at its timer again
        self._waiting.put_nowait(back)


async def test_commits_never_checkpoint_and_the_checkpointer_does(tmp_path: Path) -> None:
    """A commit that takes the WAL past SQLite's 1,000-page mark returns without folding it
    into the main file (it would do so holding the write lock); the periodic checkpoint does."""
    path = tmp_path / "t.sqlite3"
    timer = StepTimer()
    db = await Database(path, checkpoint_seconds=1.0, sleep=timer.sleep).open()
    try:
        async with db.write() as conn:
            await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
        await timer.step()  # the table's own pages folded in; start from a quiet WAL
        before = path.stat().st_size
        for _ in range(12):  # ~1,500 pages of 4 KiB, committed through both write paths
            async with db.write() as conn:
                await conn.executemany("INSERT INTO t (v) VALUES (?)",
                                       [(bytes(3000),) for _ in range(60)])
            async with db.inline_writer() as inline:
                inline.executemany("INSERT INTO t (v) VALUES (?)",
                                   [(bytes(3000),) for _ in range(60)])
        assert path.stat().st_size == before
        await timer.step()  # one round of the periodic checkpoint
        assert path.stat().st_size > before + 5_000_000
    finally:
        await db.close()


async def test_truncate_waits_out_other_checkpoints_and_empties_the_wal(tmp_path: Path) -> None:
    """The sweeper's TRUNCATE checkpoint clears deleted content from the WAL. Another checkpoint
    running at that moment (this process's timer, another worker's) must not make it give up."""
    path = tmp_path / "t.sqlite3"
    db = await Database(path, checkpoint_seconds=0.01).open()  # the timer runs all the time
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        async with db.write() as conn:
            await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
        for _ in range(3):
            async with db.write() as conn:
                await conn.executemany("INSERT INTO t (v) VALUES (?)",
                                       [(bytes(3000),) for _ in range(3000)])
            # Another process checkpoints the big WAL while ours asks to truncate it.
            started = threading.Event()

            def checkpoint_elsewhere(started: threading.Event = started) -> Any:
                started.set()
                return other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()

            busy = asyncio.get_running_loop().run_in_executor(None, checkpoint_elsewhere)
            await asyncio.to_thread(started.wait, 5)  # the other checkpoint is under way
            try:
                truncated = await db.checkpoint()
            finally:
                await busy  # never close `other` under its own running statement
            assert truncated
            assert (tmp_path / "t.sqlite3-wal").stat().st_size == 0
    finally:
        other.close()
        await db.close()
