"""The store: a row just committed is visible to the next read, whatever else is reading."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

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


async def test_commits_never_checkpoint_and_the_checkpointer_does(tmp_path: Path) -> None:
    """A commit that takes the WAL past SQLite's 1,000-page mark returns without folding it
    into the main file (it would do so holding the write lock); the periodic checkpoint does."""
    path = tmp_path / "t.sqlite3"
    db = await Database(path, checkpoint_seconds=1.0).open()
    try:
        async with db.write() as conn:
            await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
        await asyncio.sleep(1.2)  # the table's own pages folded in; start from a quiet WAL
        before = path.stat().st_size
        for _ in range(12):  # ~1,500 pages of 4 KiB, committed through both write paths
            async with db.write() as conn:
                await conn.executemany("INSERT INTO t (v) VALUES (?)",
                                       [(bytes(3000),) for _ in range(60)])
            async with db.inline_writer() as inline:
                inline.executemany("INSERT INTO t (v) VALUES (?)",
                                   [(bytes(3000),) for _ in range(60)])
        assert path.stat().st_size == before
        for _ in range(40):
            if path.stat().st_size > before + 5_000_000:
                break
            await asyncio.sleep(0.1)
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
            busy = asyncio.get_running_loop().run_in_executor(
                None, lambda: other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
            await asyncio.sleep(0.005)
            try:
                truncated = await db.checkpoint()
            finally:
                await busy  # never close `other` under its own running statement
            assert truncated
            assert (tmp_path / "t.sqlite3-wal").stat().st_size == 0
    finally:
        other.close()
        await db.close()
