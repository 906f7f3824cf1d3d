"""A case-notes client in Python: what the browser does, over the same HTTP API.

Used by the `balint notes` command and by the tests. It signs in like a browser (cookie + CSRF
token), restores or creates the user's identity key, seals notes with `server/crypto/envelope.py`
and opens them. The private key lives only in this process's memory: it is restored from the
server's key backup with the recovery passphrase each time, never written to disk.

    export BALINT_PASSWORD=... BALINT_PASSPHRASE=...
    balint notes init-key --url https://rooms.example.org --username tom
    echo "What I noticed today" | balint notes write --url ... --username tom \\
        --session SESSION_ID --audience group
    balint notes read --url ... --username tom --session SESSION_ID

Passwords and passphrases are read from environment variables (named by --password-env and
--passphrase-env), never from the command line, where other users of the machine can see them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.crypto import envelope as E
from server.errors import AppError
from server.notes_pins import KeyCheck, PinStore, default_path, to_json

# Asked before the first seal to keys the client has never sealed to; True means "trust and seal".
TrustNew = Callable[[list[KeyCheck]], bool]

AUDIENCES = ("me", "facilitators", "group")
AUDIENCE_LABELS = {"me": "only me", "facilitators": "the facilitators", "group": "the whole group"}


class NotesError(AppError):
    """A refusal from the server, or from this client, with the server's code and message."""


@dataclass(frozen=True)
class ReadNote:
    """A note as its reader sees it: opened, or with the reason it could not be."""

    id: str
    author_id: str
    author_name: str
    audience: str
    created_at: float
    text: str | None
    error: str | None
    missing: list[dict[str, Any]]
    envelope: str
    # Who can read it, from the key ids inside the envelope mapped through this client's pins
    # (never the server's list): "you", a pinned name, or "an unknown key".
    readers: tuple[str, ...] = ()
    # Version 2: who signed it, from the signature and this client's pins ("you", a pinned name);
    # None for an unsigned (version 1) note or a signer this client has not pinned.
    signed_by: str | None = None
    signed_audience: str | None = None


def _person(r: dict[str, Any]) -> tuple[str, str, bytes, bytes | None]:
    """(user id, name, X25519 key, Ed25519 key or None) of one person the server lists."""
    signing = r.get("signing_key")
    return (str(r["user_id"]), str(r["display_name"]),
            E.b64u_decode(r["public_key"], E.KEY_BYTES),
            E.b64u_decode(signing, E.KEY_BYTES) if signing else None)


def new_note_id() -> str:
    """16 random bytes as base64url: the id is bound into the envelope, so it is chosen first."""
    return E.b64u_encode(secrets.token_bytes(16))


class NotesClient:
    """One signed-in person's notes. Pass an existing aiohttp session to share its cookie."""

    def __init__(self, base_url: str, http: aiohttp.ClientSession | None = None,
                 csrf: str = "", *, pins: PinStore | None = None,
                 trust_new: TrustNew | None = None) -> None:
        self.base = base_url.rstrip("/")
        # unsafe=True: the sign-in cookie must also be kept for a server on 127.0.0.1.
        self.http = http or aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self._owns_http = http is None
        self.csrf = csrf
        self.identity: X25519PrivateKey | None = None
        # Sealing only ever goes to keys in `pins`. `trust_new` is the person's answer to "new
        # reader key: X, fingerprint …": None refuses (the CLI shows the keys and stops).
        self.pins = pins if pins is not None else PinStore()
        self.trust_new = trust_new

    async def close(self) -> None:
        if self._owns_http:
            await self.http.close()

    async def __aenter__(self) -> NotesClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        """One API call; the answer's `data`, or NotesError with the server's code."""
        headers = {"X-CSRF-Token": self.csrf} if self.csrf and method != "GET" else {}
        async with self.http.request(method, self.base + path, json=body,
                                     headers=headers) as resp:
            try:
                payload = await resp.json()
            except (aiohttp.ContentTypeError, ValueError):
                raise NotesError("bad_response", "The server sent an answer we could not read.",
                                 resp.status) from None
        if not payload.get("ok"):
            err = payload.get("error") or {}
            raise NotesError(err.get("code", "error"), err.get("message", "Refused."),
                             resp.status, err.get("details"))
        return payload.get("data")

    async def sign_in(self, username: str, password: str) -> str:
        data = await self.call("POST", "/api/sign-in", {"username": username,
                                                        "password": password})
        self.csrf = data["csrf_token"]
        return str(data["user_id"])

    # -- keys ----------------------------------------------------------------------------

    @property
    def key(self) -> X25519PrivateKey:
        if self.identity is None:
            raise NotesError("no_key", "Restore or create your notes key first.", 409)
        return self.identity

    @property
    def safety_number(self) -> str:
        """My safety number: what others compare with the one they have pinned for me."""
        return E.safety_number(E.public_key_bytes(self.key), E.signing_public(self.key))

    async def create_key(self, passphrase: str, *, replace: bool = False) -> str:
        """Make a new identity, upload its public key and passphrase-sealed backup; fingerprint."""
        identity = E.generate_identity()
        # scrypt (128 MiB, about half a second): off the event loop, so other tasks keep running.
        backup = await asyncio.to_thread(E.backup_private_key, identity, passphrase)
        await self.call("PUT", "/api/notes/key", {
            "public_key": E.b64u_encode(E.public_key_bytes(identity)),
            "backup": backup.decode("ascii"), "replace": replace,
            "signing_key": E.b64u_encode(E.signing_public(identity)),
        })
        self.identity = identity
        # Not the server's `fingerprint` field: what people compare covers both public keys.
        return self.safety_number

    async def restore_key(self, passphrase: str) -> str:
        """Open my key backup from the server with my passphrase; returns my fingerprint."""
        mine = await self.call("GET", "/api/notes/key")
        if mine is None:
            raise NotesError("no_key", "You have no notes key yet: run `balint notes init-key`.",
                             409)
        try:
            identity = await asyncio.to_thread(E.import_private_key, mine["backup"], passphrase)
        except E.EnvelopeError as err:
            if err.code == "bad_passphrase":
                raise NotesError("bad_passphrase",
                                 "That passphrase does not open your key backup.") from None
            raise
        if E.key_id(E.public_key_bytes(identity)) != mine["key_id"]:
            raise NotesError("key_mismatch", "Your key backup does not match your key.")
        self.identity = identity
        signing = E.b64u_encode(E.signing_public(identity))
        old = E.validate_backup(mine["backup"]).version < E.BACKUP_VERSION
        if old or mine.get("signing_key") != signing:
            # An old PBKDF2 backup is re-sealed under scrypt now that we hold the passphrase,
            # and a key registered before signing existed gets its signing key published.
            backup = (await asyncio.to_thread(E.backup_private_key, identity, passphrase)
                      ).decode("ascii") if old else mine["backup"]
            await self.call("PUT", "/api/notes/key", {
                "public_key": E.b64u_encode(E.public_key_bytes(identity)),
                "backup": backup, "replace": False, "signing_key": signing})
        return self.safety_number

    # -- notes ---------------------------------------------------------------------------

    async def write(self, session_id: str, text: str, audience: str = "group", *,
                    attempts: int = 5) -> str:
        """Seal `text` to the audience's readers and store it; returns its id.

        The server names the readers, but only keys pinned here are sealed to (`_pinned_keys`):
        a new key is shown first, a changed one refused. Membership can change between asking
        and storing; the server then refuses with `wrong_recipients` and we seal again.
        """
        for attempt in range(attempts):
            who = await self.call("GET", f"/api/sessions/{session_id}/notes/recipients"
                                         f"?audience={audience}")
            keys = self._pinned_keys(who["recipients"], audience)
            note_id = new_note_id()
            # Version 2: signed, binding this session and audience and these readers.
            envelope, _ = E.seal(text.encode("utf-8"), note_id, who["group_id"], keys,
                                 author=self.key, session_id=session_id, audience=audience)
            try:
                await self.call("POST", f"/api/sessions/{session_id}/notes", {
                    "note_id": note_id, "audience": audience,
                    "envelope": envelope.decode("ascii"),
                })
                return note_id
            except NotesError as err:
                if err.code != "wrong_recipients" or attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def _pinned_keys(self, listed: list[dict[str, Any]], audience: str) -> list[bytes]:
        """The keys to seal to: mine, then each other reader's PINNED key. Refuses, sealing
        nothing, when the server's list has a changed key, or a new one the person declines."""
        mine = E.public_key_bytes(self.key)
        people = [_person(r) for r in listed]
        if not any(p[2] == mine for p in people):
            raise NotesError("key_changed", "Your notes key changed on another device. "
                             "Restore it again.", 409)
        others = [p for p in people if p[2] != mine]
        if audience == "me":
            # Only I can read it: nobody the server names is asked about, and none is sealed to.
            if others:
                raise NotesError("unexpected_readers", "The server named other readers for a "
                                 "note only you may read. Nothing was sealed.", 409)
            return [mine]
        if len({p[0] for p in others}) != len(others):
            raise NotesError("unexpected_readers", "The server named someone twice. Nothing "
                             "was sealed.", 409)
        checks = [c for c in (self.pins.check(*p) for p in others) if c is not None]
        self._confirm(checks)
        return [mine] + [self.pins.pins[p[0]].key for p in others]

    def _confirm(self, checks: list[KeyCheck]) -> None:
        """Stop on a changed key; pin new keys only if the person says so. Seals nothing."""
        changed = [c for c in checks if c.status == "changed"]
        if changed:
            raise NotesError(
                "key_changed", "Nothing was sealed. " + "; ".join(c.describe() for c in changed)
                + ". Compare safety numbers with them before you accept a new key "
                "(`balint notes trust`).", 409, {"keys": to_json(changed)})
        if checks and not (self.trust_new is not None and self.trust_new(checks)):
            raise NotesError(
                "new_keys", "Nothing was sealed. " + "; ".join(c.describe() for c in checks)
                + ". Compare these with the people named, then trust them "
                "(`balint notes trust`).", 409, {"keys": to_json(checks)})
        for c in checks:
            self.pins.pin(c.user_id, c.name, c.public_key, signing=c.signing_key)

    def readers_of(self, envelope: str) -> tuple[str, ...]:
        """Who can read a note, from the key ids inside it (not the server's say-so); a reader
        added after the author sealed it says who gave access, from that person's grant."""
        env = E.validate_structure(envelope)
        mine = E.key_id(E.public_key_bytes(self.key))
        mine_signing = E.signing_public(self.key)
        grants = {E.b64u_encode(g.kid): g.by for g in env.grants}

        def name(kid: str) -> str:
            pin = self.pins.by_key_id(kid)
            return "you" if kid == mine else pin.name if pin else "an unknown key"

        names = []
        for i, kid in enumerate(env.key_ids):
            if env.version != E.SIGNED_VERSION or i < env.signed:
                names.append(name(kid))
            elif kid not in grants:
                names.append(f"{name(kid)} (added without a signature)")
            else:
                by = grants[kid]
                pin = self.pins.by_signing_key(by)
                giver = "you" if by == mine_signing else pin.name if pin else "an unknown key"
                names.append(f"{name(kid)} (access given by {giver})")
        return tuple(names)

    def open(self, note: dict[str, Any], group_id: str, session_id: str) -> ReadNote:
        """Decrypt and verify one listed note. The ids are where I found it, not what the note
        claims; a signed note names its author through my pins, never the server's row."""
        text = error = signed_by = audience = None
        try:
            opened = E.open_note(note["envelope"], note["id"], group_id, self.key, session_id)
            text = opened.plaintext.decode("utf-8")
            if opened.author is not None:
                audience = opened.audience
                if opened.author == E.signing_public(self.key):
                    signed_by = "you"
                else:
                    pin = self.pins.by_signing_key(opened.author)
                    signed_by = pin.name if pin else None
        except E.EnvelopeError as err:
            error = err.code
        readers = self.readers_of(note["envelope"]) if error is None else ()
        return ReadNote(note["id"], note["author_id"], note["author_name"], note["audience"],
                        note["created_at"], text, error, note.get("missing", []),
                        note["envelope"], readers, signed_by, audience)

    async def read(self, session_id: str) -> list[ReadNote]:
        """Every note of the session shared with me, opened."""
        data = await self.call("GET", f"/api/sessions/{session_id}/notes")
        return [self.open(n, data["group_id"], session_id) for n in data["notes"]]

    async def give_access(self, note: ReadNote | dict[str, Any]) -> int:
        """Add a stanza for each member the note's audience now names who cannot yet read it,
        sealed to that member's PINNED and VERIFIED key and signed by me (a grant). Gives
        nobody access if any of them has a new, unverified or changed key (`not_verified`,
        `key_changed`): compare safety numbers first (`balint notes trust --verified`)."""
        note_id = note.id if isinstance(note, ReadNote) else note["id"]
        envelope = note.envelope if isinstance(note, ReadNote) else note["envelope"]
        missing = note.missing if isinstance(note, ReadNote) else note.get("missing", [])
        if isinstance(note, ReadNote) and note.signed_audience == "me":
            return 0  # an "Only me" note is never given to anyone, whatever the server lists
        people = [_person(p) for p in missing]
        checks = [c for c in (self.pins.check(*p) for p in people) if c is not None]
        changed = [c for c in checks if c.status == "changed"]
        if changed:
            raise NotesError(
                "key_changed", "Nobody was given access. " + "; ".join(
                    c.describe() for c in changed) + ". Compare safety numbers with them before "
                "you accept a new key (`balint notes trust`).", 409, {"keys": to_json(changed)})
        unverified = [p for p in people if not (pin := self.pins.get(p[0])) or not pin.verified]
        if unverified:
            shown = "; ".join(c.describe() for c in checks)
            raise NotesError(
                "not_verified", "Nobody was given access: first compare safety numbers with "
                + ", ".join(p[1] for p in unverified) + " (`balint notes trust --verified`)."
                + (f" {shown}." if shown else ""), 409, {"keys": to_json(checks)})
        for user_id, *_ in people:
            envelope = E.rewrap(envelope, self.key,
                                self.pins.pins[user_id].key).decode("ascii")
            await self.call("POST", f"/api/notes/{note_id}/readers", {"envelope": envelope})
        return len(people)

    async def group_keys(self, session_id: str) -> list[tuple[str, str, str]]:
        """(name, fingerprint, state) for the session's group: the pinned key when there is
        one (what sealing uses), with what the server says now when it differs."""
        group_id = (await self.call("GET", f"/api/sessions/{session_id}/notes"))["group_id"]
        members = (await self.call("GET", f"/api/groups/{group_id}/note-keys"))["members"]
        mine = E.public_key_bytes(self.key)
        rows = []
        for m in members:
            if not m.get("public_key"):
                rows.append((m["display_name"], "-", "no key yet"))
                continue
            _, _, pub, signing = _person(m)
            if pub == mine:
                rows.append((m["display_name"], E.safety_number(pub, signing), "you"))
                continue
            found = self.pins.check(m["user_id"], m["display_name"], pub, signing)
            pin = self.pins.get(m["user_id"])
            if found is None and pin is not None:
                rows.append((pin.name, pin.fingerprint, "verified" if pin.verified else "pinned"))
            elif found is not None and found.status == "changed" and pin is not None:
                rows.append((pin.name, pin.fingerprint,
                             f"CHANGED: the server now says {found.fingerprint}"))
            else:
                rows.append((m["display_name"], E.safety_number(pub, signing),
                             "new: not trusted yet"))
        return rows

    async def trust(self, session_id: str, name: str, fingerprint: str, *,
                    verified: bool = False) -> str:
        """Pin the key the server now gives for `name`, but only if its fingerprint is the one
        the person typed (read to them by its owner, or shown by a refused write)."""
        group_id = (await self.call("GET", f"/api/sessions/{session_id}/notes"))["group_id"]
        members = (await self.call("GET", f"/api/groups/{group_id}/note-keys"))["members"]
        wanted = "".join(fingerprint.split()).upper()
        found = [m for m in members if m["display_name"] == name and m.get("public_key")]
        for m in found:
            _, _, pub, signing = _person(m)
            number = E.safety_number(pub, signing)
            if "".join(number.split()) == wanted:
                self.pins.pin(m["user_id"], name, pub, verified=verified, signing=signing)
                return number
        raise NotesError("fingerprint_mismatch", f"The server's key for {name} does not have "
                         "that fingerprint. Nothing was trusted.", 409)

    async def delete(self, note_id: str) -> None:
        await self.call("DELETE", f"/api/notes/{note_id}")


# --- the `balint notes` command -------------------------------------------------------------


def add_parser(sub: Any) -> None:
    """The `notes` subcommand of `balint` (server/cli.py)."""
    p = sub.add_parser("notes", help="write and read end-to-end encrypted case notes")
    actions = p.add_subparsers(dest="notes_command", required=True)
    for name, text in (("init-key", "create my notes key and store its passphrase backup"),
                       ("write", "seal a note read from standard input and store it"),
                       ("read", "print the notes of a session that are shared with me"),
                       ("keys", "list the group's safety numbers: the keys my notes are sealed to"),
                       ("trust", "trust a person's key after comparing its safety number")):
        a = actions.add_parser(name, help=text)
        a.add_argument("--url", required=True, help="the server's address")
        a.add_argument("--username", required=True)
        a.add_argument("--password-env", default="BALINT_PASSWORD",
                       help="environment variable holding the password (default %(default)s)")
        a.add_argument("--passphrase-env", default="BALINT_PASSPHRASE",
                       help="environment variable holding the recovery passphrase "
                            "(default %(default)s)")
        a.add_argument("--pins", type=Path, default=None,
                       help="file of the keys I have trusted (default "
                            "~/.config/balint/pins/<server>_<username>.json)")
        if name != "init-key":
            a.add_argument("--session", required=True, help="session id")
        if name == "write":
            a.add_argument("--audience", choices=AUDIENCES, default="group")
        if name == "trust":
            a.add_argument("--name", required=True, help="the person's display name")
            a.add_argument("--fingerprint", required=True,
                           help="their safety number, as they read it to you")
            a.add_argument("--verified", action="store_true",
                           help="I compared it with them in person or on a call")


def _secret(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise NotesError("missing_secret", f"Set the environment variable {name} first.")
    return value


async def _run(args: argparse.Namespace) -> str:
    pins = PinStore(args.pins or default_path(args.url, args.username))
    async with NotesClient(args.url, pins=pins) as client:
        await client.sign_in(args.username, _secret(args.password_env))
        passphrase = _secret(args.passphrase_env)
        if args.notes_command == "init-key":
            if len(passphrase) < 12:
                raise NotesError("weak_passphrase", "Choose a passphrase of at least 12 "
                                 "characters. Nobody can recover it for you.")
            return f"Your safety number: {await client.create_key(passphrase)}"
        await client.restore_key(passphrase)
        if args.notes_command == "keys":
            rows = await client.group_keys(args.session)
            return "\n".join(f"{name:<24} {fp}  {state}" for name, fp, state in rows)
        if args.notes_command == "trust":
            fp = await client.trust(args.session, args.name, args.fingerprint,
                                    verified=args.verified)
            return f"Trusted {args.name}'s key {fp}. Notes you write are now sealed to it."
        if args.notes_command == "write":
            text = sys.stdin.read()
            note_id = await client.write(args.session, text, args.audience)
            return f"Stored note {note_id}, readable by {AUDIENCE_LABELS[args.audience]}."
        out = []
        for note in await client.read(args.session):
            when = datetime.fromtimestamp(note.created_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
            if note.signed_by is not None:
                who = f"signed by {note.signed_by}"
                audience = note.signed_audience or note.audience
            else:
                who = f"{note.author_name} (UNVERIFIED: not signed by a key you trust)"
                audience = note.audience
            head = f"--- {who}, {when}, for {AUDIENCE_LABELS[audience]}"
            body = note.text if note.text is not None else f"(could not be opened: {note.error})"
            who = f"\n(can read it: {', '.join(note.readers)})" if note.readers else ""
            out.append(f"{head}\n{body}{who}")
        return "\n".join(out) if out else "No notes shared with you in this session."


def run(args: argparse.Namespace) -> int:
    try:
        print(asyncio.run(_run(args)))
    except AppError as err:
        print(f"balint notes: {err.message}", file=sys.stderr)
        return 1
    except aiohttp.ClientError:
        print("balint notes: cannot reach the server; check --url.", file=sys.stderr)
        return 1
    return 0
