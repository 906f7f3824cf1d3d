"""Signed attendance certificates: canonical JSON and Ed25519. Pure: no I/O.

A certificate is a JSON document `{"format", "certificate", "signature": {"algorithm",
"key_id", "value"}}`. The signature covers the canonical serialisation of the whole document
without `signature.value`: keys sorted, no whitespace, UTF-8, integers and strings only (no
floats, whose text differs between languages). So the key id is signed too, and a certificate
re-indented or re-ordered by an e-portfolio still verifies, while any change to a name, a date
or a minute count does not.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

if TYPE_CHECKING:
    from server.payloads import Certificate

FORMAT = "balint-rooms/attendance-certificate/v1"
ALGORITHM = "Ed25519"
MAX_DEPTH = 8


class CanonicalError(ValueError):
    """The value cannot be serialised canonically (a float, a non-string key, too deep)."""


def canonical(value: Any) -> bytes:
    """The one byte string a JSON value signs as."""
    _check(value, 0)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise CanonicalError("nested too deeply")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError("object keys must be strings")
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)
    elif isinstance(value, float):
        raise CanonicalError("numbers must be whole")
    elif value is not None and not isinstance(value, str | int | bool):
        raise CanonicalError("unsupported value")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def raw_public(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_raw: bytes) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def sign(body: dict[str, Any], private: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed document for a certificate body."""
    signature = {"algorithm": ALGORITHM, "key_id": key_id(raw_public(private))}
    document: dict[str, Any] = {"format": FORMAT, "certificate": body, "signature": signature}
    value = private.sign(canonical(document))
    document["signature"] = {**signature, "value": b64(value)}
    return document


@dataclass(frozen=True)
class Verdict:
    valid: bool
    code: str
    reason: str
    key_id: str | None = None


_NOT_A_CERTIFICATE = ("not_a_certificate", "This is not a Balint Rooms attendance certificate: "
                      "paste the whole file, starting with { and ending with }.")
CHANGED = ("signature_mismatch",
           "The signature does not match: the certificate was changed after it was issued.")


def verify(document: Certificate | None, public_keys: dict[str, bytes]) -> Verdict:
    """Check a certificate (parsed at the edge, server/payloads.py; None when it is not shaped
    like one) against the service's published public keys (key id -> raw key)."""
    if document is None or document.format != FORMAT:
        return Verdict(False, *_NOT_A_CERTIFICATE)
    signature = document.signature
    kid = signature.key_id
    if signature.algorithm != ALGORITHM:
        return Verdict(False, "unknown_algorithm",
                       f"This certificate uses a signature algorithm we do not issue "
                       f"({signature.algorithm[:20]}).", kid)
    public = public_keys.get(kid)
    if public is None:
        return Verdict(False, "unknown_key",
                       f"This certificate names a signing key ({kid[:40]}) that this service "
                       "has never published, so it was not issued here.", kid)
    try:
        value = unb64(signature.value)
        body = canonical({**document.document(), "signature": {"algorithm": signature.algorithm,
                                                               "key_id": kid}})
        Ed25519PublicKey.from_public_bytes(public).verify(value, body)
    except (CanonicalError, InvalidSignature, binascii.Error, ValueError):
        # A float or a broken signature can never come from us: it was changed.
        return Verdict(False, *CHANGED, kid)
    return Verdict(True, "valid", "The signature matches: this certificate was issued by this "
                   "service and has not been changed.", kid)
