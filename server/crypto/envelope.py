"""End-to-end encrypted case-note envelopes, version 1 (spec: docs/notes-envelope.md).

The same format as `web/crypto.js`, byte for byte. The server only ever calls
`validate_structure`; sealing and opening are for the CLI and tests, the browser does its own.
Pure: no I/O, no logging. Randomness comes from `os.urandom` unless a test passes `rng`, which
exists only so the shared test vectors can be reproduced exactly.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from server.errors import AppError

VERSION = 1
MAX_STANZAS = 64
MAX_PLAINTEXT = 65_536
TAG_BYTES = 16
MAX_CT = MAX_PLAINTEXT + TAG_BYTES
MAX_ENVELOPE_BYTES = 100_000
MAX_BACKUP_BYTES = 4_096
PBKDF2_ITERATIONS = 600_000
MAX_PBKDF2_ITERATIONS = 10_000_000
# Key backup version 2: scrypt (memory-hard). N=2^17, r=8, p=1 costs 128 MiB and about half a
# second per guess on one core; the largest N a backup may ask for is 2^18 (256 MiB), so a hostile
# blob cannot make a browser allocate more than that.
BACKUP_VERSION = 2
SCRYPT_N = 2**17
MAX_SCRYPT_N = 2**18
SCRYPT_R = 8
SCRYPT_P = 1

KEY_BYTES = 32
KID_BYTES = 16
NONCE_BYTES = 12
WRAPPED_BYTES = KEY_BYTES + TAG_BYTES
SALT_BYTES = 16

WRAP_INFO = b"balint-notes/v1/wrap"
BODY_LABEL = b"balint-notes/v1/body"
BACKUP_LABEL = b"balint-notes/v1/key-backup"
BACKUP_LABEL_V2 = b"balint-notes/v2/key-backup"
BODY_LABEL_V2 = b"balint-notes/v2/body"
SIG_LABEL = b"balint-notes/v2/signature"
SIGNING_INFO = b"balint-notes/v2/signing-key"
SAFETY_LABEL = b"balint-notes/v2/safety-number"
# RFC 8410 PKCS#8 for Ed25519: how the browser imports the derived signing key.
ED25519_PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
# RFC 8410 PKCS#8 for X25519, no public key or attributes: the exact bytes a key backup holds.
PKCS8_PREFIX = bytes.fromhex("302e020100300506032b656e04220420")
ZERO_NONCE = bytes(NONCE_BYTES)

_ID_RE = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_B64U_RE = re.compile(r"[A-Za-z0-9_-]*")
_ENVELOPE_KEYS = ("v", "note_id", "group_id", "stanzas", "nonce", "ct")
# Version 2 (signed by the author; server/crypto/signed.py): the same pieces plus the header.
SIGNED_VERSION = 2
AUDIENCES = ("me", "facilitators", "group")
SIG_BYTES = 64
_ENVELOPE_V2_KEYS = ("v", "note_id", "group_id", "session_id", "audience", "author", "signed",
                     "stanzas", "nonce", "ct", "sig")
_STANZA_KEYS = ("kid", "epk", "wk")

Rng = Callable[[int], bytes]


class EnvelopeError(AppError):
    """Any refusal from this module, with a stable `code` from the spec's error table."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, 400)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class NotForMe(EnvelopeError):
    """The expected "not shared with you" result: no stanza for this key, or it does not open."""

    def __init__(self, message: str = "This note has not been shared with you.") -> None:
        super().__init__("not_shared_with_you", message)


@dataclass(frozen=True)
class Stanza:
    kid: bytes
    epk: bytes
    wk: bytes


@dataclass(frozen=True)
class Grant:
    """Version 2: who added the stanza for `kid` after the author sealed the note (signed)."""

    kid: bytes
    by: bytes  # the granter's Ed25519 public key
    sig: bytes


@dataclass(frozen=True)
class Envelope:
    """A structurally valid envelope. `key_ids` is what the server needs to know who may read it."""

    note_id: str
    group_id: str
    stanzas: tuple[Stanza, ...]
    nonce: bytes
    ct: bytes
    # Version 2 only: the header the author signs (None / 0 in version 1).
    session_id: str | None = None
    audience: str | None = None
    author: bytes | None = None  # the author's Ed25519 public key
    signed: int = 0  # how many stanzas the signature covers: later ones were added by readers
    sig: bytes | None = None
    grants: tuple[Grant, ...] = ()  # signed additions by readers (server/crypto/grants.py)

    @property
    def version(self) -> int:
        return SIGNED_VERSION if self.sig is not None else VERSION

    @property
    def key_ids(self) -> list[str]:
        return [b64u_encode(s.kid) for s in self.stanzas]

    @property
    def plaintext_length(self) -> int:
        return len(self.ct) - TAG_BYTES


# --- encoding ---------------------------------------------------------------------------------


def b64u_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text: object, length: int | None = None) -> bytes:
    """Decode canonical unpadded base64url; anything else is `malformed`.

    Canonical only (re-encoding must give the same text), so one byte string has one spelling and
    the canonical-JSON check in `validate_structure` cannot be dodged through the encoding.
    """
    if not isinstance(text, str) or len(text) % 4 == 1 or not _B64U_RE.fullmatch(text):
        raise EnvelopeError("malformed", "A field is not base64url.")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64u_encode(data) != text:
        raise EnvelopeError("malformed", "A field is not canonical base64url.")
    if length is not None and len(data) != length:
        raise EnvelopeError("malformed", "A field has the wrong length.")
    return data


def _b64u_len(n: int) -> int:
    return (n * 4 + 2) // 3


def _as_bytes(data: bytes | str) -> bytes:
    # surrogatepass so a string with a lone surrogate is measured like the browser measures it
    # (TextEncoder turns it into three bytes); it then fails UTF-8 decoding as `malformed`.
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)


MAX_DEPTH = 4  # an envelope nests 3 deep (object, stanza list, stanza); a backup 1
MAX_NUMBER_CHARS = 16  # the longest number in either format is 7 digits


def _prescan(text: str) -> None:
    """Spec step 2's limits, checked on the text before any JSON parser sees it.

    Parsers disagree at the edges (Python: RecursionError, int digit limits; JavaScript: deep
    nesting is fine and a 5,000-digit number is Infinity), which made the two implementations
    give different codes. Both scan the same way instead: outside strings, nesting deeper than
    MAX_DEPTH or a run of number characters longer than MAX_NUMBER_CHARS is `malformed`.
    """
    depth = run = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch in "0123456789+-.eE":
            run += 1
            if run > MAX_NUMBER_CHARS:
                raise EnvelopeError("malformed", "Not a JSON object.")
            continue
        run = 0
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise EnvelopeError("malformed", "Not a JSON object.")
        elif ch in "]}":
            depth -= 1


def _parse_json(raw: bytes) -> Any:
    def _reject_constant(_: str) -> Any:
        raise ValueError("NaN and Infinity are not JSON")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # also a lone surrogate in text input (see _as_bytes)
        raise EnvelopeError("malformed", "Not a JSON object.") from None
    _prescan(text)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise EnvelopeError("malformed", "Not a JSON object.") from None


def _check_version(obj: Any) -> None:
    if not isinstance(obj, dict):
        raise EnvelopeError("malformed", "Not a JSON object.")
    v = obj.get("v")
    # bool is an int subclass in Python; JSON true is not a version number.
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise EnvelopeError("malformed", "Missing version.")
    if v != VERSION:
        raise EnvelopeError("unsupported_version", "This note was made by a newer version.")


def _check_id(value: object) -> str:
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise EnvelopeError("malformed", "Bad note or group id.")
    return value


def _dumps(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode("ascii")


# --- identities ---------------------------------------------------------------------------------


def generate_identity() -> X25519PrivateKey:
    """A new X25519 identity. Its public half goes to the server; the private half stays here."""
    return X25519PrivateKey.generate()


def public_key_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    """The raw 32-byte public key, the form used everywhere in the format."""
    pub = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return pub.public_bytes_raw()


def key_id(pub: bytes) -> str:
    """Key id: base64url of the first 16 bytes of SHA-256 of the raw public key."""
    return b64u_encode(hashlib.sha256(_check_pub(pub)).digest()[:KID_BYTES])


def fingerprint(pub: bytes) -> str:
    """What two people read to each other: 20 bytes of SHA-256(pub) as ten groups of hex."""
    digest = hashlib.sha256(_check_pub(pub)).hexdigest()[:40].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4))


def _check_pub(pub: object) -> bytes:
    if not isinstance(pub, bytes | bytearray) or len(pub) != KEY_BYTES:
        raise EnvelopeError("bad_key", "A public key is not a 32-byte X25519 key.")
    return bytes(pub)


# --- building blocks ----------------------------------------------------------------------------


def _body_ad(note_id: str, group_id: str, session_id: str | None = None) -> bytes:
    if session_id is None:
        return BODY_LABEL + b"\x00" + note_id.encode("ascii") + b"\x00" + group_id.encode("ascii")
    return b"\x00".join([BODY_LABEL_V2, note_id.encode("ascii"), group_id.encode("ascii"),
                          session_id.encode("ascii")])


# --- signing (version 2) ------------------------------------------------------------------------


def signing_key(identity: X25519PrivateKey) -> Ed25519PrivateKey:
    """The identity's Ed25519 signing key, derived from its X25519 private key, so the existing
    key backup restores both: seed = HKDF-SHA256(x25519 private, salt "", info SIGNING_INFO)."""
    seed = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=b"",
                info=SIGNING_INFO).derive(identity.private_bytes_raw())
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_public(identity: X25519PrivateKey) -> bytes:
    return signing_key(identity).public_key().public_bytes_raw()


def safety_number(pub: bytes, signing: bytes | None) -> str:
    """What two people compare: covers both keys (the plain fingerprint if no signing key)."""
    if signing is None:
        return fingerprint(pub)
    if len(signing) != KEY_BYTES:
        raise EnvelopeError("bad_key", "A signing key is 32 bytes.")
    digest = hashlib.sha256(SAFETY_LABEL + b"\x00" + _check_pub(pub) + signing).hexdigest()
    digest = digest[:40].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4))


def _verify(env: Envelope) -> None:
    assert env.author is not None and env.sig is not None
    try:
        Ed25519PublicKey.from_public_bytes(env.author).verify(
            env.sig, SIG_LABEL + b"\x00" + _serialise(env, for_signature=True))
    except (InvalidSignature, ValueError):
        raise EnvelopeError("bad_signature", "This note was changed after it was written, so "
                            "it is not shown.") from None


def _wrap_key(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=epk + recipient, info=WRAP_INFO
    ).derive(shared)


def _exchange(private: X25519PrivateKey, pub: bytes) -> bytes:
    """X25519 that refuses low-order points, which would make the shared secret public (zeros)."""
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(pub))
    except ValueError:
        raise EnvelopeError("bad_key", "A public key is not usable for X25519.") from None
    if shared == bytes(KEY_BYTES):  # OpenSSL already refuses these; belt and braces.
        raise EnvelopeError("bad_key", "A public key is not usable for X25519.")
    return shared


def _make_stanza(note_key: bytes, recipient: bytes, rng: Rng) -> Stanza:
    ephemeral = X25519PrivateKey.from_private_bytes(rng(KEY_BYTES))
    epk = public_key_bytes(ephemeral)
    wrap = _wrap_key(_exchange(ephemeral, recipient), epk, recipient)
    # Zero nonce: this wrap key comes from a fresh ephemeral key and encrypts exactly one message.
    wk = AESGCM(wrap).encrypt(ZERO_NONCE, note_key, b"")
    return Stanza(kid=hashlib.sha256(recipient).digest()[:KID_BYTES], epk=epk, wk=wk)


def _unwrap(env: Envelope, private_key: X25519PrivateKey) -> bytes:
    me = public_key_bytes(private_key)
    my_kid = hashlib.sha256(me).digest()[:KID_BYTES]
    stanza = next((s for s in env.stanzas if s.kid == my_kid), None)
    if stanza is None:
        raise NotForMe()
    try:
        wrap = _wrap_key(_exchange(private_key, stanza.epk), stanza.epk, me)
        return AESGCM(wrap).decrypt(ZERO_NONCE, stanza.wk, b"")
    except (EnvelopeError, InvalidTag):
        # A damaged stanza and someone else's stanza are the same thing to this reader.
        raise NotForMe() from None


def _open_body(env: Envelope, note_key: bytes, note_id: str, group_id: str) -> bytes:
    try:
        return AESGCM(note_key).decrypt(env.nonce, env.ct,
                                        _body_ad(note_id, group_id, env.session_id))
    except InvalidTag:
        raise EnvelopeError(
            "bad_ciphertext", "This note is damaged or does not belong here."
        ) from None


def _stanza_json(s: Stanza) -> dict[str, str]:
    return {"kid": b64u_encode(s.kid), "epk": b64u_encode(s.epk), "wk": b64u_encode(s.wk)}


def _serialise(env: Envelope, *, for_signature: bool = False) -> bytes:
    if env.version == VERSION:
        return _dumps({"v": VERSION, "note_id": env.note_id, "group_id": env.group_id,
                       "stanzas": [_stanza_json(s) for s in env.stanzas],
                       "nonce": b64u_encode(env.nonce), "ct": b64u_encode(env.ct)})
    assert env.author is not None and env.sig is not None
    # What the author signs: the header, the stanzas it sealed (not ones added later), the body.
    stanzas = env.stanzas[: env.signed] if for_signature else env.stanzas
    body: dict[str, Any] = {
        "v": SIGNED_VERSION, "note_id": env.note_id, "group_id": env.group_id,
        "session_id": env.session_id, "audience": env.audience,
        "author": b64u_encode(env.author), "signed": env.signed,
        "stanzas": [_stanza_json(s) for s in stanzas],
        "nonce": b64u_encode(env.nonce), "ct": b64u_encode(env.ct),
    }
    if not for_signature:
        body["sig"] = b64u_encode(env.sig)
        if env.grants:
            body["grants"] = grants_json(env.grants)
    return _dumps(body)


# --- the public operations ----------------------------------------------------------------------


def validate_structure(envelope: bytes | str) -> Envelope:
    """Check an envelope's shape without any key, in the spec's order; what the server calls.

    Returns the parsed envelope (ids, stanzas, `key_ids`). Raises `EnvelopeError` with `too_large`,
    `malformed`, `unsupported_version`, `no_stanzas` or `too_many_stanzas`. All sizes are bounded
    here, so nothing downstream decrypts an oversized or over-wide envelope.
    """
    raw = _as_bytes(envelope)
    if len(raw) > MAX_ENVELOPE_BYTES:
        raise EnvelopeError("too_large", "This note is too large.")
    obj = _parse_json(raw)
    signed = isinstance(obj, dict) and obj.get("v") == SIGNED_VERSION and not isinstance(
        obj.get("v"), bool)
    if not signed:
        _check_version(obj)
    allowed = ({*_ENVELOPE_V2_KEYS}, {*_ENVELOPE_V2_KEYS, "grants"}) if signed else (
        {*_ENVELOPE_KEYS},)
    if set(obj) not in allowed:
        raise EnvelopeError("malformed", "Unexpected fields in the note.")
    note_id = _check_id(obj["note_id"])
    group_id = _check_id(obj["group_id"])
    header: dict[str, Any] = {}
    if signed:
        header["session_id"] = _check_id(obj["session_id"])
        if obj["audience"] not in AUDIENCES:
            raise EnvelopeError("malformed", "Unknown audience.")
        header["audience"] = obj["audience"]
        header["author"] = b64u_decode(obj["author"], KEY_BYTES)
        count = obj["signed"]
        if isinstance(count, bool) or not isinstance(count, int):
            raise EnvelopeError("malformed", "Bad count of signed stanzas.")
        header["signed"] = count
    items = obj["stanzas"]
    if not isinstance(items, list):
        raise EnvelopeError("malformed", "Stanzas must be a list.")
    if not items:
        raise EnvelopeError("no_stanzas", "This note has no readers.")
    if len(items) > MAX_STANZAS:
        raise EnvelopeError("too_many_stanzas", f"A note can have at most {MAX_STANZAS} readers.")
    stanzas = []
    for item in items:
        if not isinstance(item, dict) or set(item) != set(_STANZA_KEYS):
            raise EnvelopeError("malformed", "A stanza has the wrong fields.")
        stanzas.append(
            Stanza(
                kid=b64u_decode(item["kid"], KID_BYTES),
                epk=b64u_decode(item["epk"], KEY_BYTES),
                wk=b64u_decode(item["wk"], WRAPPED_BYTES),
            )
        )
    if len({s.kid for s in stanzas}) != len(stanzas):
        raise EnvelopeError("malformed", "Two stanzas for the same reader.")
    nonce = b64u_decode(obj["nonce"], NONCE_BYTES)
    ct_text = obj["ct"]
    if not isinstance(ct_text, str):
        raise EnvelopeError("malformed", "The body is not base64url.")
    if len(ct_text) > _b64u_len(MAX_CT):
        raise EnvelopeError("too_large", "This note is too large.")
    ct = b64u_decode(ct_text)
    if len(ct) < TAG_BYTES:
        raise EnvelopeError("malformed", "The body is too short.")
    if signed:
        if not 1 <= header["signed"] <= len(stanzas):
            raise EnvelopeError("malformed", "Bad count of signed stanzas.")
        header["sig"] = b64u_decode(obj["sig"], SIG_BYTES)
        if "grants" in obj:
            header["grants"] = parse_grants(obj["grants"], stanzas, header["signed"])
    env = Envelope(note_id, group_id, tuple(stanzas), nonce, ct, **header)
    # One spelling per envelope: rejects whitespace, key order, duplicate keys, 1.0 for 1, escapes.
    if _serialise(env) != raw:
        raise EnvelopeError("malformed", "The note is not in canonical form.")
    return env


def seal(
    plaintext: bytes,
    note_id: str,
    group_id: str,
    recipients: list[bytes],
    *,
    rng: Rng | None = None,
    author: X25519PrivateKey | None = None,
    session_id: str | None = None,
    audience: str | None = None,
) -> tuple[bytes, bytes]:
    """Encrypt a note for `recipients` (raw X25519 public keys); returns (envelope, note_key).

    With `author` (the writer's identity), `session_id` and `audience`: version 2, signed by the
    author's signing key; without, version 1. Keep `note_key` only as long as the author may add
    readers (see `rewrap`). Raises `too_large`, `malformed` (ids, audience), `no_stanzas`,
    `too_many_stanzas` or `bad_key`. `rng` is for test vectors.
    """
    rng = rng or os.urandom
    if len(plaintext) > MAX_PLAINTEXT:
        raise EnvelopeError("too_large", "A note can be at most 64 KiB.")
    _check_id(note_id)
    _check_id(group_id)
    if author is not None:
        _check_id(session_id)
        if audience not in AUDIENCES:
            raise EnvelopeError("malformed", "Unknown audience.")
    unique: dict[bytes, bytes] = {}
    for pub in recipients:
        # Length AND low order, for every key, before the count (step 1): 65 keys of which one
        # is low-order is `bad_key`, not `too_many_stanzas`.
        validate_public_key(pub)
        unique.setdefault(hashlib.sha256(_check_pub(pub)).digest()[:KID_BYTES], bytes(pub))
    if not unique:
        raise EnvelopeError("no_stanzas", "A note needs at least one reader.")
    if len(unique) > MAX_STANZAS:
        raise EnvelopeError("too_many_stanzas", f"A note can have at most {MAX_STANZAS} readers.")
    note_key = rng(KEY_BYTES)
    nonce = rng(NONCE_BYTES)
    stanzas = tuple(_make_stanza(note_key, pub, rng) for pub in unique.values())
    if author is None:
        ct = AESGCM(note_key).encrypt(nonce, bytes(plaintext), _body_ad(note_id, group_id))
        return _serialise(Envelope(note_id, group_id, stanzas, nonce, ct)), note_key
    ct = AESGCM(note_key).encrypt(nonce, bytes(plaintext),
                                  _body_ad(note_id, group_id, session_id))
    signer = signing_key(author)
    unsigned = Envelope(note_id, group_id, stanzas, nonce, ct, session_id, audience,
                        signer.public_key().public_bytes_raw(), len(stanzas), b"")
    sig = signer.sign(SIG_LABEL + b"\x00" + _serialise(unsigned, for_signature=True))
    return _serialise(replace(unsigned, sig=sig)), note_key


@dataclass(frozen=True)
class Opened:
    """An opened note. Version 2: `author` (Ed25519 public key) signed everything else here."""

    plaintext: bytes
    version: int
    author: bytes | None
    audience: str | None
    signed_key_ids: tuple[str, ...]  # the readers the author sealed it to
    grants: tuple[tuple[str, bytes], ...] = ()  # (key id, granter's signing key), verified


def open_note(envelope: bytes | str, note_id: str, group_id: str,
              private_key: X25519PrivateKey, session_id: str | None = None) -> Opened:
    """Decrypt and, for version 2, verify a note filed under these ids (where the reader found
    it, never what the note says). A version-2 note needs `session_id`.

    Raises `bad_ciphertext` (filed elsewhere, or damaged body), `bad_signature` (any signed field
    changed), `NotForMe`, or any code of `validate_structure`.
    """
    env = validate_structure(envelope)
    if env.note_id != note_id or env.group_id != group_id or (
            env.version == SIGNED_VERSION and env.session_id != session_id):
        raise EnvelopeError("bad_ciphertext", "This note does not belong here.")
    if env.version == SIGNED_VERSION:
        _verify(env)  # before any decryption: a forged header is refused whatever it holds
        verify_grants(env)
    note_key = _unwrap(env, private_key)
    plain = _open_body(env, note_key, note_id, group_id)
    signed = env.key_ids[: env.signed] if env.version == SIGNED_VERSION else env.key_ids
    return Opened(plain, env.version, env.author, env.audience, tuple(signed),
                  tuple((b64u_encode(g.kid), g.by) for g in env.grants))


def open_envelope(
    envelope: bytes | str, note_id: str, group_id: str, private_key: X25519PrivateKey,
    session_id: str | None = None,
) -> bytes:
    """`open_note`'s plaintext. Raises what `open_note` raises."""
    return open_note(envelope, note_id, group_id, private_key, session_id).plaintext


def rewrap(
    envelope: bytes | str,
    key: bytes | X25519PrivateKey,
    new_recipient: bytes,
    *,
    rng: Rng | None = None,
    granter: X25519PrivateKey | None = None,
) -> bytes:
    """Add a reader without re-encrypting the body; `key` is the note key or a reader's private key.

    Version 2: the new stanza is signed (a grant) by `granter`'s signing key, which defaults to
    `key` when that is a reader's private key; with a bare note key and no granter it is added
    unsigned (what older clients did). Idempotent for an existing reader. Raises
    `not_shared_with_you`, `bad_key`, `bad_ciphertext`, `bad_signature`, `too_many_stanzas`,
    `too_large` or any code of `validate_structure`. `rng` is for test vectors.
    """
    env = validate_structure(envelope)
    # The new reader's key first (length and low order): `bad_key` before any other check.
    validate_public_key(new_recipient)
    if isinstance(key, X25519PrivateKey):
        note_key = _unwrap(env, key)
    elif isinstance(key, bytes | bytearray) and len(key) == KEY_BYTES:
        note_key = bytes(key)
    else:
        raise EnvelopeError("bad_key", "A note key is 32 bytes.")
    if env.version == SIGNED_VERSION:
        _verify(env)  # never lend a new reader's trust to a note the author did not write
        verify_grants(env)
    _open_body(env, note_key, env.note_id, env.group_id)
    new_kid = hashlib.sha256(_check_pub(new_recipient)).digest()[:KID_BYTES]
    if any(s.kid == new_kid for s in env.stanzas):
        return _serialise(env)
    if len(env.stanzas) >= MAX_STANZAS:
        raise EnvelopeError("too_many_stanzas", f"A note can have at most {MAX_STANZAS} readers.")
    stanza = _make_stanza(note_key, bytes(new_recipient), rng or os.urandom)
    grown = replace(env, stanzas=(*env.stanzas, stanza))
    if granter is None and isinstance(key, X25519PrivateKey):
        granter = key
    if env.version == SIGNED_VERSION and granter is not None:
        grown = replace(grown, grants=(*env.grants, sign_grant(grown, stanza, granter)))
    out = _serialise(grown)
    if len(out) > MAX_ENVELOPE_BYTES:  # a 64 KiB note with very many signed additions
        raise EnvelopeError("too_large", "This note is too large to give anyone else access.")
    return out


# --- public keys -------------------------------------------------------------------------------


def validate_public_key(pub: bytes) -> bytes:
    """Refuse what cannot be a reader's key: not 32 bytes, or a low-order point (`bad_key`).

    A low-order key would make every stanza sealed to it openable by anyone, so the server
    refuses to hand one out. Costs one X25519 with a throwaway key; nothing secret is involved.
    """
    _exchange(X25519PrivateKey.generate(), _check_pub(pub))
    return bytes(pub)


def validate_signing_key(pub: bytes) -> bytes:
    """Refuse what cannot be an Ed25519 public key (`bad_key`)."""
    try:
        Ed25519PublicKey.from_public_bytes(_check_pub(pub))
    except ValueError:
        raise EnvelopeError("bad_key", "Not an Ed25519 public key.") from None
    return bytes(pub)


# The key backup lives in server/crypto/key_backup.py (its own module for size); its functions
# are re-exported here so `envelope` stays the one entry point. Imported last: it uses the
# helpers above.
from server.crypto.grants import (  # noqa: E402
    grants_json,
    parse_grants,
    sign_grant,
    verify_grants,
)
from server.crypto.key_backup import (  # noqa: E402
    Backup,
    backup_private_key,
    export_private_key,
    import_private_key,
    scrypt_backup_key,
    validate_backup,
)

__all__ = [
    "Backup",
    "backup_private_key",
    "export_private_key",
    "grants_json",
    "import_private_key",
    "parse_grants",
    "scrypt_backup_key",
    "sign_grant",
    "validate_backup",
    "verify_grants",
]
