"""The world the fuzzer runs in: the real server on a loopback port and the people using it.

One server and one set of connected clients serve every case (starting them per case would be
a thousand times slower). Between batches `maintain()` puts the room back in a known state when
the cases have spoilt it (a member removed or muted, the room locked, the session ended) by
opening a fresh session, the way a facilitator would, and moves the clock on so that the
per-member message limit (20 in 10 s) is a result the cases meet sometimes, not always.

The views the checks use (log, writes, tables) are in watch.py.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import random
import time
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import socketio

from server.actions import accounts, calendar, groups, schedule
from server.clock import FakeClock
from server.crypto import envelope as env
from server.keys import Services
from server.notes_client import NotesClient, new_note_id
from server.payloads import NewTerm
from server.permissions import OPERATOR
from tests.fuzz.strategies import Ref
from tests.fuzz.watch import LogTap, StoreView, WriteTrace
from tests.support import PASSWORD, ApiClient, LiveServer, loopback_config

SOCKET_PEOPLE = ("fac", "m1", "m2", "waiter", "outsider", "lead")
BATCH_CLOCK_STEP = 10.0  # seconds of server time per batch
MAX_BATCHES_PER_SESSION = 10  # then a fresh session keeps history (and join) short
STATIC_NAMES = ("app.js", "styles.css", "index.html", "room.js", "api.js", "nope.js",
                "APP.JS", "app.jsx")


@dataclass
class Actor:
    name: str
    username: str
    user_id: str
    token: str
    csrf: str
    password: str = PASSWORD
    sio: socketio.AsyncClient | None = None


class World:
    def __init__(self, data_dir: Path, seed: int = 0) -> None:
        self.data_dir = data_dir
        self.rng = random.Random(seed)
        self.loop = asyncio.new_event_loop()
        self.logs = LogTap()
        self.actors: dict[str, Actor] = {}
        self.ids: dict[str, str] = {}
        self.seqs: deque[int] = deque(maxlen=50)
        self.client_ids: deque[str] = deque(maxlen=50)
        self.used_invite = ""
        self.certificate: dict[str, Any] = {}
        self.key_pool: list[tuple[str, str]] = []
        self.session_batches = 0
        self.rotations = 0
        self.raw: socketio.AsyncClient | None = None
        self.http: aiohttp.ClientSession | None = None
        self.store: StoreView | None = None
        self.writes = WriteTrace()
        # Rows the fuzzer itself adds while a batch runs (a sign-in to end, an invitation to
        # accept): the batch's row-count check expects them.
        self.own_rows: Counter[str] = Counter()

    # -- running ---------------------------------------------------------------------------

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    @property
    def server(self) -> LiveServer:
        return self._server

    @property
    def svc(self) -> Services:
        return self._server.svc

    @property
    def url(self) -> str:
        return self._server.url

    # -- start and stop --------------------------------------------------------------------

    async def start(self) -> World:
        logging.getLogger().addHandler(self.logs)
        # The sweeper runs at start-up and then once a day: a sweep in the middle of a case
        # would commit, and look like a refused request that wrote something.
        # The scheduler likewise (it opens sessions a case may have scheduled for today).
        config = loopback_config(self.data_dir).with_(sweep_seconds=86400,
                                                      schedule_seconds=86400)
        self._server = await LiveServer(config, FakeClock(time.time())).start()
        self.store = StoreView([config.db_path, config.keystore_path])
        await self.writes.attach(self.svc.db, 0)
        await self.writes.attach(self.svc.keystore, 1)
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        svc = self.svc
        programme = await groups.create_programme(svc, OPERATOR, "Fuzz programme")
        group = await groups.create_group(svc, OPERATOR, programme, "Fuzz group")
        other = await groups.create_group(svc, OPERATOR, programme, "Other group")
        scratch = await groups.create_group(svc, OPERATOR, programme, "Scratch group")
        self.ids.update(programme=programme, group=group, other_group=other, scratch=scratch,
                        scratch_programme=await groups.create_programme(svc, OPERATOR, "Scratch"))
        people = {
            "fac": ("group", group, "facilitator"), "m1": ("group", group, "member"),
            "m2": ("group", group, "member"), "waiter": ("group", group, "member"),
            "outsider": ("group", other, "member"), "other_fac": ("group", other, "facilitator"),
            "lead": ("lead", programme, None), "admin": ("admin", None, None),
            "spare": ("group", scratch, "member"),
        }
        for name, (kind, where, role) in people.items():
            extra = ({"group_id": where, "role": role} if kind == "group"
                     else {"programme_id": where} if kind == "lead" else {})
            link = await accounts.create_invitation(svc, OPERATOR, kind=kind, **extra)
            self.actors[name] = await self._sign_up(name, link)
        self.used_invite = accounts.token_from_link(await accounts.create_invitation(
            svc, OPERATOR, kind="group", group_id=scratch, role="member"))
        await accounts.accept_invitation(svc, self.used_invite, current_user=await self._user(
            "spare"))
        await self._notes_and_keys()
        for name in SOCKET_PEOPLE:
            await self.connect(name)
        self.raw = await self._socket(self.actors["m2"])
        # Sessions the cases refer to besides the room: another group's, and an ended one.
        self.ids["other_session"] = await groups.open_session(svc, OPERATOR, other, "Other")
        await self.rotate()
        self.ids["ended_session"] = self.ids["session"]
        await self.rotate()
        status, reply = await self.request("POST", f"/api/sessions/{self.ids['session']}/notes",
                                           "m1", self._note_body("m1"))
        assert status == 201, reply
        await self._certificate()
        await self._schedule()
        return self

    async def _schedule(self) -> None:
        """A term far ahead (nothing comes due while fuzzing) and m1's calendar feed."""
        term = await schedule.add_term(self.svc, OPERATOR, self.ids["group"], NewTerm(
            first_date="2030-01-08", start_time="19:00", every_weeks=2, count=40, minutes=90))
        self.ids["scheduled"] = term["sessions"][0]["id"]
        feed = await calendar.new_feed(self.svc, await self._user("m1"))
        self.ids["feed_token"] = feed["url"].rsplit("/", 1)[1].removesuffix(".ics")

    async def stop(self) -> None:
        for actor in self.actors.values():
            if actor.sio is not None and actor.sio.connected:
                await actor.sio.disconnect()
        if self.raw is not None and self.raw.connected:
            await self.raw.disconnect()
        if self.http is not None:
            await self.http.close()
        if self.store is not None:
            self.store.close()
        await self._server.stop()
        logging.getLogger().removeHandler(self.logs)

    def close(self) -> None:
        try:
            self.run(self.stop())
        finally:
            # engine.io leaves a ping task per closed socket; end them before the loop goes.
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()

    async def _sign_up(self, name: str, link: str) -> Actor:
        api = ApiClient(self.url)
        try:
            username = f"fuzz-{name.replace('_', '-')}"
            status, reply = await api.post("/api/invitations/accept", {
                "token": accounts.token_from_link(link), "username": username,
                "display_name": f"Fuzz {name}", "password": PASSWORD,
            })
            assert status == 200, reply
            return Actor(name, username, reply["data"]["user_id"], api.cookie(),
                         reply["data"]["csrf_token"])
        finally:
            await api.close()

    async def _user(self, name: str) -> accounts.User:
        signed_in = await accounts.resolve_session(self.svc, self.actors[name].token)
        assert signed_in is not None
        return signed_in.user

    async def _notes_and_keys(self) -> None:
        """Keys for two people, a few spare key pairs, and a note to read, share and delete."""
        for name in ("m1", "fac"):
            actor = self.actors[name]
            async with aiohttp.ClientSession(
                    cookie_jar=aiohttp.DummyCookieJar(),
                    headers={"Cookie": f"balint_session={actor.token}"}) as http:
                await NotesClient(self.url, http, actor.csrf).create_key("a recovery passphrase")
        for _ in range(2):
            identity = env.generate_identity()
            backup = await asyncio.to_thread(env.export_private_key, identity, "spare passphrase")
            self.key_pool.append((env.b64u_encode(env.public_key_bytes(identity)),
                                  backup.decode("ascii")))

    async def _certificate(self) -> None:
        status, reply = await self.request("GET", f"/api/me/certificates/{self.ids['group']}",
                                           "m1")
        assert status == 200, reply
        self.certificate = reply["data"]

    # -- sockets ---------------------------------------------------------------------------

    async def _socket(self, actor: Actor) -> socketio.AsyncClient:
        sio = socketio.AsyncClient(reconnection=False)
        await sio.connect(self.url, transports=["websocket"],
                          headers={"Cookie": f"balint_session={actor.token}"}, wait_timeout=5)
        return sio

    async def connect(self, name: str) -> None:
        actor = self.actors[name]
        if actor.sio is not None and actor.sio.connected:
            await actor.sio.disconnect()
        actor.sio = await self._socket(actor)

    def socket(self, name: str) -> socketio.AsyncClient:
        sio = self.actors[name].sio
        assert sio is not None
        return sio

    async def reconnect_raw(self) -> None:
        if self.raw is not None and self.raw.connected:
            await self.raw.disconnect()
        self.raw = await self._socket(self.actors["m2"])

    # -- HTTP ------------------------------------------------------------------------------

    async def request(self, method: str, path: str, actor: str,
                      body: Any = None) -> tuple[int, Any]:
        """A well-behaved request (for set-up and maintenance, not a fuzz case)."""
        assert self.http is not None
        who = self.actors[actor]
        headers = {"Cookie": f"balint_session={who.token}", "X-CSRF-Token": who.csrf}
        async with self.http.request(method, self.url + path, json=body,
                                     headers=headers) as resp:
            return resp.status, await resp.json()

    async def healthy(self) -> bool:
        """The server answers /healthz, from a fresh connection, within 5 s."""
        try:
            async with aiohttp.ClientSession() as http, http.get(
                    self.url + "/healthz", timeout=aiohttp.ClientTimeout(total=5)) as resp:
                return resp.status == 200 and await resp.json() == {"ok": True}
        except (TimeoutError, aiohttp.ClientError):
            return False

    async def throwaway_sign_in(self) -> tuple[str, str]:
        """A fresh sign-in (cookie, CSRF token) of the spare person, for cases that end the
        sign-in they use."""
        token, who = await accounts.start_session(self.svc, await self._user("spare"))
        self.own_rows["0:auth_sessions"] += 1
        return token, who.csrf_token

    # -- keeping the room usable -----------------------------------------------------------

    async def call(self, name: str, event: str, data: Any) -> dict[str, Any]:
        reply: dict[str, Any] = await self.socket(name).call(event, data, timeout=10)
        return reply

    async def rotate(self) -> None:
        """End the room's session as its facilitator would and open a fresh one; bring the
        members in (admitted by the facilitator) and leave the waiter in the waiting room."""
        old = self.ids.get("session")
        if old is not None:
            await self.call("fac", "join", {"session_id": old})
            await self.call("fac", "flow", {"session_id": old, "action": "end"})
        # The cases change the group's settings; start each session from the defaults
        # (members wait to be admitted, the standard ground rules).
        await self.svc.db.execute_write("UPDATE groups SET settings = '{}' WHERE id = ?",
                                        (self.ids["group"],))
        status, reply = await self.request("POST", f"/api/groups/{self.ids['group']}/sessions",
                                           "fac", {"title": f"Fuzz {self.rotations}"})
        assert status == 201, reply
        session = self.ids["session"] = reply["data"]["id"]
        for name in ("fac", "m1", "m2", "waiter"):
            assert (await self.call(name, "accept_rules", {"session_id": session}))["ok"]
            joined = await self.call(name, "join", {"session_id": session})
            assert joined["ok"], (name, joined)
        for name in ("m1", "m2"):
            admitted = await self.call("fac", "admit", {"session_id": session,
                                                        "user_id": self.actors[name].user_id})
            assert admitted["ok"], admitted
            assert (await self.call(name, "join", {"session_id": session}))["ok"]
        # Something to redact and someone to give the floor to, whichever target runs next.
        self.seqs.clear()
        for name, channel in (("m1", "group"), ("m2", "group"), ("fac", "facilitators")):
            sent = await self.call(name, "send", {"session_id": session, "channel": channel,
                                                  "client_id": f"seed-{self.rotations}-{name}",
                                                  "text": "A message to begin with"})
            if sent["ok"]:  # (refused only when many sessions ended in a few seconds)
                self.note_seen(sent["data"]["seq"], sent["data"]["id"])
        await self.call("m2", "hand", {"session_id": session, "raised": True})
        # And notes to read and delete: a fuzzed retention setting may have swept the last.
        for name in ("m1", "fac"):
            await self.request("POST", f"/api/sessions/{session}/notes", name,
                               self._note_body(name))
        self.session_batches = 0
        self.rotations += 1

    def _spoilt(self) -> bool:
        """Has a case changed the room so much that most cases would stop at the door?"""
        assert self.store is not None
        session = self.ids["session"]
        row = self.store.rows("SELECT state, locked, muted_all FROM sessions WHERE id = ?",
                              (session,))
        if not row or row[0] != ("open", 0, 0):
            return True
        people = dict((r[0], (r[1], r[2])) for r in self.store.rows(
            "SELECT user_id, status, muted FROM participants WHERE session_id = ?", (session,)))
        expected = {"fac": "admitted", "m1": "admitted", "m2": "admitted", "waiter": "waiting"}
        return any(people.get(self.actors[n].user_id) != (status, 0)
                   for n, status in expected.items())

    async def maintain(self) -> None:
        """Between batches: reconnect dropped sockets, move the clock on, and rotate the
        session when it is spoilt or old; otherwise bring back anyone who left."""
        for name in SOCKET_PEOPLE:
            sio = self.actors[name].sio
            if sio is None or not sio.connected:
                await self.connect(name)
        if self.raw is None or not self.raw.connected:
            await self.reconnect_raw()
        self.server.clock.advance(BATCH_CLOCK_STEP)
        self.session_batches += 1
        if self._spoilt() or self.session_batches >= MAX_BATCHES_PER_SESSION:
            await self.rotate()
            return
        for name in ("fac", "m1", "m2", "waiter"):
            # since_seq far ahead: the join answers without the history it already has.
            await self.call(name, "join", {"session_id": self.ids["session"],
                                           "since_seq": 10**9})

    # -- resolving references --------------------------------------------------------------

    def note_seen(self, seq: Any, client_id: Any) -> None:
        if isinstance(seq, int):
            self.seqs.append(seq)
        if isinstance(client_id, str):
            self.client_ids.append(client_id)

    async def resolve(self, value: Any, actor: str) -> Any:
        """`value` with every Ref replaced by the world's current real value."""
        if isinstance(value, Ref):
            return await self._ref(value.name, actor)
        if isinstance(value, dict):
            return {k: await self.resolve(v, actor) for k, v in value.items()}
        if isinstance(value, list):
            return [await self.resolve(v, actor) for v in value]
        if isinstance(value, tuple):
            if value[:1] == ("edit",):
                return await self._edited_certificate(value[1],
                                                      await self.resolve(value[2], actor))
            return tuple([await self.resolve(v, actor) for v in value])
        return value

    async def _ref(self, name: str, actor: str) -> Any:
        if name.startswith("user:"):
            who = actor if name == "user:self" else name[5:]
            return self.actors[who].user_id if who in self.actors else "nobody"
        if name in self.ids:
            return self.ids[name]
        if name == "unknown_id":
            return "AAAAAAAAAAAAAAAA"
        if name == "seq":
            return self.rng.choice(self.seqs) if self.seqs else 1
        if name == "used_client_id":
            return self.rng.choice(self.client_ids) if self.client_ids else "fuzz-client-id"
        if name == "username":
            return self.actors.get(actor, self.actors["m1"]).username
        if name == "password":
            return self.actors.get(actor, self.actors["m1"]).password
        if name == "invite_token":
            self.own_rows["0:invitations"] += 1
            return accounts.token_from_link(await accounts.create_invitation(
                self.svc, OPERATOR, kind="group", group_id=self.ids["scratch"],
                role=self.rng.choice(["member", "facilitator"])))
        if name == "used_invite_token":
            return self.used_invite
        if name in ("public_key", "backup"):
            pair = self.rng.choice(self.key_pool)
            return pair[0] if name == "public_key" else pair[1]
        if name == "my_public_key":
            key = self._key_of(actor)
            return env.b64u_encode(key) if key else "no-key"
        if name in ("note_id", "envelope"):
            assert self.store is not None
            who = self.actors[actor].user_id if actor in self.actors else ""
            # Mostly the actor's own notes (which they can read), sometimes anyone's.
            rows = (self.store.rows("SELECT id, envelope FROM notes WHERE author_id = ?", (who,))
                    if self.rng.random() < 0.7 else [])
            rows = rows or self.store.rows("SELECT id, envelope FROM notes")
            if not rows:
                return new_note_id() if name == "note_id" else "{}"
            row = self.rng.choice(rows)
            return row[0] if name == "note_id" else row[1]
        if name == "note_body":
            return self._note_body(actor)
        if name == "certificate":
            return copy.deepcopy(self.certificate)
        if name == "origin":
            return self.url
        if name == "static_name":
            return self.rng.choice(STATIC_NAMES)
        if name == "invitation_id":  # a real one mostly (revoking it), else a made-up one
            assert self.store is not None
            rows = (self.store.rows("SELECT lower(hex(token_hash)) FROM invitations")
                    if self.rng.random() < 0.8 else [])
            if rows:
                return str(self.rng.choice(rows)[0])
            return "".join(self.rng.choice("0123456789abcdef") for _ in range(64))
        if name == "sso_provider":
            return self.rng.choice(["entra", "test", "x" * 40])
        if name == "passkey_id":  # none exist here: made up, base64url or not
            return self.rng.choice(["AAAA", "not base64!", "-_-_", "A" * 300])
        if name == "pseudonym":
            return "T-" + "".join(self.rng.choice("0123456789abcdef") for _ in range(8))
        raise AssertionError(f"unknown reference {name}")

    def _key_of(self, actor: str) -> bytes | None:
        who = self.actors.get(actor)
        if who is None or self.store is None:
            return None
        rows = self.store.rows("SELECT public_key FROM identity_keys WHERE user_id = ?",
                               (who.user_id,))
        return bytes(rows[0][0]) if rows else None

    def _note_body(self, actor: str) -> dict[str, Any]:
        """A correctly sealed note for the author alone, when the actor has a key."""
        key = self._key_of(actor)
        note_id = new_note_id()
        if key is None:
            return {"note_id": note_id, "audience": "me", "envelope": "{}"}
        audience = "facilitators" if actor == "fac" else "me"  # either way: the author alone
        sealed, _ = env.seal(b"fuzz note", note_id, self.ids["group"], [key])
        return {"note_id": note_id, "audience": audience, "envelope": sealed.decode("ascii")}

    async def _edited_certificate(self, path: tuple[str, ...], value: Any) -> Any:
        document: Any = copy.deepcopy(self.certificate)
        target = document
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(target, dict) else target
        if isinstance(target, dict):
            target[path[-1]] = value
        return document
