"""Comparing keys without reading 40 hex digits: the short code and the QR payload
(spec: docs/notes-envelope.md, *Comparing keys*). The browser's twin is web/key_compare.js.
Pure; SHA-256 from hashlib, nothing else.
"""

from __future__ import annotations

import hashlib

from server.crypto.envelope import KEY_BYTES, SAFETY_LABEL, EnvelopeError, b64u_decode, b64u_encode

SHORT_LABEL = b"balint-notes/v2/short-code"
QR_PREFIX = "BALINT-KEY:2:"
SHORT_GROUPS = 4


def _safety_digest(pub: bytes, signing: bytes) -> bytes:
    if len(pub) != KEY_BYTES or len(signing) != KEY_BYTES:
        raise EnvelopeError("bad_key", "A key is 32 bytes.")
    return hashlib.sha256(SAFETY_LABEL + b"\x00" + pub + signing).digest()[:20]


def short_code(a: tuple[bytes, bytes], b: tuple[bytes, bytes]) -> str:
    """The code two people read aloud: the same on both screens (the two safety numbers are
    sorted), four groups of six digits from SHA-256 over both."""
    lo, hi = sorted((_safety_digest(*a), _safety_digest(*b)))
    digest = hashlib.sha256(SHORT_LABEL + b"\x00" + lo + hi).digest()
    groups = [int.from_bytes(digest[5 * i: 5 * i + 5], "big") % 1_000_000
              for i in range(SHORT_GROUPS)]
    return " ".join(f"{g:06d}" for g in groups)


def qr_payload(pub: bytes, signing: bytes) -> str:
    """What a person's QR code holds: their own two public keys."""
    _safety_digest(pub, signing)
    return f"{QR_PREFIX}{b64u_encode(pub)}.{b64u_encode(signing)}"


def parse_qr(text: str) -> tuple[bytes, bytes]:
    """The two keys in a scanned or pasted code; `malformed` for anything else."""
    body = text.strip()
    if not body.startswith(QR_PREFIX) or body.count(".") != 1:
        raise EnvelopeError("malformed", "This is not a Balint Rooms key code.")
    pub, signing = body[len(QR_PREFIX):].split(".")
    return b64u_decode(pub, KEY_BYTES), b64u_decode(signing, KEY_BYTES)
