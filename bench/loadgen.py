"""The load generator for bench/run.py: rooms x members socket.io clients in one process.

    python bench/loadgen.py --plan plan.json --out result.json [--rate 1 --seconds 60 ...]

The plan (written by run.py) names the server's URL and process id, and per room the session id
and one sign-in cookie per member (no cookies for the baselines). Phases:

1. connect: every member connects over websocket (python-socketio AsyncClient), sends
   `accept_rules`, then `join`; the server's RSS is read before and after.
2. load, open loop: each room sends `rate` messages per second (exponential or uniform gaps),
   from its members in turn, whatever the server answers or how slowly. Every message has a
   unique client_id and its send time (perf_counter_ns) at the start of its text; every member
   records send-to-receive latency for every delivery. Warm-up first, then the measured window
   (server CPU read from /proc before and after), then the join phase.
3. join phase (load still running): fresh sockets of the history room's members connect, sign in
   by cookie and `join` the room whose history holds N messages; connect+join latency.
4. drain: sending stops; wait until every expected delivery arrived or the drain time is up;
   what is still missing is lost. A second delivery of a message to the same member is a
   duplicate.

The generator and every receiver share one process, so perf_counter is one clock. After set-up
the generator runs `gc.freeze()` and `gc.disable()`: its own collector cannot stall a receiver
during the measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import random
import shutil
import signal
import sys
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio

PERF = time.perf_counter_ns
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def log(text: str) -> None:
    print(f"  [loadgen] {text}", file=sys.stderr, flush=True)


# -- the server process, from /proc -----------------------------------------------------------

def cpu_seconds(pid: int) -> float:
    """utime + stime of the process, in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of stat(5)


def run_delay_ms(pid: int) -> float:
    """Time the process was runnable but waiting for a CPU (schedstat field 2), in ms."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as f:
            return int(f.read().split()[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


def cpu_pressure_us() -> int:
    """The machine's CPU pressure stall total (/proc/pressure/cpu "some"), in microseconds."""
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as f:
            return int(f.readline().rsplit("total=", 1)[1])
    except (OSError, IndexError, ValueError):
        return 0


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def find_py_spy() -> str | None:
    """py-spy next to this Python (pip install py-spy) or on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


# -- bookkeeping --------------------------------------------------------------------------------

WARMUP, MEASURED, JOINING = 0, 1, 2
PHASES = ("warmup", "measured", "join_phase")


@dataclass
class Sent:
    room: int
    at_ns: int
    phase: int
    expected: int  # members of the room when it was sent
    mask: int = 0  # bit i set: member i received it
    acked_ns: int = 0
    error: str | None = None


@dataclass
class Tally:
    sent: dict[str, Sent] = field(default_factory=dict)
    latency_ns: list[array] = field(default_factory=lambda: [array("q") for _ in PHASES])
    ack_ns: list[array] = field(default_factory=lambda: [array("q") for _ in PHASES])
    lag_ns: array = field(default_factory=lambda: array("q"))  # actual - scheduled send time
    duplicates: int = 0
    unknown: int = 0
    corrupt: int = 0
    disconnects: int = 0
    delivered: int = 0
    expected: int = 0
    trace: array | None = None  # --trace: (sent, received, room, member) per delivery


def percentiles(values: array | list[int], scale: float = 1e-6) -> dict[str, float | int]:
    """Nearest-rank percentiles, in ms for ns input."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return {"n": 0}

    def rank(q: float) -> float:
        return round(ordered[min(n - 1, max(0, math.ceil(q * n) - 1))] * scale, 3)

    return {"n": n, "p50": rank(0.50), "p90": rank(0.90), "p99": rank(0.99),
            "p999": rank(0.999), "max": round(ordered[-1] * scale, 3)}


# -- clients --------------------------------------------------------------------------------------

class Member:
    """One member's socket in one room."""

    def __init__(self, gen: Generator, room: int, index: int, cookie: str | None) -> None:
        self.gen, self.room, self.index, self.cookie = gen, room, index, cookie
        self.bit = 1 << index
        self.sio = gen.client(cookie)
        self.sio.on("message", self.on_message)
        self.sio.on("disconnect", self.on_disconnect)
        self.closing = False

    async def on_message(self, data: dict[str, Any]) -> None:
        now = PERF()
        tally = self.gen.tally
        try:
            text = data["text"]
            stamp = int(text[2:text.index(" ")])
            record = tally.sent[data["id"]]
        except (KeyError, ValueError, TypeError):
            tally.unknown += 1
            return
        if stamp != record.at_ns or record.room != self.room:
            tally.corrupt += 1
            return
        if record.mask & self.bit:
            tally.duplicates += 1
            return
        record.mask |= self.bit
        tally.delivered += 1
        tally.latency_ns[record.phase].append(now - stamp)
        if tally.trace is not None:
            tally.trace.extend((stamp, now, self.room, self.index))

    async def on_disconnect(self, reason: Any = None) -> None:
        if not self.closing:
            self.gen.tally.disconnects += 1


class Generator:
    def __init__(self, plan: dict[str, Any], args: argparse.Namespace) -> None:
        self.plan, self.args = plan, args
        self.url = plan["url"]
        self.pid = int(plan["server_pid"])
        self.tally = Tally()
        if args.trace:
            self.tally.trace = array("q")
        self.rooms: list[list[Member]] = []
        self.http: aiohttp.ClientSession | None = None
        self.rng = random.Random(args.seed)
        self.pad = "x" * max(0, args.text_chars - 22)
        self.result: dict[str, Any] = {}

    def client(self, cookie: str | None) -> socketio.AsyncClient:
        headers = {"Cookie": f"balint_session={cookie}"} if cookie else {}
        # One shared aiohttp session (its cookie jar ignores cookies), the cookie as a plain
        # header of the websocket request; no reconnection: a dropped socket must show.
        return socketio.AsyncClient(reconnection=False, http_session=self.http,
                                    handle_sigint=False, request_timeout=30,
                                    websocket_extra_options={"headers": headers})

    async def connect(self, member: Member, session_id: str, accept: bool) -> dict[str, Any]:
        await member.sio.connect(self.url, transports=["websocket"], wait_timeout=30)
        if accept:
            answer = await member.sio.call("accept_rules", {"session_id": session_id},
                                           timeout=60)
            if not answer.get("ok"):
                raise RuntimeError(f"accept_rules refused: {answer.get('error')}")
        answer = await member.sio.call("join", {"session_id": session_id}, timeout=60)
        if not answer.get("ok") or answer["data"].get("status") != "admitted":
            raise RuntimeError(f"join refused: {answer.get('error') or answer['data']['status']}")
        data: dict[str, Any] = answer["data"]
        return data

    # -- phase 1 --------------------------------------------------------------------------

    async def connect_all(self) -> None:
        rooms = self.plan["rooms"]
        sem = asyncio.Semaphore(self.args.connect_concurrency)
        failures: list[str] = []
        cookies_for = [r.get("cookies") or [None] * self.args.members for r in rooms]
        self.rooms = [[Member(self, r, i, c) for i, c in enumerate(cookies_for[r])]
                      for r in range(len(rooms))]

        async def one(member: Member) -> None:
            async with sem:
                try:
                    await self.connect(member, rooms[member.room]["session_id"], accept=True)
                except Exception as err:
                    failures.append(f"{type(err).__name__}: {err}")

        started = time.perf_counter()
        total = sum(len(r) for r in self.rooms)
        done = 0
        # Room by room in batches: a room's members arrive together, as in a real session.
        batch = max(1, self.args.connect_concurrency // max(1, self.args.members))
        for start in range(0, len(self.rooms), batch):
            await asyncio.gather(*(one(m) for room in self.rooms[start:start + batch]
                                   for m in room))
            done += sum(len(r) for r in self.rooms[start:start + batch])
            if failures:
                break
            if start % max(batch, 50) == 0 and time.perf_counter() - started > 5:
                log(f"connected {done}/{total} in {time.perf_counter() - started:.0f} s")
            if time.perf_counter() - started > self.args.connect_timeout:
                failures.append(f"connect phase over {self.args.connect_timeout} s")
                break
        elapsed = time.perf_counter() - started
        if failures:
            raise RuntimeError(f"{len(failures)} members could not connect and join; first: "
                               f"{failures[0]}")
        log(f"{total} members connected and joined in {elapsed:.1f} s "
            f"({total / elapsed:.0f}/s)")
        self.result["connect"] = {"members": total, "seconds": round(elapsed, 2),
                                  "per_second": round(total / elapsed, 1)}

    # -- phase 2 --------------------------------------------------------------------------

    def gap(self) -> float:
        mean = 1.0 / self.args.rate
        if self.args.jitter == "exp":
            return self.rng.expovariate(self.args.rate)
        return self.rng.uniform(0.5 * mean, 1.5 * mean)

    async def room_sender(self, room: int, t0: float, phase_ends: list[float]) -> None:
        members = self.rooms[room]
        session_id = self.plan["rooms"][room]["session_id"]
        tally = self.tally
        loop = asyncio.get_running_loop()
        next_at = t0 + self.rng.uniform(0, 1.0 / self.args.rate)
        seq = 0
        while next_at < phase_ends[-1]:
            delay = next_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            now = loop.time()
            phase = next(i for i, end in enumerate(phase_ends) if next_at < end)
            member = members[seq % len(members)]
            seq += 1
            client_id = f"r{room:05d}s{seq:07d}"
            at = PERF()
            record = Sent(room, at, phase, len(members))
            tally.sent[client_id] = record
            tally.lag_ns.append(int((now - next_at) * 1e9))

            def acked(answer: Any, record: Sent = record) -> None:
                record.acked_ns = PERF()
                tally.ack_ns[record.phase].append(record.acked_ns - record.at_ns)
                if not (isinstance(answer, dict) and answer.get("ok")):
                    record.error = str((answer or {}).get("error", {}).get("code", "?"))

            await member.sio.emit("send", {"session_id": session_id, "client_id": client_id,
                                           "text": f"t={at} {self.pad}"}, callback=acked)
            next_at += self.gap()

    # -- phase 3 --------------------------------------------------------------------------

    async def join_once(self, i: int, into: dict[str, list[Any]]) -> None:
        """A fresh socket of a history-room member: connect, sign in by cookie, join."""
        hist = self.plan["history_room"]
        cookies = hist.get("cookies") or [None] * self.args.members
        member = Member(self, -1, 0, cookies[i % len(cookies)])
        member.closing = True
        t0 = PERF()
        try:
            await member.sio.connect(self.url, transports=["websocket"], wait_timeout=30)
            t1 = PERF()
            answer = await member.sio.call("join", {"session_id": hist["session_id"]},
                                           timeout=30)
            t2 = PERF()
            if not answer.get("ok"):
                into["failures"].append(str(answer.get("error", {}).get("code")))
            else:
                into["total"].append(t2 - t0)
                into["join"].append(t2 - t1)
                into["counts"].append(len(answer["data"].get("messages", [])))
        except Exception as err:
            into["failures"].append(type(err).__name__)
        finally:
            try:
                await asyncio.wait_for(member.sio.disconnect(), 10)
            except Exception:  # a slow close does not change the figure
                pass

    def join_summary(self, got: dict[str, list[Any]]) -> dict[str, Any]:
        return {
            "history_messages": self.plan["history_room"].get("messages", 0),
            "messages_in_ack": sorted(set(got["counts"])),
            "attempts": len(got["total"]) + len(got["failures"]),
            "failures": len(got["failures"]),
            "failure_codes": sorted(set(got["failures"]))[:5],
            "connect_and_join_ms": percentiles(got["total"]),
            "join_ack_ms": percentiles(got["join"]),
        }

    async def idle_joins(self) -> None:
        """One join at a time before any load: the server's own cost of a join."""
        got: dict[str, list[Any]] = {"total": [], "join": [], "counts": [], "failures": []}
        for i in range(self.args.idle_joins):
            await self.join_once(i, got)
        self.result["join_idle"] = self.join_summary(got)

    async def joins(self, until: float) -> None:
        """Open-loop joins into the history room until `until` (loop time) or --joins done."""
        loop = asyncio.get_running_loop()
        got: dict[str, list[Any]] = {"total": [], "join": [], "counts": [], "failures": []}
        tasks = set()
        next_at = loop.time()
        for i in range(self.args.joins):
            if next_at >= until:
                break
            delay = next_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(self.join_once(i, got))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            next_at += 1.0 / self.args.join_rate
        if tasks:
            await asyncio.wait(tasks, timeout=60)
        self.result["join"] = self.join_summary(got)

    # -- all of it ------------------------------------------------------------------------

    async def run(self) -> dict[str, Any]:
        args = self.args
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        self.http = aiohttp.ClientSession(connector=connector,
                                          cookie_jar=aiohttp.DummyCookieJar())
        try:
            if args.mem_trace:  # the server's tracemalloc baseline (bench/gc_shim)
                os.kill(self.pid, signal.SIGWINCH)
                await asyncio.sleep(2.0)
            rss0 = rss_kib(self.pid)
            await self.connect_all()
            await asyncio.sleep(args.settle)
            rss1 = rss_kib(self.pid)
            members = sum(len(r) for r in self.rooms)
            self.result["memory"] = {
                "rss_before_kib": rss0, "rss_after_connect_kib": rss1, "members": members,
                "kib_per_member": round((rss1 - rss0) / max(1, members), 2)}
            if args.census or args.mem_trace:
                os.kill(self.pid, signal.SIGUSR2)
                await asyncio.sleep(15.0 if args.mem_trace else 3.0)
            if args.freeze_server:
                os.kill(self.pid, signal.SIGUSR1)
                await asyncio.sleep(1.0)
            if args.idle_joins:
                await self.idle_joins()
            # Our own collector must not stall a receiver: freeze what set-up made, then stop it.
            gc.collect()
            gc.freeze()
            gc.disable()
            log(f"gc.freeze() ({gc.get_freeze_count()} objects) and gc.disable() in the "
                f"generator for the measurement")
            await self.load()
        finally:
            await self.close_all()
            await self.http.close()
        return self.result

    async def load(self) -> None:
        args = self.args
        loop = asyncio.get_running_loop()
        t0 = loop.time() + 0.2
        join_seconds = args.joins / args.join_rate if args.joins else 0.0
        ends = [t0 + args.warmup, t0 + args.warmup + args.seconds,
                t0 + args.warmup + args.seconds + join_seconds]
        senders = [asyncio.create_task(self.room_sender(r, t0, ends))
                   for r in range(len(self.rooms))]
        log(f"load: {len(self.rooms)} rooms x {args.members} members, {args.rate}/s per room, "
            f"{args.jitter} gaps; warm-up {args.warmup:.0f} s, measured {args.seconds:.0f} s, "
            f"joins {join_seconds:.0f} s")
        await asyncio.sleep(max(0.0, ends[0] - loop.time()))
        cpu0, gen0, wall0 = cpu_seconds(self.pid), time.process_time(), time.perf_counter()
        mono0 = time.monotonic()
        psi0 = cpu_pressure_us()
        wait0 = (run_delay_ms(self.pid), run_delay_ms(os.getpid()))
        d0 = self.tally.delivered
        spy = await self.start_profiler()
        await asyncio.sleep(max(0.0, ends[1] - loop.time()))
        cpu1, gen1, wall1 = cpu_seconds(self.pid), time.process_time(), time.perf_counter()
        wait1 = (run_delay_ms(self.pid), run_delay_ms(os.getpid()))
        self.result["window_monotonic"] = [mono0, time.monotonic()]
        self.result["machine_cpu_pressure"] = round(  # share of time some task waited for CPU
            (cpu_pressure_us() - psi0) / 1e6 / (time.monotonic() - mono0), 3)
        d1 = self.tally.delivered
        self.result["cpu_wait_ms"] = {  # runnable but not running: other work on the core
            "server": round(wait1[0] - wait0[0], 1), "generator": round(wait1[1] - wait0[1], 1)}
        if spy is not None:
            await asyncio.wait_for(spy.wait(), 30)
        rss_load = rss_kib(self.pid)
        log("measured window done" + (", join phase" if args.joins else ""))
        if args.joins:
            await self.joins(ends[2])
        await asyncio.wait(senders, timeout=max(1.0, ends[2] - loop.time() + 10))
        for task in senders:
            task.cancel()
        drain_started = time.perf_counter()
        while time.perf_counter() - drain_started < args.drain:
            if all(r.mask.bit_count() >= r.expected for r in self.tally.sent.values()):
                break
            await asyncio.sleep(0.1)
        self.summarise(cpu1 - cpu0, gen1 - gen0, wall1 - wall0, d1 - d0, rss_load,
                       time.perf_counter() - drain_started)

    async def start_profiler(self) -> asyncio.subprocess.Process | None:
        """py-spy on the server for the measured window, when --profile names an output."""
        out: Path | None = self.args.profile
        if out is None:
            return None
        spy = find_py_spy()
        if spy is None:
            log("--profile: py-spy not found (pip install py-spy); not profiling")
            return None
        fmt = {".json": "speedscope", ".txt": "raw"}.get(out.suffix, "flamegraph")
        seconds = max(1, int(self.args.seconds) - 1)
        log(f"py-spy recording the server for {seconds} s into {out}")
        return await asyncio.create_subprocess_exec(
            spy, "record", "--pid", str(self.pid), "--duration", str(seconds), "--rate", "100",
            "--format", fmt, "--output", str(out),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)

    def summarise(self, cpu: float, gen_cpu: float, wall: float, delivered_in_window: int,
                  rss_load: int, drained: float) -> None:
        tally, args = self.tally, self.args
        measured = [r for r in tally.sent.values() if r.phase == MEASURED]
        deliveries = sum(r.mask.bit_count() for r in measured)
        lost = sum(r.expected - r.mask.bit_count() for r in tally.sent.values())
        lost_measured = sum(r.expected - r.mask.bit_count() for r in measured)
        errors: dict[str, int] = {}
        for r in tally.sent.values():
            if r.error:
                errors[r.error] = errors.get(r.error, 0) + 1
        unacked = sum(1 for r in tally.sent.values() if not r.acked_ns)
        self.result.update({
            "messages_sent": len(tally.sent),
            "messages_measured": len(measured),
            "deliveries_measured": deliveries,
            "deliveries_per_second": round(deliveries / args.seconds, 1),
            "expected_per_second": args.rate * sum(len(r) for r in self.rooms),
            "latency_ms": percentiles(tally.latency_ns[MEASURED]),
            "latency_join_phase_ms": percentiles(tally.latency_ns[JOINING]),
            "ack_ms": percentiles(tally.ack_ns[MEASURED]),
            "lost": lost, "lost_measured": lost_measured, "duplicates": tally.duplicates,
            "unknown": tally.unknown, "corrupt": tally.corrupt, "disconnects": tally.disconnects,
            "send_errors": errors, "unacked": unacked, "drain_seconds": round(drained, 2),
            "server_cpu_seconds": round(cpu, 3),
            "server_cpu_share": round(cpu / wall, 3),
            "server_cpu_ms_per_1000_deliveries": round(
                1000 * cpu / max(1, delivered_in_window) * 1000, 2),
            "server_rss_under_load_kib": rss_load,
            "generator_cpu_share": round(gen_cpu / wall, 3),
            "generator_lag_ms": percentiles(tally.lag_ns),
            "generator_gc": "gc.freeze() after set-up, gc.disable() during load",
        })

    async def close_all(self) -> None:
        async def close(member: Member) -> None:
            member.closing = True
            try:
                await asyncio.wait_for(member.sio.disconnect(), 5)
            except Exception:  # closing at the end; nothing to measure
                pass

        members = [m for room in self.rooms for m in room]
        for start in range(0, len(members), 500):
            await asyncio.gather(*(close(m) for m in members[start:start + 500]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--rate", type=float, default=1.0, help="messages per second per room")
    parser.add_argument("--seconds", type=float, default=60, help="measured window")
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--drain", type=float, default=5)
    parser.add_argument("--settle", type=float, default=2, help="pause before reading RSS")
    parser.add_argument("--joins", type=int, default=100)
    parser.add_argument("--join-rate", type=float, default=10, help="joins per second")
    parser.add_argument("--idle-joins", type=int, default=20,
                        help="joins one at a time before the load starts")
    parser.add_argument("--jitter", choices=["exp", "uniform"], default="exp")
    parser.add_argument("--text-chars", type=int, default=120)
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--connect-timeout", type=float, default=600)
    parser.add_argument("--freeze-server", action="store_true",
                        help="send the server SIGUSR1 after connecting (bench/gc_shim)")
    parser.add_argument("--census", action="store_true",
                        help="send the server SIGUSR2 after connecting (bench/gc_shim census)")
    parser.add_argument("--mem-trace", action="store_true",
                        help="send the server SIGWINCH before connecting and SIGUSR2 after "
                             "(bench/gc_shim memory attribution)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="py-spy the server during the measured window into this file")
    parser.add_argument("--trace", type=Path, default=None,
                        help="write sent_ns,received_ns,room,member per delivery (CSV)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    plan = json.loads(args.plan.read_text(encoding="utf-8"))
    gen = Generator(plan, args)
    result = asyncio.run(gen.run())
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if args.trace and gen.tally.trace is not None:
        t = gen.tally.trace
        with args.trace.open("w", encoding="ascii") as f:
            f.write("sent_ns,received_ns,room,member\n")
            for i in range(0, len(t), 4):
                f.write(f"{t[i]},{t[i + 1]},{t[i + 2]},{t[i + 3]}\n")


if __name__ == "__main__":
    main()
