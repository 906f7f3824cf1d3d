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
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.crypto import envelope as E
from server.errors import AppError

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


def new_note_id() -> str:
    """16 random bytes as base64url: the id is bound into the envelope, so it is chosen first."""
    return E.b64u_encode(secrets.token_bytes(16))


class NotesClient:
    """One signed-in person's notes. Pass an existing aiohttp session to share its cookie."""

    def __init__(self, base_url: str, http: aiohttp.ClientSession | None = None,
                 csrf: str = "") -> None:
        self.base = base_url.rstrip("/")
        # unsafe=True: the sign-in cookie must also be kept for a server on 127.0.0.1.
        self.http = http or aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self._owns_http = http is None
        self.csrf = csrf
        self.identity: X25519PrivateKey | None = None

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

    async def create_key(self, passphrase: str, *, replace: bool = False) -> str:
        """Make a new identity, upload its public key and passphrase-sealed backup; fingerprint."""
        identity = E.generate_identity()
        # PBKDF2 with 600,000 rounds: off the event loop, so other tasks keep running.
        backup = await asyncio.to_thread(E.export_private_key, identity, passphrase)
        data = await self.call("PUT", "/api/notes/key", {
            "public_key": E.b64u_encode(E.public_key_bytes(identity)),
            "backup": backup.decode("ascii"), "replace": replace,
        })
        self.identity = identity
        return str(data["fingerprint"])

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
        return E.fingerprint(E.public_key_bytes(identity))

    # -- notes ---------------------------------------------------------------------------

    async def write(self, session_id: str, text: str, audience: str = "group", *,
                    attempts: int = 5) -> str:
        """Seal `text` to exactly the audience's current readers and store it; returns its id.

        Membership can change between asking who the readers are and storing the note; the
        server then refuses with `wrong_recipients` and we seal again for the new list.
        """
        for attempt in range(attempts):
            who = await self.call("GET", f"/api/sessions/{session_id}/notes/recipients"
                                         f"?audience={audience}")
            keys = [E.b64u_decode(r["public_key"], E.KEY_BYTES) for r in who["recipients"]]
            note_id = new_note_id()
            envelope, _ = E.seal(text.encode("utf-8"), note_id, who["group_id"], keys)
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

    def open(self, note: dict[str, Any], group_id: str) -> ReadNote:
        """Decrypt one listed note. `group_id` is where I found it, not what the note claims."""
        text = error = None
        try:
            text = E.open_envelope(note["envelope"], note["id"], group_id,
                                   self.key).decode("utf-8")
        except E.EnvelopeError as err:
            error = err.code
        return ReadNote(note["id"], note["author_id"], note["author_name"], note["audience"],
                        note["created_at"], text, error, note.get("missing", []),
                        note["envelope"])

    async def read(self, session_id: str) -> list[ReadNote]:
        """Every note of the session shared with me, opened."""
        data = await self.call("GET", f"/api/sessions/{session_id}/notes")
        return [self.open(n, data["group_id"]) for n in data["notes"]]

    async def give_access(self, note: ReadNote | dict[str, Any]) -> int:
        """Add a stanza for each member the note's audience now names who cannot yet read it."""
        note_id = note.id if isinstance(note, ReadNote) else note["id"]
        envelope = note.envelope if isinstance(note, ReadNote) else note["envelope"]
        missing = note.missing if isinstance(note, ReadNote) else note.get("missing", [])
        for person in missing:
            envelope = E.rewrap(envelope, self.key,
                                E.b64u_decode(person["public_key"], E.KEY_BYTES)).decode("ascii")
            await self.call("POST", f"/api/notes/{note_id}/readers", {"envelope": envelope})
        return len(missing)

    async def delete(self, note_id: str) -> None:
        await self.call("DELETE", f"/api/notes/{note_id}")


# --- the `balint notes` command -------------------------------------------------------------


def add_parser(sub: Any) -> None:
    """The `notes` subcommand of `balint` (server/cli.py)."""
    p = sub.add_parser("notes", help="write and read end-to-end encrypted case notes")
    actions = p.add_subparsers(dest="notes_command", required=True)
    for name, text in (("init-key", "create my notes key and store its passphrase backup"),
                       ("write", "seal a note read from standard input and store it"),
                       ("read", "print the notes of a session that are shared with me")):
        a = actions.add_parser(name, help=text)
        a.add_argument("--url", required=True, help="the server's address")
        a.add_argument("--username", required=True)
        a.add_argument("--password-env", default="BALINT_PASSWORD",
                       help="environment variable holding the password (default %(default)s)")
        a.add_argument("--passphrase-env", default="BALINT_PASSPHRASE",
                       help="environment variable holding the recovery passphrase "
                            "(default %(default)s)")
        if name != "init-key":
            a.add_argument("--session", required=True, help="session id")
        if name == "write":
            a.add_argument("--audience", choices=AUDIENCES, default="group")


def _secret(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise NotesError("missing_secret", f"Set the environment variable {name} first.")
    return value


async def _run(args: argparse.Namespace) -> str:
    async with NotesClient(args.url) as client:
        await client.sign_in(args.username, _secret(args.password_env))
        passphrase = _secret(args.passphrase_env)
        if args.notes_command == "init-key":
            if len(passphrase) < 12:
                raise NotesError("weak_passphrase", "Choose a passphrase of at least 12 "
                                 "characters. Nobody can recover it for you.")
            return f"Your safety number: {await client.create_key(passphrase)}"
        await client.restore_key(passphrase)
        if args.notes_command == "write":
            text = sys.stdin.read()
            note_id = await client.write(args.session, text, args.audience)
            return f"Stored note {note_id}, readable by {AUDIENCE_LABELS[args.audience]}."
        out = []
        for note in await client.read(args.session):
            when = datetime.fromtimestamp(note.created_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
            head = f"--- {note.author_name}, {when}, for {AUDIENCE_LABELS[note.audience]}"
            body = note.text if note.text is not None else f"(could not be opened: {note.error})"
            out.append(f"{head}\n{body}")
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
