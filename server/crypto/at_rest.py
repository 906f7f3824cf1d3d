"""Encryption at rest with per-session data keys (AES-256-GCM from `cryptography`).

Each session has one random data key per retention class ("chat", "facilitators"). Messages are
sealed under it; destroying the key row makes every copy of those messages unreadable, including
copies in old backups or free pages (crypto-shredding). The associated data binds a ciphertext to
its session, channel and sequence number, so rows cannot be swapped between sessions unnoticed.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
CLASSES = ("chat", "facilitators")  # one data key per retention class of a session


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _aad(session_id: str, channel: str, seq: int) -> bytes:
    return f"balint-at-rest/v1|{session_id}|{channel}|{seq}".encode()


def seal(key: AESGCM, session_id: str, channel: str, seq: int, text: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + key.encrypt(nonce, text.encode("utf-8"), _aad(session_id, channel, seq))


def unseal(key: AESGCM, session_id: str, channel: str, seq: int, blob: bytes) -> str:
    nonce, body = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    return key.decrypt(nonce, body, _aad(session_id, channel, seq)).decode("utf-8")
