"""Random identifiers and secret tokens, and the one way tokens are hashed for storage."""

from __future__ import annotations

import hashlib
import secrets


def new_id() -> str:
    """A 16-character random id: unguessable, and says nothing about how many rows exist.

    Never starting with "-", which a command line would read as an option
    (`balint invite --group -abc...`): such draws are thrown away, keeping 96 random bits.
    """
    while True:
        candidate = secrets.token_urlsafe(12)
        if not candidate.startswith("-"):
            return candidate


def new_token() -> str:
    """A secret for a link or a cookie (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    """What the database keeps instead of a token: a stolen copy opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).digest()
