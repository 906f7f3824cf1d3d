"""The worst latency episodes of a traced benchmark round, and where the CPU time went in each.

    python bench/stall_report.py TRACE.csv [--watch TRACE.watch.csv] [--gc TRACE.gc.txt]
                                 [--over-ms 20] [--top 5] [--window START END]

TRACE.csv is a delivery trace (`bench/run.py --trace`, one line per delivery: sent and received
times in ns); the watch file is bench/stall_watch.py's samples and the GC file bench/gc_shim's
collections, both written beside the trace by `bench/run.py --trace`. All three use the
machine's monotonic clock.

An episode is a run of deliveries slower than --over-ms whose send-to-receive spans touch. For
each, over the span from the earliest send to the latest receive, it shows how long the server's
main thread ran and how long it was runnable but kept waiting for a CPU, the same for its other
threads and for the generator, each CPU's steal (time the hypervisor gave the machine's CPU to
something else), how late the watcher itself woke (everything on the machine stopped), and the
server's garbage collections. A server that ran the whole span was busy with its own work; one
that neither ran nor waited was blocked or had nothing to do; steal and a late watcher mean the
machine was not running at all. CPU per delivery against the window's usual, for the server
(per delivery sent) and the generator (per delivery received), over at least 200 ms around the
episode: both well above their usual at once, on separate cores, means the machine itself
ran slowly (a busy neighbour on the host), which steal does not always show.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import os
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


@dataclass
class Episode:
    start_ns: int
    end_ns: int
    deliveries: int = 0
    worst_ms: float = 0.0
    where: dict[str, Any] = field(default_factory=dict)


@dataclass
class Trace:
    """The deliveries sent within the window: the slow ones grouped into episodes, worst
    first, and every send and receive time in order (for CPU per delivery over a span)."""

    episodes: list[Episode]
    sent_ns: array
    received_ns: array

    def count(self, times: array, start_ns: int, end_ns: int) -> int:
        return bisect.bisect_right(times, end_ns) - bisect.bisect_right(times, start_ns)


def episodes(trace: Path, over_ms: float, window: tuple[float, float] | None = None) -> Trace:
    """Slow deliveries grouped by overlapping send-to-receive spans, of those sent within the
    window (monotonic s), if given."""
    slow: list[tuple[int, int]] = []
    sent_ns, received_ns = array("q"), array("q")
    over_ns = over_ms * 1e6
    lo, hi = (int(window[0] * 1e9), int(window[1] * 1e9)) if window else (0, 2**63 - 1)
    with trace.open(encoding="ascii") as f:
        next(f)
        for line in f:
            sent, received, _, _ = line.split(",")
            s, r = int(sent), int(received)
            if not lo <= s <= hi:
                continue
            sent_ns.append(s)
            received_ns.append(r)
            if r - s > over_ns:
                slow.append((s, r))
    slow.sort()
    found: list[Episode] = []
    for s, r in slow:
        if found and s <= found[-1].end_ns:
            ep = found[-1]
            ep.end_ns = max(ep.end_ns, r)
        else:
            ep = Episode(s, r)
            found.append(ep)
        ep.deliveries += 1
        ep.worst_ms = max(ep.worst_ms, (r - s) / 1e6)
    found.sort(key=lambda e: -e.worst_ms)
    return Trace(found, array("q", sorted(sent_ns)), array("q", sorted(received_ns)))


def read_watch(path: Path) -> tuple[list[int], list[dict[str, int]]]:
    with path.open(encoding="ascii") as f:
        rows = [{k: int(v) for k, v in row.items()} for row in csv.DictReader(f)]
    return [row["t"] for row in rows], rows


def read_gc(path: Path) -> list[tuple[float, int, float]]:
    """(monotonic start s, generation, ms) per collection."""
    out = []
    for line in path.read_text(encoding="ascii").splitlines():
        start, gen, ms, _ = line.split()
        out.append((float(start), int(gen), float(ms)))
    return out


def around(times: list[int], start_ns: int, end_ns: int) -> tuple[int, int]:
    """The last sample at or before the start, and the first at or after the end."""
    return (max(0, bisect.bisect_right(times, start_ns) - 1),
            min(len(times) - 1, bisect.bisect_left(times, end_ns)))


def cpu_per_delivery(trace: Trace, times: list[int], rows: list[dict[str, int]],
                     start_ns: int, end_ns: int) -> tuple[float, float]:
    """Microseconds of CPU per delivery over a span: the server's main thread per delivery
    sent in it (its work follows what arrives), the generator per delivery received."""
    i, j = around(times, start_ns, end_ns)
    a, b = rows[i], rows[j]
    sent = trace.count(trace.sent_ns, a["t"], b["t"])
    received = trace.count(trace.received_ns, a["t"], b["t"])
    return ((b["main_run_ns"] - a["main_run_ns"]) / 1e3 / max(1, sent),
            (b["gen_run_ns"] - a["gen_run_ns"]) / 1e3 / max(1, received))


# Over a shorter span a dozen messages make the per-delivery cost mostly noise.
COST_SPAN_NS = 200 * 1_000_000


def explain(ep: Episode, trace: Trace, times: list[int], rows: list[dict[str, int]],
            collections: list[tuple[float, int, float]], usual: tuple[float, float]) -> None:
    """Fill ep.where with what the watcher and the GC trace saw during the episode."""
    if times:
        i, j = around(times, ep.start_ns, ep.end_ns)
        a, b = rows[i], rows[j]

        def ms(key: str) -> float:
            return round((b[key] - a[key]) / 1e6, 1)

        ep.where = {
            "watched_ms": ms("t"),
            "server_main_ran_ms": ms("main_run_ns"), "server_main_waited_ms": ms("main_wait_ns"),
            "server_threads_ran_ms": ms("threads_run_ns"),
            "server_threads_waited_ms": ms("threads_wait_ns"),
            "generator_ran_ms": ms("gen_run_ns"), "generator_waited_ms": ms("gen_wait_ns"),
            "steal_ms": [round((b[k] - a[k]) * TICK_MS) for k in ("steal0", "steal1")],
            "idle_ms": [round((b[k] - a[k]) * TICK_MS) for k in ("idle0", "idle1")],
            "watcher_late_max_ms": round(max(r["late_us"] for r in rows[i:j + 1]) / 1000, 1),
        }
        # Both processes needing several times their usual CPU for the same deliveries, on
        # separate cores, is the machine running slowly, not more work (no steal shows it).
        middle = (ep.start_ns + ep.end_ns) // 2
        half = max(COST_SPAN_NS, ep.end_ns - ep.start_ns) // 2
        cost = cpu_per_delivery(trace, times, rows, middle - half, middle + half)
        ep.where["cpu_per_delivery_vs_usual"] = [round(c / u, 2) if u else None
                                                 for c, u in zip(cost, usual, strict=True)]
    lo, hi = ep.start_ns / 1e9, ep.end_ns / 1e9
    pauses = [(gen, ms) for start, gen, ms in collections if lo <= start <= hi]
    ep.where["gc"] = {"collections": len(pauses),
                      "total_ms": round(sum(ms for _, ms in pauses), 1),
                      "max_ms": round(max((ms for _, ms in pauses), default=0.0), 1),
                      "full": sum(1 for gen, _ in pauses if gen == 2)}


def report(trace: Path, watch: Path | None, gc: Path | None, over_ms: float, top: int,
           window: tuple[float, float] | None = None) -> dict[str, Any]:
    scan = episodes(trace, over_ms, window)
    found, total = scan.episodes, len(scan.sent_ns)
    times, rows = read_watch(watch) if watch and watch.exists() else ([], [])
    collections = read_gc(gc) if gc and gc.exists() else []
    usual = (0.0, 0.0)
    if times and total:
        usual = cpu_per_delivery(scan, times, rows, scan.sent_ns[0], scan.sent_ns[-1])
    for ep in found[:top]:
        explain(ep, scan, times, rows, collections, usual)
    return {"deliveries": total, "over_ms": over_ms, "episodes": len(found),
            "usual_cpu_us_per_delivery": {"server": round(usual[0], 1),
                                          "generator": round(usual[1], 1)},
            "slow_deliveries": sum(e.deliveries for e in found),
            "worst": [{"start_s": round(e.start_ns / 1e9, 3),
                       "span_ms": round((e.end_ns - e.start_ns) / 1e6, 1),
                       "deliveries": e.deliveries, "worst_ms": round(e.worst_ms, 1), **e.where}
                      for e in found[:top]]}


def lines(summary: dict[str, Any]) -> list[str]:
    out = [f"{summary['episodes']} episodes over {summary['over_ms']:g} ms "
           f"({summary['slow_deliveries']} of {summary['deliveries']} deliveries)"]
    for e in summary["worst"]:
        text = (f"  worst {e['worst_ms']} ms, {e['deliveries']} deliveries over "
                f"{e['span_ms']} ms at t={e['start_s']}")
        if "server_main_ran_ms" in e:
            text += (f"; server main ran {e['server_main_ran_ms']} waited "
                     f"{e['server_main_waited_ms']}, threads ran {e['server_threads_ran_ms']}"
                     f"; generator ran {e['generator_ran_ms']} waited "
                     f"{e['generator_waited_ms']}; steal {e['steal_ms']}, idle {e['idle_ms']}"
                     f"; watcher late {e['watcher_late_max_ms']}; CPU per delivery vs usual: "
                     f"server {e['cpu_per_delivery_vs_usual'][0]}x, generator "
                     f"{e['cpu_per_delivery_vs_usual'][1]}x")
        gc = e["gc"]
        text += f"; gc {gc['collections']} ({gc['full']} full) {gc['total_ms']} ms"
        out.append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", type=Path)
    parser.add_argument("--watch", type=Path, default=None)
    parser.add_argument("--gc", type=Path, default=None)
    parser.add_argument("--over-ms", type=float, default=20.0)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--window", type=float, nargs=2, default=None, metavar=("START", "END"),
                        help="only deliveries sent in this span (monotonic s): the measured "
                             "window, as the result's window_monotonic gives it")
    args = parser.parse_args()
    watch = args.watch or args.trace.with_suffix(".watch.csv")
    gc = args.gc or args.trace.with_suffix(".gc.txt")
    summary = report(args.trace, watch, gc, args.over_ms, args.top, args.window)
    print("\n".join(lines(summary)))


if __name__ == "__main__":
    main()
