"""Watching, and optionally tuning, a benchmarked Python server's garbage collector without
touching its code. `bench/run.py` puts this folder on the server's PYTHONPATH; Python imports
`sitecustomize` at start-up. Nothing happens unless one of these variables is set:

BALINT_GC_TRACE=<file>: time every collection (gc.callbacks) and write, at exit, one line per
    collection to <file>: "monotonic_start_s generation duration_ms collected". A few
    microseconds per collection; the server's own work is unchanged. On SIGUSR2 (the generator
    sends it once every member is connected) count the objects the collector tracks, per
    generation and per type, into <file>.census.json.

BALINT_GC_GEN0=<n> (`bench/run.py --server-gc threshold` or `tuned`): collect generation 0
    every <n> net allocations of tracked objects instead of CPython's 700.

BALINT_GC_FREEZE=1 (`bench/run.py --server-gc freeze` or `tuned`): on SIGUSR1 (the generator
    sends it once every member is connected and joined) run one full collection and
    `gc.freeze()` what survives, so later collections skip the long-lived connection objects.

These two are what a server change reading the same variables would do (see bench/README.md).

BALINT_MEM_TRACE=<file> (`bench/run.py --mem-trace`): trace allocations with tracemalloc; on
    SIGWINCH (the generator sends it before connecting anyone) take a snapshot, and on SIGUSR2
    write what the connect phase added, by allocating line, into <file> as JSON. Tracing slows
    the server and inflates its RSS: a run with it attributes memory, it does not measure it.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import time
from array import array

if os.environ.get("BALINT_GC_GEN0"):
    _, _gen1, _gen2 = gc.get_threshold()
    gc.set_threshold(int(os.environ["BALINT_GC_GEN0"]), _gen1, _gen2)

if os.environ.get("BALINT_GC_FREEZE") == "1":

    def _freeze(_signum: int, _frame: object) -> None:
        gc.collect()
        gc.freeze()
        print(f"gc: froze {gc.get_freeze_count()} objects; thresholds {gc.get_threshold()}",
              file=sys.stderr, flush=True)

    signal.signal(signal.SIGUSR1, _freeze)

_trace_path = os.environ.get("BALINT_GC_TRACE")
if _trace_path:
    _starts = array("d")
    _generations = array("b")
    _durations = array("d")
    _collected = array("q")
    _clock = time.monotonic
    _began = [0.0]

    def _on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            _began[0] = _clock()
        else:
            now = _clock()
            _starts.append(_began[0])
            _generations.append(info["generation"])
            _durations.append((now - _began[0]) * 1000)
            _collected.append(info["collected"])

    def _write() -> None:
        with open(_trace_path, "w", encoding="ascii") as f:
            for i in range(len(_starts)):
                f.write(f"{_starts[i]:.6f} {_generations[i]} {_durations[i]:.3f} "
                        f"{_collected[i]}\n")

    def _census(_signum: int, _frame: object) -> None:
        import json
        from collections import Counter

        started = _clock()
        tracked = gc.get_objects()
        types = Counter(type(o).__qualname__ for o in tracked)
        census = {
            "tracked": len(tracked),
            "per_generation": [len(gc.get_objects(g)) for g in range(3)],
            "frozen": gc.get_freeze_count(),
            "top_types": types.most_common(25),
        }
        del tracked
        census["seconds"] = round(_clock() - started, 3)
        with open(_trace_path + ".census.json", "w", encoding="utf-8") as f:
            json.dump(census, f)

    gc.callbacks.append(_on_gc)
    atexit.register(_write)
    signal.signal(signal.SIGUSR2, _census)

_mem_trace_path = os.environ.get("BALINT_MEM_TRACE")
if _mem_trace_path:
    import tracemalloc

    tracemalloc.start(1)
    _mem_before: list[tracemalloc.Snapshot] = []

    def _mem_baseline(_signum: int, _frame: object) -> None:
        _mem_before[:] = [tracemalloc.take_snapshot()]

    def _mem_report(_signum: int, _frame: object) -> None:
        import json

        if not _mem_before:
            return
        # Traced one frame deep: every allocation has exactly one line, so the lines add up.
        stats = tracemalloc.take_snapshot().compare_to(_mem_before[0], "lineno")
        report = {"total_kib": round(sum(s.size_diff for s in stats) / 1024, 1),
                  "lines": [[str(s.traceback), round(s.size_diff / 1024, 1), s.count_diff]
                            for s in stats[:60]]}
        with open(_mem_trace_path, "w", encoding="utf-8") as f:
            json.dump(report, f)

    signal.signal(signal.SIGWINCH, _mem_baseline)
    _census_handler = signal.getsignal(signal.SIGUSR2)

    def _census_and_memory(signum: int, frame: object) -> None:
        if callable(_census_handler):
            _census_handler(signum, frame)
        _mem_report(signum, frame)

    signal.signal(signal.SIGUSR2, _census_and_memory)
