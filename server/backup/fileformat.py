"""The encrypted backup file (docs/backup-format.md): a versioned header, then the payload (a
tar archive) in AES-256-GCM chunks, numbered and with the last one marked, so a reordered,
altered or truncated file is refused rather than half-restored.
"""

from __future__ import annotations

import base64
import io
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.backup.keyfile import BackupError, derive, key_id

MAGIC = b"BALINTBK"
FORMAT_VERSION = 1
CHUNK = 1 << 20  # plaintext bytes per chunk
SYNC_EVERY = 4  # chunks
TAG = 16
_PREFIX = struct.Struct(">8sBI")  # magic, format version, header length
MAX_HEADER = 64 * 1024


@dataclass(frozen=True)
class Header:
    raw: bytes  # the exact bytes authenticated with every chunk
    fields: dict[str, Any]

    @property
    def key_id(self) -> str:
        return str(self.fields["key_id"])


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


class Writer:
    """A file-like sink that encrypts what is written to it into `out`, chunk by chunk, so the
    payload is never on disk in the clear; close() writes the last chunk, marked last."""

    def __init__(self, out: IO[bytes], master: bytes, fields: dict[str, Any]) -> None:
        salt, self._prefix = os.urandom(32), os.urandom(7)
        header = {**fields, "format": FORMAT_VERSION, "key_id": key_id(master),
                  "salt": base64.b64encode(salt).decode(),
                  "nonce_prefix": base64.b64encode(self._prefix).decode(), "chunk_size": CHUNK}
        body = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
        self._raw = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(body)) + body
        out.write(self._raw)
        self._out, self._aead = out, AESGCM(derive(master, "file", salt))
        self._buffer, self._counter = bytearray(), 0
        try:
            self._fd: int | None = out.fileno()
        except (AttributeError, io.UnsupportedOperation):
            self._fd = None  # in memory: nothing to sync

    def _emit(self, chunk: bytes, last: bool) -> None:
        self._out.write(self._aead.encrypt(_nonce(self._prefix, self._counter, last), chunk,
                                           self._raw))
        self._counter += 1
        if self._fd is not None and self._counter % SYNC_EVERY == 0:
            # Synced a few MiB at a time: one fsync of the whole file at the end made the
            # filesystem commit it all at once, and the server's writes waited behind it.
            self._out.flush()
            os.fdatasync(self._fd)

    def write(self, data: bytes) -> int:
        self._buffer += data
        # A full chunk is written only once more follows it: the last one must be marked.
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer = bytearray()


def write(out: IO[bytes], source: IO[bytes], master: bytes, fields: dict[str, Any]) -> None:
    """Encrypt `source` (read to its end) into `out`, with `fields` in the header."""
    writer = Writer(out, master, fields)
    while block := source.read(CHUNK):
        writer.write(block)
    writer.close()


def read_header(src: IO[bytes]) -> Header:
    """The header, read and checked before any decryption (plain refusals)."""
    prefix = src.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size or not prefix.startswith(MAGIC):
        raise BackupError("This is not a Balint Rooms backup file.")
    _magic, version, length = _PREFIX.unpack(prefix)
    if version > FORMAT_VERSION:
        raise BackupError(f"This backup is in a newer format (version {version}) than this "
                          f"version of Balint Rooms reads ({FORMAT_VERSION}): upgrade first.")
    if length > MAX_HEADER:
        raise BackupError("This backup file is damaged (its header is unreadable).")
    body = src.read(length)
    try:
        fields = json.loads(body)
    except ValueError:
        fields = None
    if len(body) < length or not isinstance(fields, dict):
        raise BackupError("This backup file is damaged or incomplete (its header is cut "
                          "short).")
    return Header(prefix + body, fields)


def check_key(header: Header, master: bytes) -> None:
    if header.key_id != key_id(master):
        raise BackupError(
            f"This backup was made with another backup key (key id {header.key_id}); the key "
            f"file in BALINT_BACKUP_KEY_FILE is {key_id(master)}. Nothing was changed.")


def chunks(src: IO[bytes], header: Header, master: bytes) -> Iterator[bytes]:
    """The payload's plaintext, chunk by chunk; refuses altered or truncated files."""
    fields = header.fields
    aead = AESGCM(derive(master, "file", base64.b64decode(fields["salt"])))
    prefix, size = base64.b64decode(fields["nonce_prefix"]), int(fields["chunk_size"]) + TAG
    counter, block = 0, src.read(size)
    while True:
        following = src.read(size)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), block, header.raw)
        except InvalidTag:
            raise BackupError(_why_not(aead, prefix, counter, last, block, header.raw)) from None
        if last:
            return
        counter, block = counter + 1, following


def _why_not(aead: AESGCM, prefix: bytes, counter: int, last: bool, block: bytes,
             raw: bytes) -> str:
    """Why a chunk did not open, in plain words."""
    if last:
        try:  # a whole chunk that is not marked last: the file stops after it
            aead.decrypt(_nonce(prefix, counter, False), block, raw)
        except InvalidTag:
            return ("This backup file is damaged or incomplete (it was changed or cut short "
                    "after it was written). Nothing was changed.")
        return ("This backup file is incomplete (it ends early, perhaps a copy was cut "
                "short). Nothing was changed.")
    return ("This backup file is damaged (its contents do not match what was written). "
            "Nothing was changed.")


def decrypt_to(path: Path, out: Path, master: bytes) -> Header:
    """Decrypt the backup at `path` into the file `out`; the header on success."""
    with path.open("rb") as src, out.open("wb") as sink:
        header = read_header(src)
        check_key(header, master)
        for plain in chunks(src, header, master):
            sink.write(plain)
    return header
