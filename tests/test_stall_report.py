"""bench/stall_watch.py and bench/stall_report.py: the tools that say why a benchmark's worst
deliveries were slow. Their figures go in the README as evidence, so they are tested."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.stall_report import episodes, report
from bench.stall_watch import COLUMNS
from tests.browser.conftest import ROOT

MS = 1_000_000


def write_trace(path: Path, spans_ms: Sequence[tuple[float, float]]) -> Path:
    with path.open("w", encoding="ascii") as f:
        f.write("sent_ns,received_ns,room,member\n")
        for i, (sent, received) in enumerate(spans_ms):
            f.write(f"{int(sent * MS)},{int(received * MS)},{i % 3},{i % 10}\n")
    return path


def write_watch(path: Path, rows: Sequence[tuple[int, ...]]) -> Path:
    with path.open("w", encoding="ascii") as f:
        f.write(",".join(COLUMNS) + "\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")
    return path


def test_slow_deliveries_whose_spans_touch_are_one_episode_worst_first(tmp_path: Path) -> None:
    trace = write_trace(tmp_path / "t.csv", [
        (0, 5),  # fast
        (10, 40), (20, 50), (45, 60),  # one episode: each span reaches into the next
        (100, 125),  # another
        (200, 203),  # fast
    ])
    scan = episodes(trace, over_ms=12)
    found = scan.episodes
    assert len(scan.sent_ns) == len(scan.received_ns) == 6
    assert [(e.deliveries, round(e.worst_ms)) for e in found] == [(3, 30), (1, 25)]
    assert (found[0].start_ns, found[0].end_ns) == (10 * MS, 60 * MS)


def test_only_deliveries_sent_in_the_window_count(tmp_path: Path) -> None:
    trace = write_trace(tmp_path / "t.csv", [(10, 40), (100, 125), (150, 151)])
    scan = episodes(trace, over_ms=12, window=(0.090, 0.200))
    assert list(scan.sent_ns) == [100 * MS, 150 * MS]
    assert [round(e.worst_ms) for e in scan.episodes] == [25]


def test_an_episode_is_explained_by_the_samples_around_it(tmp_path: Path) -> None:
    trace = write_trace(tmp_path / "t.csv", [(1000, 1300)])
    rows = [  # t, late_us, main run/wait, threads run/wait, generator run/wait, steal, idle
        (990, 100, 0, 0, 0, 0, 0, 0, 5, 5, 50, 50),
        (1100, 250_000, 40 * MS, 10 * MS, 0, 0, 80 * MS, 0, 5, 5, 52, 50),  # the watcher late
        (1310, 100, 90 * MS, 200 * MS, 3 * MS, 0, 300 * MS, 1 * MS, 25, 6, 52, 60),
        (1400, 100, 99 * MS, 200 * MS, 3 * MS, 0, 390 * MS, 1 * MS, 25, 6, 60, 70),
    ]
    watch = write_watch(tmp_path / "t.watch.csv", [(t * MS, *rest) for t, *rest in rows])
    gc = tmp_path / "t.gc.txt"
    gc.write_text("0.5 0 1.0 3\n1.1 2 40.0 7\n1.2 0 2.0 1\n2.0 2 90.0 9\n", encoding="ascii")

    summary = report(trace, watch, gc, over_ms=20, top=5)

    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    worst = summary["worst"][0]
    assert worst["worst_ms"] == 300
    # From the sample at or before the send (990) to the one at or after the receive (1310).
    assert worst["watched_ms"] == 320
    assert (worst["server_main_ran_ms"], worst["server_main_waited_ms"]) == (90, 200)
    assert worst["server_threads_ran_ms"] == 3
    assert (worst["generator_ran_ms"], worst["generator_waited_ms"]) == (300, 1)
    assert worst["steal_ms"] == [round(20 * tick_ms), round(1 * tick_ms)]
    assert worst["idle_ms"] == [round(2 * tick_ms), round(10 * tick_ms)]
    assert worst["watcher_late_max_ms"] == 250
    # Only the collections that started inside the episode (1.0-1.3 s).
    assert worst["gc"] == {"collections": 2, "total_ms": 42.0, "max_ms": 40.0, "full": 1}


def test_both_processes_needing_twice_their_cpu_per_delivery_shows(tmp_path: Path) -> None:
    """One delivery every 10 ms for 2 s; from 1.0 to 1.2 s each costs the server and the
    generator twice their usual CPU, and deliveries are late: the machine ran slowly."""
    spans = [(t, t + (30 if 1000 <= t < 1200 else 2)) for t in range(0, 2000, 10)]
    trace = write_trace(tmp_path / "t.csv", spans)
    rows, server, generator = [], 0, 0
    for t in range(0, 2020, 10):
        slow = 1000 <= t < 1200
        server += (100 if slow else 50) * 1000  # ns per 10 ms: one delivery each
        generator += (160 if slow else 80) * 1000
        rows.append((t * MS, 0, server, 0, 0, 0, generator, 0, 0, 0, 0, 0))
    watch = write_watch(tmp_path / "t.watch.csv", rows)

    summary = report(trace, watch, None, over_ms=20, top=1)

    usual = summary["usual_cpu_us_per_delivery"]
    assert 50 < usual["server"] < 60 and 80 < usual["generator"] < 95  # 10% of it was slow
    server_x, generator_x = summary["worst"][0]["cpu_per_delivery_vs_usual"]
    assert 1.6 < server_x < 2.1 and 1.6 < generator_x < 2.1


def test_without_watch_or_gc_files_the_episodes_are_still_reported(tmp_path: Path) -> None:
    trace = write_trace(tmp_path / "t.csv", [(0, 50)])
    summary = report(trace, tmp_path / "missing.csv", None, over_ms=20, top=5)
    assert summary["episodes"] == 1
    assert "server_main_ran_ms" not in summary["worst"][0]
    assert summary["worst"][0]["gc"]["collections"] == 0


@pytest.mark.skipif(not Path("/proc/self/schedstat").exists(), reason="needs Linux schedstat")
def test_the_watcher_sees_a_busy_server_run_and_an_idle_generator_not(tmp_path: Path) -> None:
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    out = tmp_path / "watch.csv"
    try:
        time.sleep(0.2)  # both started and settled
        watcher = subprocess.Popen([sys.executable, str(ROOT / "bench" / "stall_watch.py"),
                                    "--server", str(busy.pid), "--generator", str(idle.pid),
                                    "--out", str(out)])
        time.sleep(1.0)
        watcher.send_signal(signal.SIGTERM)
        assert watcher.wait(timeout=10) == 0
    finally:
        busy.kill()
        idle.kill()
        busy.wait()
        idle.wait()
    with out.open(encoding="ascii") as f:
        rows = [{k: int(v) for k, v in row.items()} for row in csv.DictReader(f)]
    assert len(rows) > 50  # every 5 ms for about a second, on a loaded machine too
    first, last = rows[0], rows[-1]
    watched_ns = last["t"] - first["t"]
    ran, waited = last["main_run_ns"] - first["main_run_ns"], (
        last["main_wait_ns"] - first["main_wait_ns"])
    # The busy loop was running or queued for a CPU all the time it was watched.
    assert ran + waited > 0.8 * watched_ns
    assert ran > 0.3 * watched_ns
    assert last["gen_run_ns"] - first["gen_run_ns"] < 0.05 * watched_ns
