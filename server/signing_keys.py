"""The service's certificate-signing keys, in one file of the data directory.

`certificate_keys.json` (mode 0600) lists every key the service has used, newest last: its key
id, raw public key and creation time. Only the current key keeps its private half; rotating
(`balint rotate-certificate-key`) makes a new current key and drops the old private key, so a
stolen old key file cannot sign new certificates while every old certificate still verifies.
The key is made on first use. A lock file serialises the server and the CLI; each write goes
to a new 0600 file that atomically replaces the old one, so a crash never leaves half a file.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.crypto import certificates

FILE_NAME = "certificate_keys.json"


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    public_key: bytes
    created_at: float
    current: bool

    def to_dict(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "algorithm": certificates.ALGORITHM,
                "public_key": certificates.b64(self.public_key),
                "created_at": datetime.fromtimestamp(self.created_at, UTC).isoformat(),
                "current": self.current}


def _path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / (FILE_NAME + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _read(data_dir: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_path(data_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"keys": []}
    return data


def _write(data_dir: Path, data: dict[str, Any]) -> None:
    path = _path(data_dir)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def _add_key(data: dict[str, Any], now: float) -> Ed25519PrivateKey:
    private = certificates.new_key()
    public = certificates.raw_public(private)
    for entry in data["keys"]:
        entry.pop("private_key", None)
    data["keys"].append({
        "key_id": certificates.key_id(public), "public_key": certificates.b64(public),
        "created_at": now, "private_key": certificates.b64(private.private_bytes_raw()),
    })
    return private


def current(data_dir: Path, now: float) -> Ed25519PrivateKey:
    """The key new certificates are signed with, made now if the service has none yet."""
    with _locked(data_dir):
        data = _read(data_dir)
        keys = data["keys"]
        if keys and keys[-1].get("private_key"):
            raw = certificates.unb64(keys[-1]["private_key"])
            return Ed25519PrivateKey.from_private_bytes(raw)
        private = _add_key(data, now)
        _write(data_dir, data)
        return private


def rotate(data_dir: Path, now: float) -> str:
    """Make a new current key; the old ones stay published for verification. Returns its id."""
    with _locked(data_dir):
        data = _read(data_dir)
        private = _add_key(data, now)
        _write(data_dir, data)
    return certificates.key_id(certificates.raw_public(private))


def published(data_dir: Path) -> list[PublicKey]:
    """Every public key this service has signed with, oldest first."""
    keys = _read(data_dir)["keys"]
    return [PublicKey(k["key_id"], certificates.unb64(k["public_key"]), k["created_at"],
                      i == len(keys) - 1) for i, k in enumerate(keys)]
