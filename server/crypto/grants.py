"""Version-2 grants: a stanza a reader added after the author sealed the note, signed by that
reader, so other readers can see who gave access (spec: docs/notes-envelope.md, *Grants*).

The grant's signature binds the stanza to exactly the header the author signed, so it cannot be
moved to another note, and the granter's key is named in the grant. Split from
`server/crypto/envelope.py` for size; use it through `envelope`, which re-exports it. Pure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.crypto.envelope import (
    KEY_BYTES,
    KID_BYTES,
    SIG_BYTES,
    EnvelopeError,
    Grant,
    Stanza,
    _dumps,
    _serialise,
    _stanza_json,
    b64u_decode,
    b64u_encode,
    signing_key,
)

if TYPE_CHECKING:
    from server.crypto.envelope import Envelope

GRANT_LABEL = b"balint-notes/v2/grant"
_GRANT_KEYS = ("kid", "by", "sig")


def grant_message(env: Envelope, stanza: Stanza) -> bytes:
    """label || 0 || what the author signed || 0 || the added stanza's canonical JSON."""
    return (GRANT_LABEL + b"\x00" + _serialise(env, for_signature=True) + b"\x00"
            + _dumps(_stanza_json(stanza)))


def sign_grant(env: Envelope, stanza: Stanza, granter: X25519PrivateKey) -> Grant:
    signer = signing_key(granter)
    return Grant(stanza.kid, signer.public_key().public_bytes_raw(),
                 signer.sign(grant_message(env, stanza)))


def verify_grants(env: Envelope) -> None:
    """Every grant verifies with its own key; any failure is `bad_signature`."""
    by_kid = {s.kid: s for s in env.stanzas}
    for grant in env.grants:
        try:
            Ed25519PublicKey.from_public_bytes(grant.by).verify(
                grant.sig, grant_message(env, by_kid[grant.kid]))
        except (InvalidSignature, ValueError):
            raise EnvelopeError("bad_signature", "Who gave access to this note was changed "
                                "afterwards, so it is not shown.") from None


def parse_grants(items: object, stanzas: list[Stanza], signed: int) -> tuple[Grant, ...]:
    """Structure of `grants` (after `sig`): a non-empty list, one entry per added stanza at most,
    each exactly {kid, by, sig}, naming a stanza after the signed ones, in stanza order."""
    if not isinstance(items, list) or not items or len(items) > len(stanzas) - signed:
        raise EnvelopeError("malformed", "Bad list of people who gave access.")
    position = {s.kid: i for i, s in enumerate(stanzas)}
    out: list[Grant] = []
    last = signed - 1
    for item in items:
        if not isinstance(item, dict) or set(item) != set(_GRANT_KEYS):
            raise EnvelopeError("malformed", "A grant has the wrong fields.")
        grant = Grant(b64u_decode(item["kid"], KID_BYTES), b64u_decode(item["by"], KEY_BYTES),
                      b64u_decode(item["sig"], SIG_BYTES))
        at = position.get(grant.kid, -1)
        if at <= last:  # unknown, a stanza the author signed, repeated, or out of order
            raise EnvelopeError("malformed", "A grant names the wrong stanza.")
        last = at
        out.append(grant)
    return tuple(out)


def grants_json(grants: tuple[Grant, ...]) -> list[dict[str, Any]]:
    return [{"kid": b64u_encode(g.kid), "by": b64u_encode(g.by), "sig": b64u_encode(g.sig)}
            for g in grants]
