"""Random identifiers and secret tokens, and the one way tokens are hashed for storage."""

from __future__ import annotations

import hashlib
import secrets


def new_id() -> str:
    """A 16-character random id: unguessable, and says nothing about how many rows exist."""
    return secrets.token_urlsafe(12)


def new_token() -> str:
    """A secret for a link or a cookie (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    """What the database keeps instead of a token: a stolen copy opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).digest()
