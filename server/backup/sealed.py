"""What in a backup only opens while its day's epoch key lives: the chat keys and the case notes.

Chat is readable only through its session's data key, so sealing the keystore's rows under the
epoch key bounds it. Case notes are end-to-end encrypted envelopes that their readers' own keys
open, with no server key to destroy, so the rows themselves come out of the database copy and
are sealed under the epoch key too. secure_delete zeroes them in the copy, and with no journal
(the copy is thrown away on any failure) no other file ever holds them; a VACUUM would do the
same at the cost of writing the whole copy twice more, which the running server would feel.
Once the sweeper destroys the epoch key, neither comes back from that backup, with or without
the backup key.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.backup.keyfile import BackupError

# Tables whose rows travel sealed, in the order they are put back (readers refer to notes).
EPOCH_TABLES = ("notes", "note_readers")
KeyRow = tuple[str, str, bytes, float]
Table = tuple[list[str], list[list[Any]]]  # column names, rows


@dataclass
class Sealed:
    session_keys: list[KeyRow] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)


def _aad(day: str, backup_id: str) -> bytes:
    return f"balint-backup-sealed/v1|{day}|{backup_id}".encode()


def _plain(value: Any) -> Any:
    return {"b64": base64.b64encode(value).decode()} if isinstance(value, bytes) else value


def _value(value: Any) -> Any:
    return base64.b64decode(value["b64"]) if isinstance(value, dict) else value


def take_out(snapshot: Path) -> dict[str, Table]:
    """The epoch tables' rows, removed from the database copy (which is then rebuilt)."""
    tables: dict[str, Table] = {}
    conn = sqlite3.connect(snapshot, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("PRAGMA journal_mode=OFF")
        for table in EPOCH_TABLES:
            cur = conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            columns = [d[0] for d in cur.description]
            tables[table] = (columns, [[_plain(v) for v in row] for row in cur])
        for table in reversed(EPOCH_TABLES):
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    finally:
        conn.close()
    return tables


def seal(content: Sealed, ekey: bytes, day: str, backup_id: str) -> bytes:
    plain = json.dumps({
        "session_keys": [[s, c, base64.b64encode(k).decode(), t]
                         for s, c, k, t in content.session_keys],
        "tables": {name: {"columns": cols, "rows": rows}
                   for name, (cols, rows) in content.tables.items()},
    }).encode()
    nonce = os.urandom(12)
    return nonce + AESGCM(ekey).encrypt(nonce, plain, _aad(day, backup_id))


def unseal(blob: bytes, ekey: bytes, day: str, backup_id: str) -> Sealed:
    try:
        plain = AESGCM(ekey).decrypt(blob[:12], blob[12:], _aad(day, backup_id))
    except InvalidTag:
        raise BackupError("The chat keys and case notes in this backup do not open.") from None
    data = json.loads(plain)
    return Sealed(
        [(s, c, base64.b64decode(k), float(t)) for s, c, k, t in data["session_keys"]],
        {name: (t["columns"], [[_value(v) for v in row] for row in t["rows"]])
         for name, t in data["tables"].items()})


def insert_statements(tables: dict[str, Table]) -> list[tuple[str, list[list[Any]]]]:
    """INSERT statements putting the sealed rows back, in EPOCH_TABLES order."""
    out = []
    for name in EPOCH_TABLES:
        if name not in tables:
            continue
        columns, rows = tables[name]
        if not all(re.fullmatch(r"[a-z_]{1,40}", c) for c in columns):
            raise BackupError("This backup file is damaged (a column name is not one of ours).")
        names, marks = ", ".join(columns), ", ".join("?" for _ in columns)
        # Table names are ours; column names were checked just above.
        out.append((f"INSERT OR IGNORE INTO {name} ({names}) VALUES ({marks})",  # noqa: S608
                    rows))
    return out
