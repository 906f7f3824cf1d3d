"""One SQLite file behind one writer.

Reads run on their own connection and may overlap with writes (WAL). Every write goes through
`write()`, which holds an asyncio lock around `BEGIN IMMEDIATE ... COMMIT`, so two coroutines can
never interleave statements inside one transaction, and SQLite never sees two writers.

No commit checkpoints the WAL. SQLite's automatic checkpoint runs inside whichever commit takes
the WAL past 1,000 pages, and our write lock is held until that commit returns: every chat
message then waited for the checkpoint (bench: 3.5-4.3 ms every 3 s, each time the presence
heartbeat's commit crossed the mark). A task checkpoints every CHECKPOINT_SECONDS instead, on
the reader's thread and outside the write lock; a PASSIVE checkpoint never blocks writers.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    # Deleted rows are overwritten with zeros, so a deleted message is not left in free pages.
    "PRAGMA secure_delete=ON",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
    # No commit checkpoints: the timer below does, outside the write lock (see above).
    "PRAGMA wal_autocheckpoint=0",
)
INLINE_PRAGMAS = ("PRAGMA busy_timeout=0",)
CHECKPOINT_SECONDS = 2.0
# A TRUNCATE checkpoint that finds another one running (another worker's) returns busy at once
# rather than waiting: try again for up to this long.
TRUNCATE_PATIENCE_SECONDS = 10.0

log = logging.getLogger("balint.store")


class StoreClosedError(RuntimeError):
    """The database was used after close()."""


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


class Database:
    def __init__(self, path: Path, migrations: str = "migrations",
                 checkpoint_seconds: float = CHECKPOINT_SECONDS,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.path = path
        self._migrations = migrations  # folder of numbered .sql files inside server/store
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._inline: sqlite3.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._closed = False
        self._checkpoint_seconds = checkpoint_seconds
        self._sleep = sleep  # the checkpoint timer's wait; a test steps it by hand instead
        self._checkpointer: asyncio.Task[None] | None = None
        # This process's checkpoints one at a time: the periodic one would make checkpoint()'s
        # TRUNCATE return busy, leaving deleted content in the WAL.
        self._checkpoint_lock = asyncio.Lock()

    async def open(self) -> Database:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = await _connect(self.path)
        await self._migrate()
        self._reader = await _connect(self.path)
        await self._reader.execute("PRAGMA query_only=ON")
        self._inline = sqlite3.connect(self.path, isolation_level=None)
        for pragma in (*PRAGMAS, *INLINE_PRAGMAS):
            self._inline.execute(pragma)
        self._checkpointer = asyncio.create_task(self._checkpoint_often())
        return self

    async def _checkpoint_often(self) -> None:
        while True:
            await self._sleep(self._checkpoint_seconds)
            try:
                async with self._checkpoint_lock:
                    # Query-only still checkpoints: it writes back committed pages, changes
                    # nothing.
                    await self._conn(self._reader).execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error as err:  # the next round tries again
                log.warning("event=checkpoint outcome=failed error=%s", type(err).__name__)

    async def close(self) -> None:
        """Close both connections; safe to call twice."""
        self._closed = True
        if self._checkpointer is not None:
            self._checkpointer.cancel()
            with suppress(asyncio.CancelledError):
                await self._checkpointer
            self._checkpointer = None
        if self._inline is not None:
            self._inline.close()
            self._inline = None
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    def _conn(self, which: aiosqlite.Connection | None) -> aiosqlite.Connection:
        if which is None:
            raise StoreClosedError("the database is closed" if self._closed else "not opened")
        return which

    # -- reads ---------------------------------------------------------------------------

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        # One worker-thread call that runs, fetches and closes the statement: a cursor left
        # open between awaits would hold the shared reader in an old snapshot, so other
        # coroutines' reads would miss rows committed in between.
        return list(await self._conn(self._reader).execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    # -- writes --------------------------------------------------------------------------

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: commits on success, rolls back on any exception."""
        async with self._write_lock:
            conn = self._conn(self._writer)
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    @asynccontextmanager
    async def inline_writer(self) -> AsyncIterator[sqlite3.Connection]:
        """A plain connection used on the event loop itself, under the write lock, for the hot
        path's one-statement writes (a chat message). Each statement commits on its own.

        Why on the loop: a trip to aiosqlite's thread and back cost more CPU than the insert
        itself (bench: ~15-30 us per insert in WAL mode without fsync, against the thread's
        wake-ups). It never waits for a lock (busy_timeout 0): when another process holds the
        write lock, the statement fails at once with sqlite3.OperationalError and the caller
        takes the threaded path, which may wait. Like every connection here, it never
        checkpoints; the timer does, off the loop.
        """
        if self._inline is None:
            raise StoreClosedError("the database is closed" if self._closed else "not opened")
        async with self._write_lock:
            yield self._inline

    async def execute_write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in its own transaction; returns lastrowid."""
        async with self.write() as conn:
            cur = await conn.execute(sql, params)
            return cur.lastrowid or 0

    async def execute_write_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.write() as conn:
            await conn.executemany(sql, rows)

    async def checkpoint(self) -> bool:
        """Fold the WAL into the main file and truncate it, so deleted pages leave the WAL too.
        False (and a warning) if other processes' checkpoints kept it busy throughout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TRUNCATE_PATIENCE_SECONDS
        async with self._write_lock, self._checkpoint_lock:
            while True:
                rows = await self._conn(self._writer).execute_fetchall(
                    "PRAGMA wal_checkpoint(TRUNCATE)")
                if not next(iter(rows))[0]:  # (busy, WAL pages, pages checkpointed)
                    return True
                if loop.time() > deadline:
                    log.warning("event=checkpoint mode=truncate outcome=busy")
                    return False
                await asyncio.sleep(0.05)

    # -- schema --------------------------------------------------------------------------

    async def _migrate(self) -> None:
        conn = self._conn(self._writer)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)"
        )
        async with conn.execute("SELECT version FROM schema_migrations") as cur:
            done = {row[0] for row in await cur.fetchall()}
        for version, sql in _migrations(self._migrations):
            if version in done:
                continue
            await conn.execute("BEGIN IMMEDIATE")
            try:
                # Several workers may start at once on one file: the first to take the write
                # lock applies the step, the others find it done once they get the lock.
                async with conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)
                ) as cur:
                    if await cur.fetchone() is not None:
                        await conn.execute("COMMIT")
                        continue
                for statement in _split_sql(sql):
                    await conn.execute(statement)
                await conn.execute("INSERT INTO schema_migrations VALUES (?)", (version,))
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")


def _migrations(folder_name: str) -> list[tuple[int, str]]:
    folder = resources.files("server.store") / folder_name
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def _split_sql(script: str) -> list[str]:
    # sqlite3.complete_statement knows where statements end, including inside triggers.
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return [s for s in statements if s]


def latest_version(folder_name: str = "migrations") -> int:
    """The newest schema version this code knows (a backup from a newer one is refused)."""
    return max(version for version, _ in _migrations(folder_name))
