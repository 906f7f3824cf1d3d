"""Where coturn's TURN REST secret lives, and how the app changes it (issue 22).

Two modes (deploy/README.md, "TURN"):

- static (`BALINT_TURN_SECRET`, coturn's `static-auth-secret`): one secret for ever. coturn
  cannot refuse a credential made with it before the expiry in its username, so a removed
  member's pass stops working only at that expiry (`BALINT_TURN_TTL_SECONDS`).
- rotating (`BALINT_TURN_SECRET_DB`, coturn's SQLite `userdb`): the secrets are rows of coturn's
  table `turn_secret (realm, value)`, which coturn reads again for every authentication
  (coturn's src/apps/relay/userdb.c `get_auth_secrets` and dbd_sqlite.c). The app writes them:
  the newest row is the one credentials are made with, and `rotate` replaces every other row
  of the realm in one transaction, so every pass made before it is refused for any new
  allocation at once.

Each value starts with the nanosecond it was made, so the newest is the largest, and every
worker of one host agrees on it by reading the same file (coturn and the app share the host).
The app writes coturn's file directly rather than running `turnadmin`: the same two SQL
statements, without a subprocess or a coturn binary on the app's side.
"""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
import time
from pathlib import Path

from server.config import Config

# coturn's own schema (dbd_sqlite.c init_sqlite_database): whichever starts first makes it.
SCHEMA = ("CREATE TABLE IF NOT EXISTS turn_secret (realm varchar(127) default '', "
          "value varchar(127), primary key (realm,value))")


def _new_value() -> str:
    return f"{time.time_ns():020d}.{secrets.token_hex(24)}"


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5, isolation_level=None)
    conn.execute(SCHEMA)
    return conn


def _current(path: Path, realm: str) -> str:
    conn = _connect(path)
    try:
        row = conn.execute("SELECT max(value) FROM turn_secret WHERE realm = ?",
                           (realm,)).fetchone()
        if row[0]:
            return str(row[0])
        return _replace(conn, realm)
    finally:
        conn.close()


def _replace(conn: sqlite3.Connection, realm: str) -> str:
    value = _new_value()
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT INTO turn_secret (realm, value) VALUES (?, ?)", (realm, value))
        # Every other row of the realm (ours or one added by hand with turnadmin). Two workers
        # rotating at once are serialised by the write lock: the later one's secret stays.
        conn.execute("DELETE FROM turn_secret WHERE realm = ? AND value != ?", (realm, value))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return value


def _rotate(path: Path, realm: str) -> str:
    conn = _connect(path)
    try:
        return _replace(conn, realm)
    finally:
        conn.close()


async def current(config: Config) -> str:
    """The secret new credentials are made with."""
    if config.turn_secret_db is None:
        return config.turn_secret
    return await asyncio.to_thread(_current, config.turn_secret_db, config.turn_realm)


async def rotate(config: Config) -> bool:
    """A new secret, and every older one dropped: passes made before now are refused for any
    new allocation. False in the static mode, where nothing can be revoked."""
    if config.turn_secret_db is None:
        return False
    await asyncio.to_thread(_rotate, config.turn_secret_db, config.turn_realm)
    return True
