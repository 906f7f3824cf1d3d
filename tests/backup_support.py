"""Helpers for the backup tests: the `balint` command as a subprocess, a server process that
can be SIGKILLed, and reading a restored database's chat with its restored keys."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.crypto import at_rest
from tests.support import free_port

ROOT = Path(__file__).resolve().parents[1]


def env_for(data_dir: Path, key_file: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "BALINT_DATA_DIR": str(data_dir), "BALINT_BACKUP_KEY_FILE":
            str(key_file), "BALINT_SCRYPT_N": "1024", "BALINT_HOST": "127.0.0.1",
            "PYTHONUNBUFFERED": "1", **extra}


def balint(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "server", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    if check and done.returncode != 0:
        raise AssertionError(f"balint {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`balint serve` on a free port; returns once the port answers."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "server", "serve", "--no-invite"],
                                   cwd=ROOT, env={**env, "BALINT_PORT": str(port)},
                                   stdout=out, stderr=out)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("server did not start:\n" + log.read_text()) from None
            time.sleep(0.05)


def chat_of(data_dir: Path, session_id: str) -> list[tuple[int, str]]:
    """(seq, text) of a session's group chat, read straight from the files."""
    with sqlite3.connect(data_dir / "keys.sqlite3") as keys:
        row = keys.execute("SELECT data_key FROM session_keys WHERE session_id = ? AND "
                           "class = 'chat'", (session_id,)).fetchone()
    with sqlite3.connect(data_dir / "balint.sqlite3") as db:
        rows = db.execute("SELECT seq, body FROM messages WHERE session_id = ? AND channel = "
                          "'group' ORDER BY seq", (session_id,)).fetchall()
    if row is None:
        assert not rows, "messages without their key"
        return []
    key = AESGCM(row[0])
    return [(seq, at_rest.unseal(key, session_id, "group", seq, body)) for seq, body in rows]


def raw_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def backup_loop(folder: Path, stop: Path) -> None:
    """In its own process: once `folder/go` exists, back up again and again until `stop`
    exists, printing each backup's start (time.monotonic(), shared by every process on Linux)
    and file."""
    from server.backup import archive
    from server.config import Config

    config, n = Config.from_env(), 0
    os.nice(10)  # as `balint backup` does
    print("ready", flush=True)
    while not (folder / "go").exists():
        time.sleep(0.01)
    while not stop.exists():
        started = time.monotonic()
        path, _ = archive.take(config, folder / f"b{n}.backup", time.time())
        print(f"{started} {path}", flush=True)
        n += 1
        time.sleep(0.3)


if __name__ == "__main__":
    backup_loop(Path(sys.argv[1]), Path(sys.argv[2]))
