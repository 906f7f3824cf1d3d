"""The store: a row just committed is visible to the next read, whatever else is reading."""

from __future__ import annotations

import asyncio
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
