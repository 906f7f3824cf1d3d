"""Taking a backup and opening one (docs/backup-format.md).

`take` runs in its own process beside the running server, never inside it: it reads the
database with `VACUUM INTO`, one read transaction that in WAL mode never blocks the server's
writers (they go on appending to the WAL; only checkpoints wait for the copy to finish), so
rooms do not pause, and the compression and encryption use another core, not the event loop.
The database is copied first and the keystore after it: a key that is made or destroyed in
between is at worst one too many (its session is not in the copy; restore drops it) or one too
few (its class was already due; restore's sweep deletes the rows).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from server import signing_keys
from server.backup import fileformat, sealed
from server.backup.keyfile import (
    BackupError,
    day_of,
    destroy_old_epochs,
    epoch_key,
    fingerprint,
    read_key_file,
)
from server.config import Config
from server.store.database import latest_version

DB_NAME, SEALED_NAME, MANIFEST = "balint.sqlite3", "epoch.sealed", "manifest.json"
CERT_NAME = signing_keys.FILE_NAME
COUNTED = {"people": "users", "groups": "groups", "sessions": "sessions",
           "messages": "messages", "case_notes": "notes",
           "attendance_rows": "attendance_intervals", "audit_rows": "audit_log"}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _snapshot(config: Config, work: Path) -> tuple[Path, list[sealed.KeyRow], dict[str, int]]:
    snap = work / DB_NAME
    src = sqlite3.connect(config.db_path, timeout=10)
    try:
        src.execute("PRAGMA busy_timeout=10000")
        # The copy is a scratch file (the backup file is synced instead): not syncing it
        # spares the server a long filesystem journal commit behind which its own writes wait.
        src.execute("PRAGMA synchronous=OFF")
        src.execute("VACUUM INTO ?", (str(snap),))
    finally:
        src.close()
    keys = sqlite3.connect(config.keystore_path, timeout=10)
    try:
        rows = [(str(r[0]), str(r[1]), bytes(r[2]), float(r[3])) for r in keys.execute(
            "SELECT session_id, class, data_key, created_at FROM session_keys")]
        keystore_schema = keys.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
    finally:
        keys.close()
    with sqlite3.connect(snap) as conn:
        schema = {"database": conn.execute("SELECT MAX(version) FROM schema_migrations"
                                           ).fetchone()[0], "keystore": keystore_schema}
    return snap, rows, schema


def counts_of(db_file: Path) -> dict[str, int]:
    with sqlite3.connect(db_file) as conn:
        return {name: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
                for name, table in COUNTED.items()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(dest: Path, master: bytes, header: dict[str, Any],
                      members: dict[str, bytes | Path], manifest: dict[str, Any]) -> None:
    """The tar archive of `members` (and a manifest of their sizes and digests), encrypted as
    it is written, into a temporary file beside `dest`, synced, then renamed over it."""
    files = {name: {"size": len(c), "sha256": fingerprint(c)} if isinstance(c, bytes)
             else {"size": c.stat().st_size, "sha256": _sha256(c)} for name, c in members.items()}
    manifest_bytes = json.dumps({**manifest, "files": files}, indent=1).encode()
    tmp = dest.with_name(f".{dest.name}.tmp")
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            sink = fileformat.Writer(out, master, header)
            # Not compressed: most of the database is sealed messages, which do not compress,
            # and gzip cost ~10x the rest of a backup in CPU (2.2 of 2.9 s for 24 MB).
            with tarfile.open(fileobj=sink, mode="w|") as tar:  # type: ignore[call-overload]
                for name, content in [(MANIFEST, manifest_bytes), *members.items()]:
                    if isinstance(content, Path):
                        tar.add(content, arcname=name)
                    else:
                        info = tarfile.TarInfo(name)
                        info.size = len(content)
                        tar.addfile(info, io.BytesIO(content))
            sink.close()
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed backup leaves no half file behind
        raise
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)


def destination(dest: Path, now: float) -> Path:
    """DEST as given, or a dated file in it when DEST is a directory."""
    if dest.is_dir():
        stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
        return dest / f"balint-{stamp}.backup"
    return dest


def prune(folder: Path, keep: int) -> list[Path]:
    """Keep the newest `keep` dated backups in `folder`; delete the rest."""
    dated = sorted(folder.glob("balint-*.backup"))
    gone = dated[:-keep] if keep > 0 else []
    for path in gone:
        path.unlink()
    return gone


def take(config: Config, dest: Path, now: float) -> tuple[Path, dict[str, int]]:
    """Write a backup of `config`'s data directory to `dest`; its path and counts."""
    key_file = config.backup_key_file
    master = read_key_file(key_file)
    assert key_file is not None
    for path in (config.db_path, config.keystore_path):
        if not path.exists():  # sqlite3.connect would make an empty one
            raise BackupError(f"There is no database at {path} to back up (check "
                              "BALINT_DATA_DIR; the server makes both files when it starts).")
    destroy_old_epochs(key_file, now)
    day = day_of(now)
    ekey = epoch_key(master, key_file, day, now, create=True)
    assert ekey is not None
    target = destination(dest, now)
    backup_id = os.urandom(8).hex()
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=config.data_dir) as tmp:
        work = Path(tmp)
        snap, rows, schema = _snapshot(config, work)
        counts = counts_of(snap)
        content = sealed.Sealed(rows, sealed.take_out(snap))
        members: dict[str, bytes | Path] = {
            DB_NAME: snap, SEALED_NAME: sealed.seal(content, ekey, day, backup_id)}
        cert = config.data_dir / CERT_NAME
        if cert.exists():  # replaced atomically by its writer, so one read is consistent
            members[CERT_NAME] = cert.read_bytes()
        info = {"created_at": now, "epoch_day": day, "backup_id": backup_id, "schema": schema}
        _write_atomically(target, master, info, members,
                          {**info, "counts": counts, "session_keys": len(rows)})
    return target, {**counts, "session_keys": len(rows)}


@dataclass
class Opened:
    """A backup decrypted and checked, in a private working folder."""

    header: dict[str, Any]
    manifest: dict[str, Any]
    db_file: Path
    sealed: sealed.Sealed | None  # chat keys and case notes; None: the epoch key is destroyed
    certificate_keys: Path | None


def _check_schema(fields: dict[str, Any]) -> None:
    schema = fields.get("schema", {})
    for part, folder in (("database", "migrations"), ("keystore", "keystore_migrations")):
        theirs, ours = int(schema.get(part, 0)), latest_version(folder)
        if theirs > ours:
            raise BackupError(
                f"This backup comes from a newer version of Balint Rooms ({part} schema "
                f"{theirs}; this version knows up to {ours}). Upgrade Balint Rooms first, then "
                "restore. Nothing was changed.")


def _extract(payload: Path, work: Path) -> dict[str, Path]:
    wanted = {MANIFEST, DB_NAME, SEALED_NAME, CERT_NAME}
    found = {}
    try:
        with tarfile.open(payload, "r:") as tar:
            for member in tar:
                if member.name in wanted and member.isfile():
                    tar.extract(member, work / "open", filter="data")
                    found[member.name] = work / "open" / member.name
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError("This backup file is damaged (its archive does not open).") from None
    return found


def open_backup(config: Config, src: Path, work: Path, now: float) -> Opened:
    """Decrypt and check every part of the backup at `src`; refuse in plain words."""
    master = read_key_file(config.backup_key_file)
    assert config.backup_key_file is not None
    try:
        with src.open("rb") as stream:
            header = fileformat.read_header(stream)
    except OSError:
        raise BackupError(f"The backup {src} cannot be read.") from None
    fileformat.check_key(header, master)
    _check_schema(header.fields)
    payload = work / "payload.tar"
    fileformat.decrypt_to(src, payload, master)
    files = _extract(payload, work)
    payload.unlink()
    if MANIFEST not in files:
        raise BackupError("This backup file is incomplete (it has no manifest).")
    manifest = json.loads(files[MANIFEST].read_bytes())
    for name, expected in manifest["files"].items():
        if name not in files or fingerprint(files[name].read_bytes()) != expected["sha256"]:
            raise BackupError(f"This backup file is incomplete ({name} is missing or damaged).")
    with sqlite3.connect(files[DB_NAME]) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database inside this backup is damaged.")
    fields = header.fields
    ekey = epoch_key(master, config.backup_key_file, str(fields["epoch_day"]), now, create=False)
    content = None if ekey is None else sealed.unseal(
        files[SEALED_NAME].read_bytes(), ekey, str(fields["epoch_day"]), str(fields["backup_id"]))
    return Opened(fields, manifest, files[DB_NAME], content, files.get(CERT_NAME))


def verify(config: Config, src: Path, now: float) -> str:
    """`balint backup --verify SRC`: does it open, is it complete; what it holds (counts)."""
    # Decrypted beside the backup itself, not in a shared /tmp.
    with tempfile.TemporaryDirectory(prefix=".balint-verify-", dir=src.parent) as tmp:
        opened = open_backup(config, src, Path(tmp), now)
        counts = {**counts_of(opened.db_file), "case_notes": opened.manifest["counts"][
            "case_notes"]}
    taken = datetime.fromtimestamp(float(opened.header["created_at"]), UTC)
    lines = [f"{src}: complete, opens with this backup key; taken "
             f"{taken:%Y-%m-%d %H:%M} UTC."]
    lines += [f"  {name.replace('_', ' ')}: {n}" for name, n in counts.items()]
    if opened.sealed is None:
        lines.append("  chat and case notes: no longer readable (its day's key was destroyed "
                     "after 7 days, as the retention bound requires)")
    else:
        lines.append(f"  chat keys: {len(opened.sealed.session_keys)} readable")
    return "\n".join(lines)


def copy_private(src: Path, dest: Path) -> None:
    """Copy to `dest` atomically, mode 0600, synced."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    with src.open("rb") as inp, open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                                             0o600), "wb") as out:
        shutil.copyfileobj(inp, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)
