"""The notes keys a client has seen for each person: pinned on first use, checked every time.

Client-side only (the `balint notes` command and `NotesClient`); the server never sees this. A
malicious server could otherwise hand out a key of its own for anyone, or invent a member, and
every note would be sealed to it unseen. So the client remembers, per person, the key it first
sealed to, and before sealing:

- a key it already holds for that person: sealed to, nothing asked;
- a person it has never sealed to (`new`): shown to the person with its fingerprint, and sealed
  to only once they say so;
- a different key for a person it holds (`changed`): refused, nothing sealed, until the person
  compares safety numbers and accepts the new key explicitly.

`verified` records that the person compared the fingerprint with its owner out of band.
The file is JSON, written atomically, readable by its owner only. It holds public keys and
display names, nothing secret, but who-is-in-which-group is still nobody else's business.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from server.crypto import envelope as E

FILE_VERSION = 1


@dataclass(frozen=True)
class Pin:
    user_id: str
    name: str
    public_key: str  # b64u of the raw 32-byte key
    key_id: str  # computed here from public_key, never taken from the server
    verified: bool = False
    signing_key: str = ""  # b64u Ed25519 public key ("" for a key registered without one)

    @property
    def key(self) -> bytes:
        return E.b64u_decode(self.public_key, E.KEY_BYTES)

    @property
    def signing(self) -> bytes | None:
        return E.b64u_decode(self.signing_key, E.KEY_BYTES) if self.signing_key else None

    @property
    def fingerprint(self) -> str:
        """The safety number: both keys."""
        return E.safety_number(self.key, self.signing)


@dataclass(frozen=True)
class KeyCheck:
    """One key the server named that this client has not sealed to before, or that changed."""

    status: str  # "new" or "changed"
    user_id: str
    name: str
    public_key: bytes
    fingerprint: str
    pinned_fingerprint: str | None = None
    signing_key: bytes | None = None

    def describe(self) -> str:
        if self.status == "changed":
            return (f"{self.name}'s notes key has CHANGED: it was {self.pinned_fingerprint}, the "
                    f"server now says {self.fingerprint}")
        return f"New reader key: {self.name} — fingerprint {self.fingerprint}"


class PinStore:
    """Pins by user id, kept in `path` (None: in memory only, for one process)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.pins: dict[str, Pin] = {}
        if path is not None and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("v") != FILE_VERSION:
                raise ValueError(f"{path} is not a pins file this version understands")
            for user_id, p in data["pins"].items():
                pin = Pin(user_id, str(p["name"]), str(p["public_key"]), str(p["key_id"]),
                          bool(p.get("verified", False)), str(p.get("signing_key", "")))
                # A hand-edited file must not smuggle in a key under another key's id.
                if E.key_id(pin.key) != pin.key_id:
                    raise ValueError(f"{path}: the key id of {pin.name} does not match its key")
                self.pins[user_id] = pin

    def get(self, user_id: str) -> Pin | None:
        return self.pins.get(user_id)

    def by_key_id(self, kid: str) -> Pin | None:
        return next((p for p in self.pins.values() if p.key_id == kid), None)

    def by_signing_key(self, signing: bytes) -> Pin | None:
        return next((p for p in self.pins.values() if p.signing == signing), None)

    def check(self, user_id: str, name: str, public_key: bytes,
              signing: bytes | None = None) -> KeyCheck | None:
        """None if these keys are the ones pinned for `user_id`; else what the person must see.
        Both keys count: a server that swaps only the signing key is caught too."""
        pub = E.validate_public_key(public_key)
        if signing is not None:
            E.validate_signing_key(signing)
        fp = E.safety_number(pub, signing)
        pin = self.pins.get(user_id)
        if pin is None:
            return KeyCheck("new", user_id, name, pub, fp, None, signing)
        if pin.key != pub or pin.signing != signing:
            return KeyCheck("changed", user_id, pin.name, pub, fp, pin.fingerprint, signing)
        return None

    def pin(self, user_id: str, name: str, public_key: bytes, *, verified: bool = False,
            signing: bytes | None = None) -> Pin:
        pub = E.validate_public_key(public_key)
        pin = Pin(user_id, name, E.b64u_encode(pub), E.key_id(pub), verified,
                  E.b64u_encode(signing) if signing else "")
        self.pins[user_id] = pin
        self.save()
        return pin

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = {"v": FILE_VERSION, "pins": {
            uid: {k: v for k, v in asdict(p).items() if k != "user_id"}
            for uid, p in sorted(self.pins.items())}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".pins-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(body, out, indent=1, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def default_path(url: str, username: str) -> Path:
    """~/.config/balint/pins/<host>_<username>.json: one file per server and person."""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    safe = "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in f"{host}_{username}")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "balint" / "pins" / f"{safe}.json"


def to_json(checks: list[KeyCheck]) -> list[dict[str, Any]]:
    return [{"status": c.status, "user_id": c.user_id, "name": c.name,
             "fingerprint": c.fingerprint, "pinned_fingerprint": c.pinned_fingerprint}
            for c in checks]
