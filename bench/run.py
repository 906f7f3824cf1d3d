"""`make bench`: the real server under load, side by side with two bare baselines.

    python bench/run.py [--rooms 500 --members 10 --rate 1.0 --seconds 60 --history 200]

For each server in turn (ours = `python -m server serve`; bare = bench/baselines/bare_sio.py;
node = bench/baselines/node/server.js) this starts the server on a free loopback port, pinned to
core 0, and runs the same load generator (bench/loadgen.py) in another process pinned to core 1.
Our server gets a fresh data directory seeded beforehand with the project's own actions
(bench/seed.py); the baselines need no sign-in. One table at the end, and the full figures in
bench/results/<timestamp>.json. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

NODE_DIR = BENCH / "baselines" / "node"
SERVERS = ("ours", "bare", "bare-uvloop", "node")
DEFAULT_SERVERS = "ours,bare,node"
TITLES = {"ours": "Balint Rooms", "bare": "bare py-sio", "bare-uvloop": "bare py-sio+uvloop",
          "node": "node socket.io"}
# The targets for the full server at 500 rooms x 10 members, 1 message/s per room.
TARGETS = {"p99_ms": 10.0, "max_ms": 50.0, "lost": 0, "cpu_vs_bare": 1.0,
           "kib_per_member": 32.0, "join_p99_ms": 100.0, "join_idle_p99_ms": 100.0}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def pin(core: int) -> list[str]:
    """`taskset -c <core>` when the machine has it and a second core; else nothing."""
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(core)]
    return []


def wait_healthy(port: int, proc: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server not healthy after {seconds:.0f} s:\n{tail(log)}")


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def python_env(args: argparse.Namespace, gc_trace: Path | None = None) -> dict[str, str]:
    """The environment of a Python process; for a server, with bench/gc_shim watching its GC."""
    env = dict(os.environ)
    paths = [str(ROOT)]
    if gc_trace is not None:
        paths.insert(0, str(BENCH / "gc_shim"))
        env["BALINT_GC_TRACE"] = str(gc_trace)
        if args.server_gc in ("threshold", "tuned"):
            env["BALINT_GC_GEN0"] = str(args.gc_gen0)
        if args.server_gc in ("freeze", "tuned"):
            env["BALINT_GC_FREEZE"] = "1"
        if args.mem_trace:
            env["BALINT_MEM_TRACE"] = str(gc_trace.with_name("mem.trace.json"))
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def gc_pauses(trace: Path, window: list[float] | None) -> dict[str, Any] | None:
    """The server's collections during the measured window, from bench/gc_shim's trace."""
    if window is None or not trace.exists():
        return None
    by_gen: dict[int, list[float]] = {0: [], 1: [], 2: []}
    for line in trace.read_text(encoding="ascii").splitlines():
        start, gen, ms, _ = line.split()
        if window[0] <= float(start) <= window[1]:
            by_gen[int(gen)].append(float(ms))
    every = sorted(ms for pauses in by_gen.values() for ms in pauses)
    return {
        "collections": {f"gen{g}": len(p) for g, p in by_gen.items()},
        "total_ms": round(sum(every), 1),
        "max_ms": {f"gen{g}": round(max(p), 2) if p else 0 for g, p in by_gen.items()},
        "over_5ms": sum(1 for ms in every if ms > 5),
        "per_second": round(len(every) / max(1e-9, window[1] - window[0]), 1),
    }


def start_server(kind: str, args: argparse.Namespace, work: Path,
                 port: int) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    """Start one server; returns the process and the plan's rooms for the generator."""
    log = work / f"{kind}.log"
    rooms: list[dict[str, Any]]
    if kind == "ours":
        from bench.seed import seed

        data = work / "data"
        say(f"  seeding {args.rooms} rooms x {args.members} members + a history room with "
            f"{args.history} messages ...")
        seeded = seed(data, args.rooms, args.members, args.history, args.text_chars)
        say(f"  seeded in {seeded['seconds']} s")
        rooms, history = seeded["rooms"], seeded["history_room"]
        env = python_env(args, work / "gc.trace")
        env.update({"BALINT_DATA_DIR": str(data), "BALINT_PORT": str(port),
                    "BALINT_HOST": "127.0.0.1", "BALINT_SCRYPT_N": "1024",
                    "BALINT_LOG_LEVEL": "WARNING"})
        cmd = [*pin(0), sys.executable, "-m", "server", "serve"]
        cwd = ROOT
    else:
        rooms = [{"session_id": f"bench-{r:05d}"} for r in range(args.rooms)]
        history = {"session_id": "bench-history", "messages": 0}
        if kind.startswith("bare"):
            env = python_env(args, work / "gc.trace")
            cmd = [*pin(0), sys.executable, str(BENCH / "baselines" / "bare_sio.py"),
                   "--port", str(port), "--loop", "uvloop" if kind == "bare-uvloop" else "asyncio"]
        else:
            env = dict(os.environ)
            cmd = [*pin(0), shutil.which("node") or "node", "server.js", "--port", str(port)]
        cwd = NODE_DIR if kind == "node" else ROOT
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, proc, log, 60)
    except BaseException:
        stop(proc)
        raise
    return proc, {"rooms": rooms, "history_room": history}


def run_one(kind: str, args: argparse.Namespace, round_no: int = 0) -> dict[str, Any]:
    say(f"\n== {TITLES[kind]} ==")
    with tempfile.TemporaryDirectory(prefix=f"balint-bench-{kind}-") as tmp:
        work = Path(tmp)
        port = free_port()
        proc, plan = start_server(kind, args, work, port)
        try:
            plan.update(url=f"http://127.0.0.1:{port}", server_pid=proc.pid)
            (work / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
            out = work / "result.json"
            cmd = [*pin(1), sys.executable, str(BENCH / "loadgen.py"),
                   "--plan", str(work / "plan.json"), "--out", str(out),
                   "--members", str(args.members), "--rate", str(args.rate),
                   "--seconds", str(args.seconds), "--warmup", str(args.warmup),
                   "--drain", str(args.drain), "--joins", str(args.joins),
                   "--join-rate", str(args.join_rate), "--idle-joins", str(args.idle_joins),
                   "--jitter", args.jitter,
                   "--text-chars", str(args.text_chars),
                   "--connect-concurrency", str(args.connect_concurrency)]
            if kind != "node":  # bench/gc_shim is loaded in every Python server
                cmd.append("--census")
                if args.mem_trace:
                    cmd.append("--mem-trace")
                if args.server_gc in ("freeze", "tuned"):
                    cmd.append("--freeze-server")
            if args.profile and kind == "ours":
                cmd += ["--profile", str(Path(args.profile).resolve())]
            traced = traced_files(args, kind, round_no)
            if traced:
                cmd += ["--trace", str(traced["trace"])]
            budget = 900 + args.warmup + args.seconds + args.drain + args.joins / args.join_rate
            started = time.monotonic()
            gen = subprocess.Popen(cmd, env=python_env(args))
            watch = start_watch(proc.pid, gen.pid, traced["watch"]) if traced else None
            try:
                returncode = gen.wait(timeout=budget)
            finally:
                stop(gen)
                if watch is not None:
                    stop(watch)  # it writes its samples as it exits
            if returncode != 0 or not out.exists():
                raise RuntimeError(f"load generator failed ({returncode}); server log:\n"
                                   f"{tail(work / f'{kind}.log')}")
            result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
            result["wall_seconds"] = round(time.monotonic() - started, 1)
        finally:
            stop(proc)  # the GC trace is written as the server exits
        result["server_log_tail"] = tail(work / f"{kind}.log", 10)
        if traced:
            from bench.stall_report import lines as stall_lines
            from bench.stall_report import report as stall_report

            if (work / "gc.trace").exists():
                shutil.copyfile(work / "gc.trace", traced["gc"])
            window = result.get("window_monotonic")
            result["stalls"] = stall_report(traced["trace"], traced["watch"], traced["gc"],
                                            args.stall_ms, 5, tuple(window) if window else None)
            for line in stall_lines(result["stalls"]):
                say(f"  {line}")
        result["server_gc"] = gc_pauses(work / "gc.trace", result.get("window_monotonic"))
        census = work / "gc.trace.census.json"
        if census.exists():
            result["server_gc_census"] = json.loads(census.read_text(encoding="utf-8"))
        memory = work / "mem.trace.json"
        if memory.exists():
            result["server_mem_trace"] = per_member(json.loads(memory.read_text("utf-8")),
                                                    _get(result, "memory", "members") or 1)
            trace = result["server_mem_trace"]
            say(f"  traced {trace['traced_kib_per_member']} KiB per member; the largest lines:")
            for where, size, _ in trace["bytes_per_member_by_line"][:15]:
                say(f"  {size:7d} B  {where}")
        return result


def traced_files(args: argparse.Namespace, kind: str, round_no: int) -> dict[str, Path]:
    """With --trace: where this server's delivery trace, watcher samples and GC trace go. One
    set per server and round: a later round must not overwrite the one that showed something."""
    if not args.trace:
        return {}
    label = f".{kind}.round{round_no + 1}" if args.rounds > 1 else f".{kind}"
    base = Path(args.trace).resolve()
    return {"trace": base.with_suffix(f"{label}.csv"),
            "watch": base.with_suffix(f"{label}.watch.csv"),
            "gc": base.with_suffix(f"{label}.gc.txt")}


def start_watch(server: int, generator: int, out: Path) -> subprocess.Popen[bytes]:
    """bench/stall_watch.py on the generator's core: it must not take the server's CPU."""
    return subprocess.Popen([*pin(1), sys.executable, str(BENCH / "stall_watch.py"),
                             "--server", str(server), "--generator", str(generator),
                             "--out", str(out)])


def per_member(trace: dict[str, Any], members: int) -> dict[str, Any]:
    """bench/gc_shim's memory attribution in bytes per connected member, largest first."""
    return {"traced_kib_per_member": round(trace["total_kib"] / members, 2),
            "bytes_per_member_by_line": [[_short(where), round(kib * 1024 / members), count]
                                         for where, kib, count in trace["lines"]]}


def _short(where: str) -> str:
    """A source line's path from its package or the project: aiohttp/web_ws.py:402."""
    for marker in ("site-packages/", f"{ROOT}/", "/lib/python3."):
        if marker in where:
            tail = where.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3." else tail
    return where


# -- the report ---------------------------------------------------------------------------------

def _get(result: dict[str, Any] | None, *path: str) -> Any:
    value: Any = result
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


ROWS: list[tuple[str, tuple[str, ...], str]] = [
    # label, path in a result, how ours compares with the baselines (ratio) or "" for none
    ("connect+join members/s", ("connect", "per_second"), "ratio"),
    ("deliveries/s", ("deliveries_per_second",), ""),
    ("latency p50 ms", ("latency_ms", "p50"), "ratio"),
    ("latency p90 ms", ("latency_ms", "p90"), "ratio"),
    ("latency p99 ms", ("latency_ms", "p99"), "ratio"),
    ("latency max ms", ("latency_ms", "max"), "ratio"),
    ("send ack p99 ms", ("ack_ms", "p99"), "ratio"),
    ("CPU ms / 1k deliveries", ("server_cpu_ms_per_1000_deliveries",), "ratio"),
    ("server CPU share", ("server_cpu_share",), "ratio"),
    ("RSS KiB / member", ("memory", "kib_per_member"), "ratio"),
    ("join idle p50 ms", ("join_idle", "connect_and_join_ms", "p50"), "ratio"),
    ("join idle p99 ms", ("join_idle", "connect_and_join_ms", "p99"), "ratio"),
    ("join under load p50 ms", ("join", "connect_and_join_ms", "p50"), "ratio"),
    ("join under load p99 ms", ("join", "connect_and_join_ms", "p99"), "ratio"),
    ("history in join ack", ("join", "messages_in_ack"), ""),
    ("lost", ("lost",), ""),
    ("duplicated", ("duplicates",), ""),
    ("send errors", ("send_errors",), ""),
    ("disconnects", ("disconnects",), ""),
    ("generator CPU share", ("generator_cpu_share",), ""),
    ("generator lag p99 ms", ("generator_lag_ms", "p99"), ""),
    ("server waited for CPU ms", ("cpu_wait_ms", "server"), ""),
    ("machine CPU pressure", ("machine_cpu_pressure",), ""),
    ("server GC-tracked objects", ("server_gc_census", "tracked"), "ratio"),
    ("server GC collections", ("server_gc", "collections"), ""),
    ("server GC max pause ms", ("server_gc", "max_ms"), ""),
    ("server GC total ms", ("server_gc", "total_ms"), ""),
]


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, dict):
        return ",".join(f"{k}:{v}" for k, v in value.items()) or "0"
    if isinstance(value, list):
        return ",".join(str(v) for v in value) or "-"
    return f"{value:,}" if isinstance(value, int) else str(value)


def ratio(ours: Any, base: Any) -> float | None:
    if isinstance(ours, int | float) and isinstance(base, int | float) and base > 0:
        return round(ours / base, 2)
    return None


# Counts of things that went wrong, and the worst latency: the worst round, not the median.
WORST = {("lost",), ("duplicates",), ("send_errors",), ("disconnects",), ("latency_ms", "max")}


def median_result(runs: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """One server's table figures over several rounds: each the median of its rounds (the worst
    for WORST; the first round's where a figure is not a number)."""
    done = [r for r in runs if r]
    if not done:
        return None
    merged: dict[str, Any] = {"rounds": len(done)}
    for _, path, _ in ROWS:
        values = [_get(r, *path) for r in done]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if values and len(numbers) == len(values):
            value: Any = max(numbers) if path in WORST else statistics.median(numbers)
        else:
            value = values[0]
        node = merged
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return merged


def verdicts(ours: dict[str, Any] | None, bare: dict[str, Any] | None) -> dict[str, Any]:
    """The issue's targets, met or not (None when there is nothing to judge)."""
    if not ours:
        return {}
    cpu = ratio(_get(ours, "server_cpu_ms_per_1000_deliveries"),
                _get(bare, "server_cpu_ms_per_1000_deliveries"))
    checks = {
        "p99_ms": (_get(ours, "latency_ms", "p99"), lambda v: v <= TARGETS["p99_ms"]),
        "max_ms": (_get(ours, "latency_ms", "max"), lambda v: v <= TARGETS["max_ms"]),
        "lost": (_get(ours, "lost"), lambda v: v == 0),
        "cpu_vs_bare": (cpu, lambda v: v <= TARGETS["cpu_vs_bare"]),
        "kib_per_member": (_get(ours, "memory", "kib_per_member"),
                           lambda v: v <= TARGETS["kib_per_member"]),
        "join_p99_ms": (_get(ours, "join", "connect_and_join_ms", "p99"),
                        lambda v: v < TARGETS["join_p99_ms"]),
        "join_idle_p99_ms": (_get(ours, "join_idle", "connect_and_join_ms", "p99"),
                             lambda v: v < TARGETS["join_idle_p99_ms"]),
    }
    return {name: {"target": TARGETS[name], "value": value,
                   "met": None if value is None else bool(test(value))}
            for name, (value, test) in checks.items()}


def table(results: dict[str, dict[str, Any] | None]) -> str:
    kinds = [k for k in SERVERS if k in results]
    header = ["", *(TITLES[k] for k in kinds)]
    if "ours" in results:
        header += [f"ours/{k}" for k in kinds if k != "ours"]
    rows = [header]
    for label, path, how in ROWS:
        row = [label, *(_fmt(_get(results[k], *path)) for k in kinds)]
        if "ours" in results:
            for k in kinds:
                if k != "ours":
                    r = ratio(_get(results["ours"], *path), _get(results[k], *path))
                    row.append(f"{r:.2f}x" if how == "ratio" and r is not None else "")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=500)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--rate", type=float, default=1.0, help="messages per second per room")
    parser.add_argument("--seconds", type=float, default=60, help="measured window")
    parser.add_argument("--history", type=int, default=200,
                        help="messages in the history room (join phase)")
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--drain", type=float, default=5)
    parser.add_argument("--joins", type=int, default=100, help="joins in the join phase")
    parser.add_argument("--join-rate", type=float, default=10, help="joins per second")
    parser.add_argument("--idle-joins", type=int, default=20,
                        help="joins one at a time before the load starts")
    parser.add_argument("--jitter", choices=["exp", "uniform"], default="exp",
                        help="gaps between a room's messages: exponential (Poisson) or "
                             "uniform 0.5-1.5x the mean")
    parser.add_argument("--text-chars", type=int, default=120)
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--servers", default=DEFAULT_SERVERS,
                        help="which to run, comma-separated: ours,bare,node (the default) and "
                             "bare-uvloop, the bare server on uvloop as ours runs")
    parser.add_argument("--server-gc", choices=["default", "threshold", "freeze", "tuned"],
                        default="default",
                        help="GC of both Python servers (bench/gc_shim): threshold = generation "
                             "0 every --gc-gen0 allocations (BALINT_GC_GEN0); freeze = "
                             "gc.freeze() once all members are in (BALINT_GC_FREEZE=1); "
                             "tuned = both")
    parser.add_argument("--gc-gen0", type=int, default=50_000)
    parser.add_argument("--profile", default="",
                        help="py-spy our server during the measured window into this file "
                             "(.svg flamegraph, .txt collapsed stacks, .json speedscope); "
                             "needs py-spy next to this Python or on PATH")
    parser.add_argument("--trace", default="",
                        help="write every delivery's send and receive times per server into "
                             "<trace>.<server>.csv (bench/loadgen.py --trace)")
    parser.add_argument("--stall-ms", type=float, default=20.0,
                        help="with --trace: report episodes of deliveries slower than this, "
                             "and where the CPU time went in each (bench/stall_report.py)")
    parser.add_argument("--mem-trace", action="store_true",
                        help="attribute the connect phase's memory in Python servers, by "
                             "allocating line (tracemalloc: slow, and inflates the RSS figures)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the servers this many times, alternating their order; the "
                             "table shows medians. The machine's speed drifts over minutes, "
                             "so one window per server can differ by several percent")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.servers.split(",") if k.strip()]
    if unknown := set(kinds) - set(SERVERS):
        parser.error(f"unknown servers: {sorted(unknown)}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if "node" in kinds and not (NODE_DIR / "node_modules" / "socket.io").exists():
        say(f"node baseline skipped: run `npm ci` in {NODE_DIR.relative_to(ROOT)} first")
        kinds.remove("node")

    # 10,000 sockets (both ends) need more than the usual 1,024 descriptors.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 4 * args.rooms * args.members + 1024))
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

    say(f"bench: {args.rooms} rooms x {args.members} members, {args.rate} msg/s per room, "
        f"{args.seconds:.0f} s measured; servers: {', '.join(kinds)}; server GC: "
        f"{args.server_gc}; pinning: {' '.join(pin(0)) or 'none'} / "
        f"{' '.join(pin(1)) or 'none'}")
    rounds: list[dict[str, dict[str, Any] | None]] = []
    errors: dict[str, str] = {}
    for number in range(args.rounds):
        # Alternate the order, so that no server always runs first (or last) in a drifting hour.
        order = kinds if number % 2 == 0 else kinds[::-1]
        if args.rounds > 1:
            say(f"\n=== round {number + 1} of {args.rounds}: {', '.join(order)} ===")
        got: dict[str, dict[str, Any] | None] = {}
        for kind in order:
            try:
                got[kind] = run_one(kind, args, number)
            except Exception as err:
                say(f"  {kind} failed: {err}")
                errors[kind] = str(err)[-2000:]
                got[kind] = None
        rounds.append(got)
    results = rounds[0] if args.rounds == 1 else {
        kind: median_result([got.get(kind) for got in rounds]) for kind in kinds}
    cpu_path = ("server_cpu_ms_per_1000_deliveries",)
    cpu_ratios = [ratio(_get(got.get("ours"), *cpu_path), _get(got.get("bare"), *cpu_path))
                  for got in rounds]

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    judged = verdicts(results.get("ours"), results.get("bare"))
    report = {
        "when": stamp,
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "load_average": os.getloadavg(),
                    "pinning": {"server": pin(0), "generator": pin(1)}},
        "results": results, "errors": errors, "targets": judged,
        "rounds": rounds if args.rounds > 1 else None, "cpu_ratio_per_round": cpu_ratios,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")

    print()
    print(f"{args.rooms} rooms x {args.members} members, {args.rate} msg/s per room "
          f"(expected {args.rooms * args.members * args.rate:,.0f} deliveries/s), "
          f"{args.seconds:.0f} s measured, server GC {args.server_gc}"
          + (f"; median of {args.rounds} rounds (worst for lost, duplicated, errors, "
             f"disconnects and max latency)" if args.rounds > 1 else ""))
    print(table(results))
    if args.rounds > 1 and any(r is not None for r in cpu_ratios):
        print("\nours/bare CPU per delivery, round by round: " + ", ".join(
            "-" if r is None else f"{r:.2f}x" for r in cpu_ratios))
    if judged:
        print("\nTargets (issue 7, full server): " + "; ".join(
            f"{name} {'met' if v['met'] else 'NOT met' if v['met'] is False else 'n/a'}"
            f" ({_fmt(v['value'])} vs {v['target']})" for name, v in judged.items()))
    for kind, why in errors.items():
        print(f"\n{TITLES[kind]} failed: {why.splitlines()[0] if why else ''}")
    print(f"\nFull figures: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
