"""What the fuzzer's checks read: the server's log, its writes, and its tables.

Whether a refused request wrote anything is seen two ways: sqlite3's trace callback on the
server's writing connections lists every statement with the running count of changed rows, so a
refused request that committed a change, even one row, is caught with the tables it touched;
and read-only connections to both files compare every table's row count across batches that
were refused throughout.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Any

SERVER_DIR = Path(__file__).resolve().parents[2] / "server"
# What the server writes to its logs when something went wrong that no check expected.
UNHANDLED_MARKS = ("Traceback", "Unhandled", "Error handling request", "outcome=crashed",
                   "code=internal", "exception was never retrieved")
# engine.io refusing a request, as it should; it logs the first of each kind at error level.
ENGINEIO_REFUSALS = ("is not an accepted origin.", "unsupported version of the Socket.IO",
                     "Invalid session", "Invalid transport")
# The fuzzer's own socket.io clients share the process (and asyncio's logger) with the server.
CLIENT_FILES = ("socketio/async_client.py", "socketio/base_client.py",
                "engineio/async_client.py", "engineio/base_client.py")
CLIENT_LOGGERS = ("socketio.client", "engineio.client", "fuzz")


class LogTap(logging.Handler):
    """Keeps every warning and error the server logs, in order, for the checks."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(CLIENT_LOGGERS) or _from_client(record):
            return
        # The server logs a crash by code only (never a traceback: it could quote what a
        # member wrote). It logs from inside its `except`, so the exception is still at hand
        # here: keep its type and where it was raised, for the report.
        exc = sys.exc_info()[1]
        if record.exc_info is None and exc is not None:
            ours = [f for f in traceback.extract_tb(exc.__traceback__)
                    if f.filename.startswith(str(SERVER_DIR))]
            where = (f" in {Path(ours[-1].filename).relative_to(SERVER_DIR.parent)}:"
                     f"{ours[-1].lineno}" if ours else "")
            record.raised = f"{type(exc).__name__}{where}"
        self.records.append(record)

    def mark(self) -> int:
        return len(self.records)

    def since(self, mark: int) -> list[logging.LogRecord]:
        return self.records[mark:]


def _from_client(record: logging.LogRecord) -> bool:
    """An exception raised in the fuzzer's own client library (asyncio logs both sides)."""
    tb = record.exc_info[2] if record.exc_info else None
    frames = traceback.extract_tb(tb) if tb is not None else []
    return bool(frames) and any(f.filename.endswith(CLIENT_FILES) for f in frames)


def unhandled(record: logging.LogRecord) -> bool:
    text = record.getMessage()
    if record.name == "engineio.server" and any(m in text for m in ENGINEIO_REFUSALS):
        return False
    return (record.levelno >= logging.ERROR or record.exc_info is not None
            or any(m in text for m in UNHANDLED_MARKS))


_WRITE = re.compile(r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|"
                    r"UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
# The presence heartbeat (server/actions/presence.py) commits every few seconds on its own.
HEARTBEAT_TABLES = frozenset({"workers"})


class WriteTrace:
    """What each transaction committed by the server's two writer connections changed.

    sqlite3's trace callback on the one writer connection of each store (every write goes
    through it: server/store/database.py) sees every statement, BEGIN, COMMIT and ROLLBACK,
    together with the connection's running count of changed rows. So a refused request that
    committed a change, even one row, is caught with the tables it touched; a statement that
    changed nothing is not a change; and the heartbeat's own commits are told apart.
    """

    def __init__(self) -> None:
        # (which connection, SQL about to run, rows changed by that connection so far)
        self.statements: list[tuple[int, str, int]] = []
        self._inline: dict[int, sqlite3.Connection] = {}

    async def attach(self, db: Any, index: int) -> None:
        """Trace both of a store's writing connections: the aiosqlite writer, and the one the
        message store uses on the event loop (server/store/database.py, `inline_writer`)."""
        writer = db._writer
        threaded = writer._conn

        def seen(conn: sqlite3.Connection, which: int) -> Any:
            return lambda sql: self.statements.append((which, sql, conn.total_changes))

        await writer._execute(threaded.set_trace_callback, seen(threaded, index))
        inline = getattr(db, "_inline", None)
        if inline is not None:
            inline.set_trace_callback(seen(inline, index + 10))
            self._inline[index + 10] = inline

    def _changes_after(self, pos: int, index: int, total: int) -> bool:
        """Did the statement at `pos`, run outside a transaction, change a row?"""
        for which, _, later in self.statements[pos + 1:]:
            if which == index:
                return later > total
        inline = self._inline.get(index)  # on this thread: its count can be read now
        return inline is None or inline.total_changes > total

    def mark(self) -> int:
        return len(self.statements)

    def trim(self) -> None:
        """Forget what is done with, keeping any transaction still open (between cases)."""
        open_at: dict[int, int] = {}
        for i, (index, sql, _) in enumerate(self.statements):
            word = sql.lstrip()[:8].upper()
            if word.startswith("BEGIN"):
                open_at[index] = i
            elif word.startswith(("COMMIT", "END", "ROLLBACK")):
                open_at.pop(index, None)
        del self.statements[:min(open_at.values(), default=len(self.statements))]

    def committed_since(self, mark: int) -> list[str]:
        """Tables changed by transactions that committed after `mark` (heartbeats left out).

        Reads from the start (trimmed between batches): a transaction that began before `mark`
        and committed after it counts, with every statement it ran.
        """
        pending: dict[int, tuple[int, list[str]]] = {}
        changed: list[str] = []
        statements = list(self.statements)
        for pos, (index, sql, total) in enumerate(statements):
            word = sql.lstrip()[:8].upper()
            if word.startswith("BEGIN"):
                pending[index] = (total, [])
            elif word.startswith(("COMMIT", "END")):
                began, tables = pending.pop(index, (total, []))
                if pos >= mark and total > began and not HEARTBEAT_TABLES & set(tables):
                    changed += tables
            elif word.startswith("ROLLBACK"):
                pending.pop(index, None)
            else:
                found = _WRITE.match(sql)
                if found:
                    if index in pending:
                        pending[index][1].append(found.group(1).lower())
                    elif pos >= mark and self._changes_after(pos, index, total):
                        changed.append(found.group(1).lower())  # committed on its own
        return changed


class StoreView:
    """Read-only connections to the server's two SQLite files."""

    def __init__(self, paths: list[Path]) -> None:
        self.conns = [sqlite3.connect(f"file:{p}?mode=ro", uri=True, isolation_level=None,
                                      check_same_thread=False) for p in paths]

    def counts(self) -> dict[str, int]:
        out = {}
        for i, conn in enumerate(self.conns):
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                if table not in HEARTBEAT_TABLES:
                    out[f"{i}:{table}"] = conn.execute(
                        f'SELECT count(*) FROM "{table}"').fetchone()[0]
        return out

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return list(self.conns[0].execute(sql, params))

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
