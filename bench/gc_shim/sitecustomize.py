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
