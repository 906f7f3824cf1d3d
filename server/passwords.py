"""Password hashing with scrypt (from `cryptography`), parameters stored with each hash.

Format: `scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can be raised later and old
hashes still verify. Hashing is slow on purpose: callers run it in a worker thread.
"""

from __future__ import annotations

import base64
import hmac
import logging
import secrets
import threading

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

R, P, LENGTH = 8, 1, 32
log = logging.getLogger("balint.passwords")


class _Counter:
    """How many passwords this process has checked. The throttle's promise is about these slow
    checks, not about answers: tests read the count (and, across workers, count the DEBUG
    lines) to prove a burst of guesses got no more checks than the limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # checks run in worker threads
        self.value = 0

    def add(self) -> None:
        with self._lock:
            self.value += 1


checks = _Counter()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, n: int = 32768) -> str:
    salt = secrets.token_bytes(16)
    digest = Scrypt(salt=salt, length=LENGTH, n=n, r=R, p=P).derive(password.encode("utf-8"))
    return f"scrypt${n}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    checks.add()
    log.debug("event=password_check")
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=LENGTH, n=int(n), r=int(r), p=int(p))
        kdf.verify(password.encode("utf-8"), base64.b64decode(digest))
        return True
    except (InvalidKey, ValueError):
        return False


# A hash of a random password, verified against when the username does not exist, so a failed
# login takes as long for an unknown user as for a wrong password (no user enumeration by timing).
def dummy_hash(n: int) -> str:
    return hash_password(secrets.token_urlsafe(16), n)


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
