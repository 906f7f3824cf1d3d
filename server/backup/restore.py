"""`balint restore SRC`: a backup back into the data directory, swept before anyone connects.

Every check (key, completeness, schema version, the database's integrity) runs on a private
decrypted copy before the data directory is touched, so a refused backup changes nothing.
Then the database and certificate keys are put in place, the keystore is rebuilt from the
backup's chat keys (only those of sessions in the copy, and only while their epoch key lives),
rows sealed under a key that did not come back are deleted (nobody could read them), and the
retention sweeper runs with the current clock: whatever expired since the backup was taken is
destroyed before the server serves again.
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

from server import cluster, retention
from server.actions import sweeper
from server.app import open_services
from server.backup import archive, sealed
from server.backup.keyfile import BackupError
from server.clock import Clock
from server.config import Config

DATA_FILES = ("balint.sqlite3", "balint.sqlite3-wal", "balint.sqlite3-shm", "keys.sqlite3",
              "keys.sqlite3-wal", "keys.sqlite3-shm", archive.CERT_NAME,
              archive.CERT_NAME + ".lock")


def _server_answers(config: Config) -> bool:
    try:
        with socket.create_connection((config.host, config.port), timeout=0.5):
            return True
    except OSError:
        return False


def check_target(config: Config, replace: bool) -> None:
    """Refuse a data directory that holds data, unless told to replace it (never while a
    server answers on its port)."""
    present = [n for n in DATA_FILES if (config.data_dir / n).exists()]
    if present and not replace:
        raise BackupError(
            f"{config.data_dir} already holds a Balint Rooms database. Restore into an empty "
            "BALINT_DATA_DIR, or stop the server and pass --replace to overwrite it. "
            "Nothing was changed.")
    if present and _server_answers(config):
        raise BackupError(
            f"A server is answering on {config.host}:{config.port}: stop it before restoring "
            "over its data. Nothing was changed.")


async def _put_back_keys(config: Config, opened: archive.Opened, clock: Clock) -> dict[str, int]:
    """Rebuild the keystore and the case notes from the backup; delete rows no key can open
    any more; sweep."""
    counts = {"chat_keys_restored": 0, "unreadable_messages_deleted": 0}
    content = opened.sealed or sealed.Sealed()
    async with open_services(config, cluster.create(config), clock, chore=True) as svc:
        async with svc.db.write() as conn:
            for statement, values in sealed.insert_statements(content.tables):
                await conn.executemany(statement, values)
        sessions = {r["id"] for r in await svc.db.fetch_all("SELECT id FROM sessions")}
        rows = [r for r in content.session_keys if r[0] in sessions]
        await svc.keystore.execute_write_many(
            "INSERT OR IGNORE INTO session_keys (session_id, class, data_key, created_at)"
            " VALUES (?, ?, ?, ?)", rows)
        counts["chat_keys_restored"] = len(rows)
        keyed = {(s, sweeper.CLASS_CHANNELS[c]) for s, c, _, _ in rows}
        present = await svc.db.fetch_all("SELECT DISTINCT session_id, channel FROM messages")
        async with svc.db.write() as conn:
            for row in present:
                if (row["session_id"], row["channel"]) not in keyed:
                    cur = await conn.execute(
                        "DELETE FROM messages WHERE session_id = ? AND channel = ?",
                        (row["session_id"], row["channel"]))
                    counts["unreadable_messages_deleted"] += cur.rowcount
        swept = await sweeper.sweep(svc)
        await svc.db.checkpoint()
        await svc.keystore.checkpoint()
    return {**counts, **{f"swept_{k}": v for k, v in swept.items()}}


async def restore(config: Config, src: Path, clock: Clock, *, replace: bool = False) -> str:
    check_target(config, replace)
    parent = config.data_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".balint-restore-", dir=parent) as tmp:
        opened = archive.open_backup(config, src, Path(tmp), clock.now())
        # Every check passed: only now is the data directory changed.
        for name in DATA_FILES:
            (config.data_dir / name).unlink(missing_ok=True)
        config.data_dir.mkdir(parents=True, exist_ok=True)
        archive.copy_private(opened.db_file, config.db_path)
        if opened.certificate_keys is not None:
            archive.copy_private(opened.certificate_keys, config.data_dir / archive.CERT_NAME)
    counts = await _put_back_keys(config, opened, clock)
    restored = archive.counts_of(config.db_path)
    lines = [f"Restored {src} into {config.data_dir}:"]
    lines += [f"  {name.replace('_', ' ')}: {n}" for name, n in restored.items()]
    lines.append(f"  chat keys restored: {counts.pop('chat_keys_restored')}")
    if opened.sealed is None:
        lines.append("  chat and case notes: not restored; this backup is more than "
                     f"{retention.BACKUP_CHAT_DAYS} days old, so their key was destroyed")
    lines.append("Destroyed before serving (expired, or no longer readable):")
    destroyed = {k: v for k, v in counts.items() if v}
    lines += [f"  {k.removeprefix('swept_').replace('_', ' ')}: {v}"
              for k, v in sorted(destroyed.items())] or ["  nothing"]
    return "\n".join(lines)
