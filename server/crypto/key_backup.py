"""Key backups: an identity's private key sealed under a recovery passphrase.

Version 2 (scrypt, what clients write) and version 1 (PBKDF2, still read and upgraded by the
clients on the next unlock). Spec: docs/notes-envelope.md, *Key backup*. Split from
`server/crypto/envelope.py` for size; use it through `envelope`, which re-exports everything here.
Pure: no I/O, no logging.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from server.crypto.envelope import (
    BACKUP_LABEL,
    BACKUP_LABEL_V2,
    BACKUP_VERSION,
    KEY_BYTES,
    KID_BYTES,
    MAX_BACKUP_BYTES,
    MAX_PBKDF2_ITERATIONS,
    MAX_SCRYPT_N,
    NONCE_BYTES,
    PBKDF2_ITERATIONS,
    PKCS8_PREFIX,
    SALT_BYTES,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    TAG_BYTES,
    VERSION,
    EnvelopeError,
    Rng,
    _as_bytes,
    _check_version,
    _dumps,
    _parse_json,
    b64u_decode,
    b64u_encode,
    key_id,
    public_key_bytes,
)

_BACKUP_KEYS = ("v", "kid", "kdf", "iter", "salt", "nonce", "ct")
_BACKUP_V2_KEYS = ("v", "kid", "kdf", "n", "r", "p", "salt", "nonce", "ct")


def _passphrase_bytes(passphrase: str) -> bytes:
    if not passphrase:
        raise EnvelopeError("bad_passphrase", "Please enter your recovery passphrase.")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _backup_key(passphrase: str, salt: bytes, iterations: int) -> AESGCM:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations)
    return AESGCM(kdf.derive(_passphrase_bytes(passphrase)))


def export_private_key(
    private_key: X25519PrivateKey,
    passphrase: str,
    iterations: int = PBKDF2_ITERATIONS,
    *,
    rng: Rng | None = None,
) -> bytes:
    """The key backup blob: the private key sealed under a recovery passphrase (PBKDF2 + GCM).

    Raises `bad_passphrase` for an empty passphrase, `malformed` for iterations out of range.
    """
    rng = rng or os.urandom
    if (
        isinstance(iterations, bool)
        or not isinstance(iterations, int)
        or not PBKDF2_ITERATIONS <= iterations <= MAX_PBKDF2_ITERATIONS
    ):
        raise EnvelopeError("malformed", "Unsupported iteration count.")
    _passphrase_bytes(passphrase)  # refuse before spending a second on PBKDF2
    kid = key_id(public_key_bytes(private_key))
    salt = rng(SALT_BYTES)
    nonce = rng(NONCE_BYTES)
    pkcs8 = PKCS8_PREFIX + private_key.private_bytes_raw()
    ct = _backup_key(passphrase, salt, iterations).encrypt(
        nonce, pkcs8, BACKUP_LABEL + b"\x00" + kid.encode("ascii")
    )
    return _dumps(
        {
            "v": VERSION,
            "kid": kid,
            "kdf": "pbkdf2-sha256",
            "iter": iterations,
            "salt": b64u_encode(salt),
            "nonce": b64u_encode(nonce),
            "ct": b64u_encode(ct),
        }
    )


@dataclass(frozen=True)
class Backup:
    """A structurally valid key backup: what can be known about it without the passphrase."""

    kid: str
    iterations: int  # version 1 (PBKDF2) only; 0 for version 2
    salt: bytes
    nonce: bytes
    ct: bytes
    version: int = 1
    n: int = 0  # version 2 (scrypt) only

    @property
    def ad(self) -> bytes:
        # The kid as its 22 ASCII characters (the text, not the 16 decoded bytes).
        label = BACKUP_LABEL if self.version == 1 else BACKUP_LABEL_V2
        return label + b"\x00" + self.kid.encode("ascii")

    def key(self, passphrase: str) -> AESGCM:
        if self.version == 1:
            return _backup_key(passphrase, self.salt, self.iterations)
        return _scrypt_key(passphrase, self.salt, self.n)


def _scrypt_key(passphrase: str, salt: bytes, n: int) -> AESGCM:
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=n, r=SCRYPT_R, p=SCRYPT_P)
    return AESGCM(kdf.derive(_passphrase_bytes(passphrase)))


def scrypt_backup_key(passphrase: str, salt: bytes, n: int = SCRYPT_N) -> bytes:
    """The raw 32-byte backup key of version 2, for the shared KDF vectors and the bench."""
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=n, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(_passphrase_bytes(passphrase))


def _check_scrypt_n(n: object) -> int:
    if (isinstance(n, bool) or not isinstance(n, int | float) or n != int(n)
            or not SCRYPT_N <= n <= MAX_SCRYPT_N or int(n) & (int(n) - 1)):
        raise EnvelopeError("malformed", "Unsupported scrypt cost.")
    return int(n)


def backup_private_key(
    private_key: X25519PrivateKey, passphrase: str, n: int = SCRYPT_N, *, rng: Rng | None = None
) -> bytes:
    """The key backup blob, version 2: the private key sealed under scrypt(passphrase) + GCM.

    What clients write now; version 1 (`export_private_key`) is still read, and upgraded by the
    clients on the next unlock. Raises `bad_passphrase` (empty) or `malformed` (n out of range).
    """
    rng = rng or os.urandom
    _check_scrypt_n(n)
    _passphrase_bytes(passphrase)  # refuse before spending half a second on scrypt
    kid = key_id(public_key_bytes(private_key))
    salt = rng(SALT_BYTES)
    nonce = rng(NONCE_BYTES)
    backup = Backup(kid, 0, salt, nonce, b"", BACKUP_VERSION, n)
    pkcs8 = PKCS8_PREFIX + private_key.private_bytes_raw()
    ct = backup.key(passphrase).encrypt(nonce, pkcs8, backup.ad)
    return _dumps({"v": BACKUP_VERSION, "kid": kid, "kdf": "scrypt", "n": n, "r": SCRYPT_R,
                   "p": SCRYPT_P, "salt": b64u_encode(salt), "nonce": b64u_encode(nonce),
                   "ct": b64u_encode(ct)})


def _validate_backup_v2(obj: dict[str, Any], raw: bytes) -> Backup:
    if (list(obj) != list(_BACKUP_V2_KEYS) or obj["kdf"] != "scrypt" or obj["r"] != SCRYPT_R
            or obj["p"] != SCRYPT_P or isinstance(obj["r"], bool | float)
            or isinstance(obj["p"], bool | float)):
        raise EnvelopeError("malformed", "This is not a key backup.")
    n = _check_scrypt_n(obj["n"])
    kid = obj["kid"]
    b64u_decode(kid, KID_BYTES)
    salt = b64u_decode(obj["salt"], SALT_BYTES)
    nonce = b64u_decode(obj["nonce"], NONCE_BYTES)
    ct = b64u_decode(obj["ct"], len(PKCS8_PREFIX) + KEY_BYTES + TAG_BYTES)
    canonical = {"v": BACKUP_VERSION, "kid": kid, "kdf": "scrypt", "n": n, "r": SCRYPT_R,
                 "p": SCRYPT_P, "salt": obj["salt"], "nonce": obj["nonce"], "ct": obj["ct"]}
    if _dumps(canonical) != raw:
        raise EnvelopeError("malformed", "The key backup is not in canonical form.")
    return Backup(kid, 0, salt, nonce, ct, BACKUP_VERSION, n)


def validate_backup(blob: bytes | str) -> Backup:
    """Check a key backup's shape without the passphrase (restore steps 1-3); the server's check.

    Raises `too_large`, `malformed` or `unsupported_version`. Says nothing about whether any
    passphrase opens it: that is known only to whoever holds the passphrase.
    """
    raw = _as_bytes(blob)
    if len(raw) > MAX_BACKUP_BYTES:
        raise EnvelopeError("too_large", "This is not a key backup.")
    obj = _parse_json(raw)
    if isinstance(obj, dict) and obj.get("v") == BACKUP_VERSION and not isinstance(
            obj.get("v"), bool):
        return _validate_backup_v2(obj, raw)
    _check_version(obj)
    if set(obj) != set(_BACKUP_KEYS) or obj["kdf"] != "pbkdf2-sha256":
        raise EnvelopeError("malformed", "This is not a key backup.")
    iterations = obj["iter"]
    if (
        isinstance(iterations, bool)
        or not isinstance(iterations, int | float)
        or not PBKDF2_ITERATIONS <= iterations <= MAX_PBKDF2_ITERATIONS
        or iterations != int(iterations)
    ):
        raise EnvelopeError("malformed", "Unsupported iteration count.")
    iterations = int(iterations)
    kid = obj["kid"]
    b64u_decode(kid, KID_BYTES)
    salt = b64u_decode(obj["salt"], SALT_BYTES)
    nonce = b64u_decode(obj["nonce"], NONCE_BYTES)
    ct = b64u_decode(obj["ct"], len(PKCS8_PREFIX) + KEY_BYTES + TAG_BYTES)
    canonical = {"v": VERSION, "kid": kid, "kdf": "pbkdf2-sha256", "iter": iterations}
    canonical |= {"salt": obj["salt"], "nonce": obj["nonce"], "ct": obj["ct"]}
    if _dumps(canonical) != raw:
        raise EnvelopeError("malformed", "The key backup is not in canonical form.")
    return Backup(kid, iterations, salt, nonce, ct)


def import_private_key(blob: bytes | str, passphrase: str) -> X25519PrivateKey:
    """Restore a private key from a backup blob made by either implementation.

    Raises `bad_passphrase` (wrong passphrase or damaged blob), `too_large`, `malformed` or
    `unsupported_version`.
    """
    backup = validate_backup(blob)
    kid = backup.kid
    try:
        pkcs8 = backup.key(passphrase).decrypt(backup.nonce, backup.ct, backup.ad)
    except InvalidTag:
        raise EnvelopeError(
            "bad_passphrase", "That passphrase does not open this backup."
        ) from None
    if not pkcs8.startswith(PKCS8_PREFIX):
        raise EnvelopeError("malformed", "The key backup holds something else.")
    private_key = X25519PrivateKey.from_private_bytes(pkcs8[len(PKCS8_PREFIX) :])
    if key_id(public_key_bytes(private_key)) != kid:
        raise EnvelopeError("malformed", "The key backup is for a different key.")
    return private_key
