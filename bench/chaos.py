"""`make chaos`: nothing lost, nothing twice, while clients drop and the server is killed.

    python bench/chaos.py [--rooms 5 --members 10 --messages 5000 --drops 120 --kills 3]

The real server runs as a subprocess (`python -m server serve`) on a fresh data directory on a
loopback port. The harness seeds it the way an operator and a facilitator would: the CLI makes a
programme, one group per room and a facilitator invitation each; over the HTTP API each
facilitator turns on automatic admission, opens a session and invites the members, who accept
their invitations (and so get a sign-in cookie).

Every member and facilitator is a python-socketio client that behaves as web/room.js must: it
keeps an outbox and sends one message at a time with a fresh client id, waits for the
acknowledgement (the stored message and its seq), resends unanswered messages with the same
client id after a reconnect or a "rate_limited" answer, applies only seq = last + 1, drops copies
it already holds, and fills gaps with `history` (and `join` with since_seq = the last seq it
holds after every reconnect); a backlog goes out back to back and meets the server's rate limit.
Two quiet members per room never post: the facilitator chooses one as presenter and mutes and
unmutes the other, and moves the session through its phases, pauses the timer and locks the room
while the others post.

While they post, at random points of progress the harness drops clients (a clean socket.io
disconnect; an abrupt TCP shutdown with no close frame; or a cut right after a `send` or a
facilitator's action went out, before its answer, sometimes abandoning that message as a closed
tab would) and kills the server with SIGKILL, restarting it on the same data directory and port.
After the posting it kills the server once more, reads every room back from a fresh socket, lets
every client catch up, and compares (bench/chaos_compare.py): every acknowledged message exactly
once and in the store's order on every member of its room, and the facilitator state last
acknowledged (phase, presenter, timer, lock, mutes) as a fresh join and the muted member's own
join report it. The clients live in bench/chaos_client.py.

Prints one table (counts only: no message text, names or ids) and exits 1 on any lost,
duplicated or out-of-order message, any state mismatch, an error in the server's log, or if the
run did not finish in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.chaos_client import (  # noqa: E402
    ChaosError,
    Client,
    Facilitator,
    Person,
    Room,
    digest,
)
from bench.chaos_compare import Entry, Tally, compare  # noqa: E402
from bench.run import free_port, say  # noqa: E402

PASSWORD = "chaos-password-not-secret"


@dataclass
class Options:
    rooms: int = 5
    members: int = 10  # per room; each room also has its facilitator
    quiet: int = 2  # members per room who never post (presenter candidate, mute target)
    messages: int = 5000  # messages to send (and have acknowledged) in all
    drops: int = 120
    kills: int = 3  # during the posting; one more comes before the final check
    rate: float = 1.4  # new messages per second per poster
    facilitators_post: bool = True
    abandon: float = 0.3  # share of mid-send cuts whose message is given up (tab closed)
    time_limit: float = 900.0
    seed: int | None = None
    data_dir: Path | None = None  # a fresh temporary directory when None
    silent: bool = False


@dataclass
class Report:
    clients: int = 0
    rooms: int = 0
    sent: int = 0
    acked: int = 0
    resends: int = 0
    resends_found_stored: int = 0
    rate_limited: int = 0
    abandoned: int = 0
    drops: Counter[str] = field(default_factory=Counter)
    kills: int = 0
    downtime: float = 0.0
    tally: Tally = field(default_factory=Tally)
    live_copies_dropped: int = 0
    gap_fills: int = 0
    facilitator_actions: int = 0
    refused_actions: int = 0
    uncertain_actions: int = 0
    state_checks: int = 0
    state_mismatches: list[str] = field(default_factory=list)
    server_errors: int = 0  # ERROR, CRITICAL or Traceback lines in the server's log
    server_warnings: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for people, not failures
    seed: int = 0
    wall: float = 0.0

    def failures(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.tally.failures())
        if self.state_mismatches:
            out["state"] = len(self.state_mismatches)
        if self.server_errors:
            out["server_errors"] = self.server_errors
        if self.problems:
            out["problems"] = len(self.problems)
        return out

    @property
    def ok(self) -> bool:
        return not self.failures()


# -- the server process -------------------------------------------------------------------------

class Server:
    """`python -m server serve` on a fixed loopback port and data directory; killable."""

    def __init__(self, data_dir: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {**os.environ, "BALINT_DATA_DIR": str(data_dir), "BALINT_PORT": str(self.port),
                    "BALINT_HOST": "127.0.0.1", "BALINT_SCRYPT_N": "1024",
                    "BALINT_LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": os.pathsep.join(
                        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        self.proc: asyncio.subprocess.Process | None = None

    async def cli(self, *args: str) -> str:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server", *args, cwd=ROOT, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(), 60)
        if proc.returncode != 0:
            raise ChaosError(f"balint {args[0]} failed: {err.decode(errors='replace')[-300:]}")
        return out.decode().strip()

    async def start(self, http: aiohttp.ClientSession) -> None:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "server", "serve", cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.returncode is not None:
                raise ChaosError(f"the server exited with {self.proc.returncode}; "
                                 f"see {self.log}")
            with contextlib.suppress(aiohttp.ClientError, OSError, asyncio.TimeoutError):
                async with http.get(self.url + "/healthz",
                                    timeout=aiohttp.ClientTimeout(total=1)) as r:
                    if r.status == 200:
                        return
            await asyncio.sleep(0.05)
        raise ChaosError(f"the server did not answer /healthz in 60 s; see {self.log}")

    async def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing, sockets cut by the kernel."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 15)
            except TimeoutError:
                await self.kill()


class Http:
    """A browser-like HTTP client: its own cookie, the CSRF token on writes, our Origin."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                             headers={"Origin": url})
        self.csrf = ""

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"X-CSRF-Token": self.csrf} if self.csrf else {}
        async with self.session.request(method, self.url + path, json=body,
                                        headers=headers) as resp:
            reply = await resp.json()
        if not reply.get("ok"):
            raise ChaosError(f"{method} {path.split('/')[2]}: {reply['error']['code']}")
        data = reply["data"]
        if isinstance(data, dict) and "csrf_token" in data:
            self.csrf = data["csrf_token"]
        return data

    async def accept(self, link: str, username: str) -> str:
        data = await self.call("POST", "/api/invitations/accept", {
            "token": link.rsplit("/", 1)[-1], "username": username,
            "display_name": f"Chaos {username}", "password": PASSWORD})
        return str(data["user_id"])

    def cookie(self) -> str:
        return next(c.value for c in self.session.cookie_jar if c.key == "balint_session")

    async def close(self) -> None:
        await self.session.close()


# -- the run ------------------------------------------------------------------------------------

class Run:
    def __init__(self, opts: Options, work: Path) -> None:
        self.opts = opts
        seed = opts.seed if opts.seed is not None else random.randrange(2**31)
        self.rng = random.Random(seed)
        self.report = Report(seed=seed, rooms=opts.rooms)
        self.server = Server(work / "data", work / "server.log")
        self.rooms: list[Room] = []
        self.tickets = opts.messages
        self.writing_done = False
        self.sockets: aiohttp.ClientSession | None = None

    def log(self, text: str) -> None:
        if not self.opts.silent:
            say(f"  [chaos] {text}")

    def take_ticket(self) -> bool:
        if self.tickets <= 0:
            self.writing_done = True
            return False
        self.tickets -= 1
        return True

    @property
    def clients(self) -> list[Client]:
        return [c for room in self.rooms for c in room.clients]

    # seeding -------------------------------------------------------------------------------------
    async def seed(self) -> None:
        programme = await self.server.cli("create-programme", "Chaos programme")
        rooms = await asyncio.gather(*(self.seed_room(programme, r)
                                       for r in range(self.opts.rooms)))
        self.rooms = list(rooms)

    async def seed_room(self, programme: str, r: int) -> Room:
        url = self.server.url
        group = await self.server.cli("create-group", "--programme", programme,
                                      f"Chaos group {r}")
        link = await self.server.cli("invite", "--group", group, "--role", "facilitator")
        fac_http = Http(url)
        try:
            fac_id = await fac_http.accept(link, f"chaos-f{r}")
            await fac_http.call("PUT", f"/api/groups/{group}/settings", {"auto_admit": True})
            session = await fac_http.call("POST", f"/api/groups/{group}/sessions",
                                          {"title": f"Chaos session {r}"})
            room = Room(r, session["id"])
            people: list[Person] = []
            for m in range(self.opts.members):
                invite = await fac_http.call("POST", f"/api/groups/{group}/invitations",
                                             {"role": "member"})
                member_http = Http(url)
                try:
                    user_id = await member_http.accept(invite["link"], f"chaos-r{r}m{m}")
                    people.append(Person(user_id, member_http.cookie(), "member"))
                finally:
                    await member_http.close()
            facilitator = Person(fac_id, fac_http.cookie(), "facilitator")
        finally:
            await fac_http.close()
        quiet = people[:max(1, self.opts.quiet)]
        room.presenter, room.mute_target = quiet[0].user_id, quiet[-1].user_id
        room.clients.append(Facilitator(self, room, facilitator, self.opts.facilitators_post))
        room.clients += [Client(self, room, p, p not in quiet) for p in people]
        return room

    # chaos ---------------------------------------------------------------------------------------
    def progress(self) -> float:
        return self.report.acked / max(1, self.opts.messages)

    async def kill_and_restart(self, why: str) -> None:
        assert self.sockets is not None
        self.log(f"SIGKILL the server ({why}, {self.report.acked} acknowledged)")
        started = time.monotonic()
        await self.server.kill()
        self.report.kills += 1
        await asyncio.sleep(self.rng.uniform(0.0, 1.0))
        await self.server.start(self.sockets)
        self.report.downtime += time.monotonic() - started

    async def chaos(self) -> None:
        """Drops and kills at random points of progress, spread over the whole posting."""
        opts, rng = self.opts, self.rng
        kills = sorted(rng.uniform(0.1 + 0.8 * k / opts.kills, 0.1 + 0.8 * (k + 1) / opts.kills)
                       for k in range(opts.kills))
        drops = sorted(rng.uniform(0.01, 0.97) for _ in range(opts.drops))
        kinds = ("clean", "abrupt", "mid-send")
        armed: list[Client] = []  # waiting for their next send to be cut
        while kills or drops or armed:
            armed = [c for c in armed if c.armed is not None]
            if self.writing_done and not any(c.outbox for c in self.clients):
                # Posting ended before every point came: do what is left now. A cut armed
                # for a send that will never come becomes another kind of drop.
                kills = [min(k, self.progress()) for k in kills]
                drops = [0.0] * len(armed) + [min(d, self.progress()) for d in drops]
                for client in armed:
                    client.armed = None
                armed = []
            now = self.progress()
            if kills and now >= kills[0]:
                kills.pop(0)
                await self.kill_and_restart("during posting")
                continue
            if drops and now >= drops[0]:
                client = rng.choice(self.clients)
                kind = rng.choices(kinds, (3, 4, 0 if self.writing_done else 3))[0]
                offline = rng.uniform(0.0, 1.5) if rng.random() < 0.9 else rng.uniform(3, 6)
                if await client.drop(kind, offline):
                    drops.pop(0)
                    if kind == "mid-send":  # counted when the cut actually happens
                        armed.append(client)
                    else:
                        self.report.drops[kind] += 1
                    continue
            await asyncio.sleep(0.02)

    # the end -------------------------------------------------------------------------------------
    async def wait_for(self, what: str, predicate: Any, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not predicate():
            if time.monotonic() > deadline:
                self.report.problems.append(f"timed out waiting for {what}")
                return False
            await asyncio.sleep(0.05)
        return True

    async def read_store(self, room: Room, facilitator: Client) -> tuple[list[Entry], Any]:
        """Everything the room holds, through a fresh socket of its facilitator (paged)."""
        conn = await facilitator.connect(listen=False)
        try:
            reply = await facilitator.request(conn, "join", {"session_id": room.session_id,
                                                             "since_seq": 0})
            if not reply.get("ok"):
                raise ChaosError(f"verifier join refused: {reply['error']['code']}")
            data = reply["data"]
            messages = list(data["messages"])
            complete = data["complete"]
            while not complete:
                more = await facilitator.request(conn, "history", {
                    "session_id": room.session_id,
                    "since_seq": messages[-1]["seq"] if messages else 0})
                if not more.get("ok"):
                    raise ChaosError(f"verifier history refused: {more['error']['code']}")
                messages += more["data"]["messages"]
                complete = more["data"]["complete"]
            store = [Entry(m["seq"], m["author_id"], m["id"], digest(m["text"]))
                     for m in messages]
            return store, data
        finally:
            with contextlib.suppress(Exception):
                await conn.sio.disconnect()

    async def check_mutes(self, room: Room, join: dict[str, Any]) -> None:
        """The muted flags as the facilitator's fresh join shows them, and as each quiet
        member's own fresh join tells them."""
        report = self.report
        for person in join["presence"]:
            if person["role"] == "member":
                report.state_checks += 1
                want = room.expected_muted.get(person["user_id"], False)
                if person["muted"] != want:
                    room.mismatch(f"presence shows muted={person['muted']}, expected {want}")
        for client in room.clients:
            if client.person.user_id not in (room.mute_target, room.presenter):
                continue
            conn = await client.connect(listen=False)
            try:
                reply = await client.request(conn, "join", {"session_id": room.session_id,
                                                            "since_seq": client.last_seq})
                report.state_checks += 1
                want = room.expected_muted.get(client.person.user_id, False)
                if not reply.get("ok"):
                    room.mismatch(f"a quiet member's join refused: {reply['error']['code']}")
                elif reply["data"]["muted"] != want:
                    room.mismatch(f"the member's own join says muted={reply['data']['muted']}, "
                                  f"expected {want}")
                else:
                    room.check_flow(reply["data"]["flow"], "member's fresh join", report)
            finally:
                with contextlib.suppress(Exception):
                    await conn.sio.disconnect()

    async def verify(self) -> None:
        report = self.report
        for room in self.rooms:
            facilitator = room.clients[0]
            store, join = await self.read_store(room, facilitator)
            room.check_flow(join["flow"], "fresh join after the last kill", report)
            await self.check_mutes(room, join)
            top = store[-1].seq if store else 0

            def caught_up(r: Room = room, t: int = top) -> bool:
                behind = [c for c in r.clients if c.last_seq < t]
                for c in behind:
                    c.gap()  # nothing newer will arrive to show them the gap: ask
                return not behind

            await self.wait_for(f"{room.label}'s clients to catch up", caught_up, 60)
            transcripts = {f"{room.index}/{i}": c.transcript for i, c in enumerate(room.clients)}
            report.tally.add(compare(store, room.sent, room.acked, transcripts, room.ack_order,
                                     room.abandoned))
            report.state_mismatches += room.mismatches

    async def main(self) -> None:
        opts, report = self.opts, self.report
        started = time.monotonic()
        self.sockets = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                             cookie_jar=aiohttp.DummyCookieJar())
        try:
            await self.server.start(self.sockets)
            self.log(f"server up at {self.server.url}; seeding {opts.rooms} rooms x "
                     f"{opts.members} members + a facilitator each")
            await self.seed()
            report.clients = len(self.clients)
            for client in self.clients:
                client.start()
            if not await self.wait_for("every client to join", lambda: all(
                    c.joins for c in self.clients), 60):
                return
            for client in self.clients:
                client.begin()
            self.log(f"{report.clients} clients joined; posting {opts.messages} messages "
                     f"with {opts.drops} drops and {opts.kills} kills (seed {report.seed})")
            chaos = asyncio.ensure_future(self.chaos())
            last_note = time.monotonic()
            while not (self.writing_done and report.acked + report.abandoned >= report.sent
                       and not any(c.outbox for c in self.clients)):
                await asyncio.sleep(0.1)
                if chaos.done() and chaos.exception():
                    raise chaos.exception()  # type: ignore[misc]
                if time.monotonic() - last_note > 10:
                    last_note = time.monotonic()
                    self.log(f"{report.acked} acknowledged, {sum(report.drops.values())} "
                             f"drops, {report.kills} kills")
            await chaos
            # The state last acknowledged must survive a kill that nothing follows.
            await self.kill_and_restart("before the final check")
            await self.wait_for("every client to rejoin and settle", lambda: all(
                c.joined.is_set() and (not isinstance(c, Facilitator) or c.settled)
                for c in self.clients), 60)
            await self.verify()
        finally:
            report.wall = time.monotonic() - started
            await asyncio.gather(*(c.stop() for c in self.clients), return_exceptions=True)
            await self.server.stop()
            await self.sockets.close()


async def run(opts: Options) -> Report:
    """Run the chaos test with these figures and return what it found."""
    with contextlib.ExitStack() as stack:
        if opts.data_dir is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="balint-chaos-")))
        else:
            work = opts.data_dir
            work.mkdir(parents=True, exist_ok=True)
        chaos = Run(opts, work)
        try:
            await asyncio.wait_for(chaos.main(), opts.time_limit)
        except TimeoutError:
            chaos.report.problems.append(f"the run did not finish in {opts.time_limit:.0f} s")
        except ChaosError as err:
            chaos.report.problems.append(str(err))
        with contextlib.suppress(OSError):
            for line in (work / "server.log").read_text(errors="replace").splitlines():
                level = line.split(" ", 3)[2:3]
                chaos.report.server_errors += (level in (["ERROR"], ["CRITICAL"])
                                               or line.startswith("Traceback"))
                chaos.report.server_warnings += level == ["WARNING"]
        if not chaos.report.ok and opts.data_dir is None:
            kept = Path(tempfile.mkdtemp(prefix="balint-chaos-failed-"))
            with contextlib.suppress(OSError):
                (kept / "server.log").write_bytes((work / "server.log").read_bytes())
            chaos.report.notes.append(f"server log kept in {kept}")
        return chaos.report


def table(report: Report, opts: Options) -> str:
    t = report.tally
    rows = [
        ("clients (members + facilitators)", f"{report.clients}"),
        ("rooms", f"{report.rooms}"),
        ("messages acknowledged", f"{report.acked:,} of {report.sent:,} sent"),
        ("resends (same client id)", f"{report.resends:,} ({report.resends_found_stored} "
                                     "answered with the copy stored before)"),
        ("sent, never answered (abandoned)",
         f"{report.abandoned} ({t.abandoned_stored} stored, each shown once)"),
        ("rate-limited answers, retried", f"{report.rate_limited:,}"),
        ("client drops", f"{sum(report.drops.values())} (" + ", ".join(
            f"{k} {v}" for k, v in sorted(report.drops.items())) + ")"),
        ("server SIGKILLs", f"{report.kills} ({opts.kills} while posting + 1 before the check;"
                            f" {report.downtime:.1f} s down)"),
        ("live copies dropped by seq", f"{report.live_copies_dropped:,}"),
        ("gap fills (history)", f"{report.gap_fills:,}"),
        ("facilitator actions", f"{report.facilitator_actions} ({report.refused_actions} "
                                f"refused by the flow, {report.uncertain_actions} unanswered)"),
        ("lost", f"{t.lost}"),
        ("duplicated", f"{t.dup}"),
        ("out of order", f"{t.out_of_order}"),
        ("gaps / corrupt / phantom / holes", f"{t.gaps} / {t.corrupt} / {t.phantom} / {t.holes}"),
        ("state checks, mismatches", f"{report.state_checks}, {len(report.state_mismatches)}"),
        ("server log errors, warnings", f"{report.server_errors}, {report.server_warnings}"),
        ("wall time", f"{report.wall:.1f} s"),
        ("seed", f"{report.seed}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k.ljust(width)}  {v}" for k, v in rows]
    return "\n".join([lines[0], "-" * max(len(line) for line in lines), *lines[1:]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    defaults = Options()
    parser.add_argument("--rooms", type=int, default=defaults.rooms)
    parser.add_argument("--members", type=int, default=defaults.members,
                        help="members per room (a facilitator comes on top)")
    parser.add_argument("--quiet", type=int, default=defaults.quiet,
                        help="members per room who never post (presenter, mute target)")
    parser.add_argument("--messages", type=int, default=defaults.messages)
    parser.add_argument("--drops", type=int, default=defaults.drops)
    parser.add_argument("--kills", type=int, default=defaults.kills,
                        help="server SIGKILLs while posting (one more before the check)")
    parser.add_argument("--rate", type=float, default=defaults.rate,
                        help="new messages per second per poster (the server allows 2)")
    parser.add_argument("--time-limit", type=float, default=defaults.time_limit)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None,
                        help="use (and keep) this work directory instead of a temporary one")
    args = parser.parse_args()
    if args.members <= args.quiet or args.rooms < 1 or args.kills < 1:
        parser.error("need at least one room, one kill, and more members than quiet ones")
    opts = Options(rooms=args.rooms, members=args.members, quiet=args.quiet,
                   messages=args.messages, drops=args.drops, kills=args.kills, rate=args.rate,
                   time_limit=args.time_limit, seed=args.seed, data_dir=args.keep)
    report = asyncio.run(run(opts))
    print()
    print(table(report, opts))
    for line in report.state_mismatches[:20] + report.problems[:20] + report.notes:
        print(f"  ! {line}")
    print("\nPASS: 0 lost, 0 duplicated, 0 out of order; facilitator state survived"
          if report.ok else f"\nFAIL: {report.failures()}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
