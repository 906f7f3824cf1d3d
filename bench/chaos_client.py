"""The chaos test's clients (bench/chaos.py): members and facilitators as real clients must be.

A client keeps an outbox and sends one message at a time with a fresh client id, waits for the
acknowledgement (the stored message and its seq), resends unanswered messages with the same
client id after a reconnect or a "rate_limited" answer, applies only seq = last + 1, drops
copies it already holds, and fills gaps with `history` (and `join` with since_seq = the last seq
it holds after every reconnect), as web/room.js does. A facilitator also moves the session,
chooses the presenter, mutes and locks, and keeps what it last had acknowledged in its `Room`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import socket
import string
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import socketio

from bench.chaos_compare import Entry, Key

if TYPE_CHECKING:
    from bench.chaos import Report, Run

# What the facilitator's state is judged on after restarts: everything `flow` persists.
FLOW_FIELDS = ("phase", "case_number", "presenter_user_id", "version", "paused", "deadline",
               "locked", "muted_all")
# The least gap between a poster's sends when nothing is queued: the server allows 20 messages
# in 10 s per member (server/throttle.py). A backlog goes back to back and meets the limit.
SEND_SPACING = 0.52


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


class ChaosError(Exception):
    """The run cannot go on (a refused join, a server that will not start): a failure."""


class Lost(Exception):
    """The connection went away before the answer came."""


# -- one client ---------------------------------------------------------------------------------

@dataclass
class Person:
    user_id: str
    cookie: str
    role: str  # member | facilitator


class Conn:
    """One socket.io connection with its own "lost" flag: the end of an old connection never
    marks a newer one lost."""

    def __init__(self, sio: socketio.AsyncClient) -> None:
        self.sio = sio
        self.lost = asyncio.Event()

    def cut(self) -> None:
        """End the TCP connection under engine.io: no close frame, no disconnect packet."""
        ws = getattr(self.sio.eio, "ws", None)
        sock = ws.get_extra_info("socket") if ws is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class Client:
    """A member's (or facilitator's) socket.io client, written as a real client must be."""

    def __init__(self, run: Run, room: Room, person: Person, poster: bool) -> None:
        self.run, self.room, self.person, self.poster = run, room, person, poster
        self.rng = random.Random(run.rng.random())
        self.last_seq = 0
        self.transcript: list[Entry] = []
        self.outbox: dict[str, str] = {}  # client id -> text, oldest first
        self.emitted: set[str] = set()  # client ids sent at least once
        self.conn: Conn | None = None
        self.joined = asyncio.Event()
        self.wake = asyncio.Event()
        self.stopping = False
        self.offline_for = 0.0
        # Armed by a mid-send drop: cut right after the next send (or facilitator action)
        # leaves; True also abandons that message, as closing the tab would.
        self.armed: bool | None = None
        self.catching_up = False
        self.gap_while_joining = False
        self.joins = 0
        self.composed = 0
        self.tasks: list[asyncio.Task[Any]] = []

    # receiving ---------------------------------------------------------------------------------
    def apply(self, messages: list[dict[str, Any]], contiguous: bool = False) -> None:
        """Take messages in seq order: drop what we hold, stop at a gap and fetch what is missing.

        `contiguous`: the messages are the store's answer to "everything after last_seq", so a
        jump is a hole in the store, not something still in flight: record it and move on.
        """
        for m in messages:
            seq = m["seq"]
            if seq <= self.last_seq:
                self.run.report.live_copies_dropped += 1
                continue
            if seq != self.last_seq + 1 and not contiguous:
                self.gap()
                return
            self.last_seq = seq
            self.transcript.append(Entry(seq, m["author_id"], m["id"], digest(m["text"])))

    def gap(self) -> None:
        if not self.joined.is_set() or self.conn is None:
            self.gap_while_joining = True
        elif not self.catching_up:
            self.tasks.append(asyncio.ensure_future(self.catch_up(self.conn)))

    async def catch_up(self, conn: Conn) -> None:
        if self.catching_up:
            return
        self.catching_up = True
        self.run.report.gap_fills += 1
        try:
            while True:
                reply = await self.request(conn, "history", {"session_id": self.room.session_id,
                                                             "since_seq": self.last_seq})
                if not reply.get("ok"):
                    return
                self.apply(reply["data"]["messages"], contiguous=True)
                if reply["data"]["complete"]:
                    return
        except (Lost, TimeoutError):
            return  # the next join catches up
        finally:
            self.catching_up = False

    # requests ------------------------------------------------------------------------------------
    async def request(self, conn: Conn, event: str, data: dict[str, Any], *,
                      cut: bool = False, within: float = 10.0) -> dict[str, Any]:
        """Emit and wait for the acknowledgement, or for the connection to go."""
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()

        def on_ack(*args: Any) -> None:
            if not answer.done():
                answer.set_result(args[0] if args else {})

        try:
            await conn.sio.emit(event, data, callback=on_ack)
        except Exception as err:
            raise Lost() from err
        if cut:  # the packet is on its way; the answer may or may not make it back
            # At once, engine.io's writer has not sent it yet: the server never sees it. After
            # the writer ran (a few turns of the loop) the server has it but its answer is
            # cut off. Later, the answer may make it back first.
            wait = self.rng.choice((0.0, -1.0, -1.0, 0.0005, 0.002))
            if wait < 0:
                for _ in range(3):
                    await asyncio.sleep(0)
            else:
                await asyncio.sleep(wait)
            conn.cut()
        lost = asyncio.ensure_future(conn.lost.wait())
        waiting: set[asyncio.Future[Any]] = {answer, lost}
        try:
            done, _ = await asyncio.wait(waiting, timeout=within,
                                         return_when=asyncio.FIRST_COMPLETED)
        finally:
            lost.cancel()
        if answer in done:
            return answer.result()
        answer.cancel()
        if lost in done:
            raise Lost()
        raise TimeoutError(event)

    # connecting ----------------------------------------------------------------------------------
    async def connect(self, listen: bool = True) -> Conn:
        """A new socket.io connection; `listen=False` for a checker's extra socket."""
        # The cookie as a plain header of the websocket request: engine.io would move a
        # `headers=` cookie into the shared session's jar, which keeps no cookies.
        headers = {"Cookie": f"balint_session={self.person.cookie}",
                   "Origin": self.run.server.url}
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False,
                                   http_session=self.run.sockets, request_timeout=5,
                                   websocket_extra_options={"headers": headers})
        conn = Conn(sio)

        async def on_message(data: dict[str, Any]) -> None:
            self.apply([data])

        async def on_disconnect(reason: Any = None) -> None:
            conn.lost.set()

        sio.on("disconnect", on_disconnect)
        if listen:
            sio.on("message", on_message)
        try:
            await sio.connect(self.run.server.url, transports=["websocket"], wait_timeout=5)
        except Exception:
            with contextlib.suppress(Exception):
                await sio.disconnect()
            raise
        return conn

    async def join(self, conn: Conn) -> dict[str, Any]:
        payload = {"session_id": self.room.session_id, "since_seq": self.last_seq}
        reply = await self.request(conn, "join", payload)
        if not reply.get("ok") and reply["error"]["code"] == "ground_rules_required":
            accepted = await self.request(conn, "accept_rules",
                                          {"session_id": self.room.session_id})
            if not accepted.get("ok"):
                raise ChaosError(f"accept_rules refused: {accepted['error']['code']}")
            reply = await self.request(conn, "join", payload)
        if not reply.get("ok"):
            raise ChaosError(f"join refused: {reply['error']['code']}")
        data: dict[str, Any] = reply["data"]
        if data["status"] != "admitted":
            raise ChaosError(f"join: {data['status']}")
        self.gap_while_joining = False
        self.apply(data["messages"], contiguous=True)
        if not data["complete"] or self.gap_while_joining:
            self.conn = conn
            self.joined.set()
            await self.catch_up(conn)
        return data

    async def life(self) -> None:
        """Stay connected and joined; after each loss wait a little, then come back."""
        failures = 0
        while not self.stopping:
            try:
                conn = await self.connect()
            except Exception:
                failures += 1
                await asyncio.sleep(min(1.0, 0.05 * failures) + self.rng.random() * 0.2)
                continue
            try:
                data = await self.join(conn)
            except (Lost, TimeoutError, ChaosError) as err:
                if isinstance(err, ChaosError):
                    self.run.report.problems.append(f"{self.room.label}: {err}")
                with contextlib.suppress(Exception):
                    await conn.sio.disconnect()
                failures += 1
                await asyncio.sleep(0.1 + self.rng.random() * 0.3)
                continue
            failures = 0
            self.joins += 1
            self.conn = conn
            self.joined.set()
            self.wake.set()
            await self.on_joined(data)
            await conn.lost.wait()
            self.joined.clear()
            self.conn = None
            with contextlib.suppress(Exception):
                await conn.sio.disconnect()  # tidy the engine.io side of an abrupt end
            delay, self.offline_for = self.offline_for, 0.0
            if delay:
                await asyncio.sleep(delay)

    async def on_joined(self, data: dict[str, Any]) -> None:
        """Hook for the facilitator: check the state it expects."""

    async def drop(self, kind: str, offline: float) -> bool:
        """Drop this client's connection; False if it is not connected now."""
        conn = self.conn
        if conn is None or conn.lost.is_set() or not self.joined.is_set():
            return False
        self.offline_for = offline
        if kind == "clean":
            await conn.sio.disconnect()
        elif kind == "abrupt":
            conn.cut()
        else:  # mid-send: cut right after the next request leaves
            if not (self.poster or isinstance(self, Facilitator)) or self.armed is not None:
                return False
            self.armed = self.rng.random() < self.run.opts.abandon
        return True

    def take_cut(self, what: str) -> bool | None:
        """The armed cut, if it is for this kind of request (a facilitator's cuts hit its
        actions, so that an unanswered phase change or mute is tried too)."""
        if what != ("action" if isinstance(self, Facilitator) else "send"):
            return None
        cut, self.armed = self.armed, None
        return cut

    # sending -------------------------------------------------------------------------------------
    async def write(self) -> None:
        """Put new messages in the outbox at this poster's pace until the run has enough."""
        mean = 1.0 / self.run.opts.rate
        await asyncio.sleep(self.rng.random() * mean)
        while self.run.take_ticket():
            self.compose()
            await asyncio.sleep(mean * self.rng.uniform(0.6, 1.4))

    def compose(self) -> None:
        """A new message in the outbox: a fresh client id and a random text of 1-30 words."""
        self.composed += 1
        n = self.composed
        client_id = f"c{self.room.index}-{self.person.user_id[:8]}-{n}-" + "".join(
            self.rng.choices(string.ascii_letters + string.digits, k=10))
        text = f"chaos message {n} " + " ".join(
            "".join(self.rng.choices(string.ascii_lowercase, k=self.rng.randint(1, 9)))
            for _ in range(self.rng.randint(1, 30)))
        self.outbox[client_id] = text
        self.room.sent[(self.person.user_id, client_id)] = digest(text)
        self.run.report.sent += 1
        self.wake.set()

    async def send_loop(self) -> None:
        """Send the outbox one message at a time, oldest first, until it is empty for good."""
        while not self.stopping:
            if not self.outbox:
                if self.run.writing_done:
                    return
                self.wake.clear()
                await self.wake.wait()
                continue
            await self.joined.wait()
            conn = self.conn
            if conn is None or conn.lost.is_set():
                # Lost, and life() has not yet noticed: let it run (awaiting a set event or
                # a failing emit never yields to the loop).
                await asyncio.sleep(0.05)
                continue
            client_id, text = next(iter(self.outbox.items()))
            cut = self.take_cut("send")
            resend = client_id in self.emitted
            self.run.report.resends += resend
            self.emitted.add(client_id)
            started, sent_at = time.monotonic(), time.time()
            try:
                reply = await self.request(conn, "send", {
                    "session_id": self.room.session_id, "client_id": client_id, "text": text},
                    cut=cut is not None)
            except (Lost, TimeoutError):
                if cut:  # the tab was closed: this message will never be sent again
                    self.outbox.pop(client_id, None)
                    self.room.abandoned.add((self.person.user_id, client_id))
                    self.run.report.abandoned += 1
                    self.compose()  # and writes another message in its place
                if cut is not None:
                    self.run.report.drops["mid-send"] += 1
                if not conn.lost.is_set():  # no answer on a live socket: start afresh
                    conn.cut()
                await conn.lost.wait()
                continue
            if cut is not None:  # the answer beat the cut
                self.run.report.drops["mid-send"] += 1
            if reply.get("ok"):
                if resend and reply["data"]["at"] < sent_at:
                    # Stored before this resend: the server gave back the first copy.
                    self.run.report.resends_found_stored += 1
                self.outbox.pop(client_id, None)
                self.room.record_ack(self.person.user_id, client_id, reply["data"]["seq"],
                                     self.run.report)
                self.apply([reply["data"]])
            elif reply["error"]["code"] == "rate_limited":
                self.run.report.rate_limited += 1
                await asyncio.sleep(1 + self.rng.random())
            else:
                self.run.report.problems.append(
                    f"{self.room.label}: send refused: {reply['error']['code']}")
                await asyncio.sleep(1)
            if not self.outbox:
                await asyncio.sleep(max(0.0, SEND_SPACING - (time.monotonic() - started)))
            # else a backlog (after a reconnect): send it back to back, as web/room.js does,
            # and let the server's rate limit pace it.

    def start(self) -> None:
        self.tasks.append(asyncio.ensure_future(self.life()))

    def begin(self) -> None:
        """Everyone is in: start posting."""
        if self.poster:
            self.tasks.append(asyncio.ensure_future(self.write()))
            self.tasks.append(asyncio.ensure_future(self.send_loop()))

    async def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        conn = self.conn
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.sio.disconnect()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


class Facilitator(Client):
    """A facilitator: posts like anyone, and moves the session, mutes, locks as it goes."""

    def __init__(self, run: Run, room: Room, person: Person, poster: bool) -> None:
        super().__init__(run, room, person, poster)
        self.view: dict[str, Any] = {}
        # One action at a time; an answer lost to a drop leaves it uncertain until next join.
        self.uncertain: tuple[str, dict[str, Any]] | None = None
        self.acting = 0

    @property
    def settled(self) -> bool:
        return self.uncertain is None and not self.acting

    async def on_joined(self, data: dict[str, Any]) -> None:
        self.view = data["flow"]
        room = self.room
        if self.uncertain is not None:
            kind, payload = self.uncertain
            if kind == "flow":
                self.uncertain = None
                # Applied or not, the version says which: exactly one step from what we knew.
                before = room.expected_flow.get("version", 0)
                if data["flow"]["version"] not in (before, before + 1):
                    room.mismatch(f"after an unanswered {payload['action']}: version "
                                  f"{data['flow']['version']}, expected {before} or {before + 1}")
                room.expected_flow = pick(data["flow"])
            else:  # mute and lock set a value: sending it again is safe, and settles it
                self.tasks.append(asyncio.ensure_future(self.act(kind, payload)))
                return
        room.check_flow(data["flow"], "facilitator rejoin", self.run.report)

    async def act(self, kind: str, payload: dict[str, Any]) -> None:
        conn = self.conn
        if conn is None or not self.joined.is_set():
            return
        room, report = self.room, self.run.report
        report.facilitator_actions += 1
        self.acting += 1
        cut = self.take_cut("action") is not None
        if cut:
            report.drops["mid-action"] += 1
        try:
            reply = await self.request(conn, kind, {"session_id": room.session_id, **payload},
                                       cut=cut)
        except (Lost, TimeoutError):
            report.uncertain_actions += 1
            self.uncertain = (kind, payload)
            conn.cut()  # settled on the next join
            return
        finally:
            self.acting -= 1
        if not reply.get("ok"):
            report.refused_actions += 1
            return
        self.uncertain = None
        if kind == "flow":
            self.view = reply["data"]
            room.expected_flow = pick(reply["data"])
        elif kind == "lock":
            room.expected_flow["locked"] = payload["locked"]
        elif kind == "mute":
            room.expected_muted[payload["user_id"]] = payload["muted"]

    def choose(self) -> tuple[str, dict[str, Any]]:
        room, rng = self.room, self.rng
        roll = rng.random()
        if roll < 0.2:
            target = room.mute_target
            return "mute", {"user_id": target, "muted": not room.expected_muted.get(target)}
        if roll < 0.3 and room.expected_flow.get("phase") not in (None, "waiting"):
            return "lock", {"locked": not room.expected_flow.get("locked")}
        allowed = [a for a in self.view.get("actions", []) if a != "end"
                   and not (a == "advance" and self.view.get("phase") == "closing")]
        if not allowed:
            return "flow", {"action": "start"}
        # Walk forward more often than back, so the session visits every phase.
        weights = [4 if a in ("advance", "choose_presenter") else 1 for a in allowed]
        action = rng.choices(allowed, weights)[0]
        payload: dict[str, Any] = {"action": action}
        if action == "choose_presenter":
            payload["user_id"] = room.presenter if rng.random() < 0.85 else None
        elif action == "extend":
            payload["minutes"] = rng.randint(1, 10)
        return "flow", payload

    async def steer(self) -> None:
        """Facilitator actions every 1-4 s while the members post."""
        await self.act("flow", {"action": "start"})
        while not self.run.writing_done and not self.stopping:
            await asyncio.sleep(self.rng.uniform(1.0, 4.0))
            if self.uncertain is None and self.joined.is_set():
                await self.act(*self.choose())

    def begin(self) -> None:
        super().begin()
        self.tasks.append(asyncio.ensure_future(self.steer()))


def pick(flow: dict[str, Any]) -> dict[str, Any]:
    return {k: flow.get(k) for k in FLOW_FIELDS}


@dataclass
class Room:
    index: int
    session_id: str
    presenter: str = ""
    mute_target: str = ""
    clients: list[Client] = field(default_factory=list)
    sent: dict[Key, str] = field(default_factory=dict)
    acked: dict[Key, int] = field(default_factory=dict)
    ack_order: dict[str, list[Key]] = field(default_factory=dict)
    abandoned: set[Key] = field(default_factory=set)
    expected_flow: dict[str, Any] = field(default_factory=dict)
    expected_muted: dict[str, bool] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"room {self.index}"

    def record_ack(self, author: str, client_id: str, seq: int, report: Report) -> None:
        key = (author, client_id)
        if key in self.acked:
            if self.acked[key] != seq:  # the same message acknowledged under two numbers
                report.tally.dup += 1
            return
        self.acked[key] = seq
        self.ack_order.setdefault(author, []).append(key)
        report.acked += 1

    def mismatch(self, what: str) -> None:
        self.mismatches.append(f"{self.label}: {what}")

    def check_flow(self, flow: dict[str, Any], where: str, report: Report) -> None:
        if not self.expected_flow:
            return
        report.state_checks += 1
        got = pick(flow)
        if got != self.expected_flow:
            wrong = [k for k in FLOW_FIELDS if got[k] != self.expected_flow[k]]
            self.mismatch(f"{where}: {', '.join(wrong)} differ from the last acknowledged state")
