"""The backup key file and its epoch store: what opens a backup, and what stops old ones opening.

The key file (`BALINT_BACKUP_KEY_FILE`, made by `balint backup-key new PATH`) holds one random
256-bit key. The deployment keeps it apart from the data directory: a stolen disk or a stolen
backup is useless without it. It opens the database part of every backup (accounts, groups,
registers, certificate keys) for as long as the backup is kept.

Beside it, `PATH.epochs` (SQLite, secure_delete) holds one *epoch key* per UTC day, itself
sealed under the backup key. The session data keys inside a backup (the only way to read its
chat) and its case notes are sealed under the epoch key of the day the backup was taken
(server/backup/sealed.py). The retention sweeper destroys each epoch key
`retention.BACKUP_CHAT_DAYS` after its day began; from then on no backup of that day can open
any chat or case note, even with the backup key. That is the bound on how long deleted
chat survives in backups, enforced by destroying a key. The server's sweeper needs only the
epoch store (to delete rows), never the backup key itself.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from server import retention

KEY_PREFIX = "balint-backup-key-v1:"
NONCE_BYTES = 12


class BackupError(Exception):
    """A refusal in plain words; nothing was changed."""


def derive(master: bytes, purpose: str, salt: bytes = b"") -> bytes:
    """A 256-bit key for one purpose, from the backup key (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt or None,
                info=f"balint-backup/v1 {purpose}".encode()).derive(master)


def key_id(master: bytes) -> str:
    """A short public name of a backup key, written in each backup's header."""
    return derive(master, "key id")[:8].hex()


def new_key_file(path: Path) -> str:
    """Write a new key file (mode 0600); never overwrites one. Returns its key id."""
    key = os.urandom(32)
    text = KEY_PREFIX + base64.urlsafe_b64encode(key).decode() + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{path} already exists; a key file is never overwritten "
                          "(the backups made with it would no longer open).") from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    return key_id(key)


def read_key_file(path: Path | None) -> bytes:
    if path is None:
        raise BackupError("BALINT_BACKUP_KEY_FILE is not set: make a key with "
                          "`balint backup-key new PATH` and point BALINT_BACKUP_KEY_FILE at it.")
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise BackupError(f"The backup key file {path} cannot be read.") from None
    try:
        if not text.startswith(KEY_PREFIX):
            raise ValueError
        key = base64.urlsafe_b64decode(text[len(KEY_PREFIX):])
        if len(key) != 32:
            raise ValueError
    except ValueError:
        raise BackupError(f"{path} is not a Balint Rooms backup key file.") from None
    return key


def day_of(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d")


def day_start(day: str) -> float:
    return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp()


def epochs_path(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".epochs")


def _open_epochs(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA secure_delete=ON",
                   "PRAGMA busy_timeout=10000"):
        conn.execute(pragma)
    conn.execute("CREATE TABLE IF NOT EXISTS epoch_keys (day TEXT PRIMARY KEY, "
                 "sealed BLOB NOT NULL, created_at REAL NOT NULL) WITHOUT ROWID")
    os.chmod(path, 0o600)
    return conn


def _wrap_aad(day: str) -> bytes:
    return f"balint-backup-epoch/v1|{day}".encode()


def epoch_key(master: bytes, key_file: Path, day: str, now: float, *,
              create: bool) -> bytes | None:
    """The epoch key of `day`, made if `create` and missing; None once destroyed."""
    wrap = AESGCM(derive(master, "epoch wrap"))
    conn = _open_epochs(epochs_path(key_file))
    try:
        if create and now < day_start(day) + retention.BACKUP_CHAT_DAYS * retention.DAY:
            nonce = os.urandom(NONCE_BYTES)
            sealed = nonce + wrap.encrypt(nonce, AESGCM.generate_key(bit_length=256),
                                          _wrap_aad(day))
            # Two backups on one day share the key: the first one in makes it.
            conn.execute("INSERT OR IGNORE INTO epoch_keys VALUES (?, ?, ?)", (day, sealed, now))
        row = conn.execute("SELECT sealed FROM epoch_keys WHERE day = ?", (day,)).fetchone()
    finally:
        conn.close()
    if row is None:
        return None
    try:
        return wrap.decrypt(row[0][:NONCE_BYTES], row[0][NONCE_BYTES:], _wrap_aad(day))
    except InvalidTag:
        raise BackupError("The epoch store beside the backup key file belongs to another "
                          "backup key.") from None


def destroy_old_epochs(key_file: Path, now: float) -> int:
    """Destroy every epoch key whose day began BACKUP_CHAT_DAYS ago or more (the sweeper and
    each backup call this). secure_delete zeroes the rows; the TRUNCATE checkpoint empties the
    WAL, so no copy stays in the file."""
    path = epochs_path(key_file)
    if not path.exists():
        return 0
    conn = _open_epochs(path)
    try:
        days = [r[0] for r in conn.execute("SELECT day FROM epoch_keys")]
        due = [d for d in days
               if now >= day_start(d) + retention.BACKUP_CHAT_DAYS * retention.DAY]
        for day in due:
            conn.execute("DELETE FROM epoch_keys WHERE day = ?", (day,))
        if due:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return len(due)


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
