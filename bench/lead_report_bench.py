"""How the programme lead's report scales: build it for 10, 50, 100 and 300 groups, print the time,
the share of cells shown, and whether the independent attacker can work out any hidden cell.

    python bench/lead_report_bench.py                  # 10, 50, 100, 300 groups (make bench-lead)
    python bench/lead_report_bench.py --groups 300 --seed 7

Each group has 10 trainees (or --min/--max trainees for a spread) who met fortnightly for 3
years (78 sessions). Each trainee comes with their own probability, drawn so that about a fifth
of trainees fall under the expected 80%, as in real schemes. The timed part is what the server
runs for a report once the sessions are read: each trainee's tally from the session records,
the table of counts (attendance_report.table, suppression and rounding in server/disclosure.py)
and every cell as the lead receives it: wall-clock time, best of three, and the CPU time of the
same run (which other jobs on a shared machine do not inflate). The recovery check is the tests'
own integer-programming attacker (tests/attendance_support.py), written apart from the server's
method.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from server import attendance  # noqa: E402
from server.actions import attendance as recorded  # noqa: E402
from server.actions import attendance_report  # noqa: E402
from tests.attendance_support import report_table, unrecoverable  # noqa: E402

SESSIONS = 78  # 3 years, fortnightly
K, RATE = 5, 80


def programme(n_groups: int, sizes: tuple[int, int], rng: random.Random
              ) -> tuple[list[str], list[recorded.SessionRecord]]:
    """Session records of `n_groups` groups, the way attendance.load returns them."""
    measure = attendance.Measure(90, True, False, False, 60.0, 5460.0)
    absent = attendance.Measure(0, False, False, False, None, None)
    times = attendance.SessionTimes(opened_at=0.0, started_at=60.0, ended_at=5460.0)
    group_ids = [f"g{i:03d}" for i in range(n_groups)]
    records = []
    for gid in group_ids:
        people = [f"{gid}-t{j}" for j in range(rng.randint(*sizes))]
        chance = {u: rng.choice([0.97, 0.95, 0.92, 0.9, 0.88, 0.85, 0.8, 0.7, 0.55, 0.3])
                  for u in people}
        for s in range(SESSIONS):
            entries = {}
            for u in people:
                here = rng.random() < chance[u]
                entries[u] = recorded.Entry(u, "member", measure if here else absent, here,
                                            90 if here else 0)
            records.append(recorded.SessionRecord(f"{gid}-s{s}", gid, "", "ended", times, 90,
                                                  entries))
    return group_ids, records


def build(group_ids: list[str], records: list[recorded.SessionRecord]) -> dict[str, Any]:
    """The part of the report that grows with the programme, exactly as the server runs it."""
    by_group: dict[str, list[recorded.SessionRecord]] = {g: [] for g in group_ids}
    for r in records:
        by_group[r.group_id].append(r)
    tallies = {g: attendance_report._tallies(by_group[g]) for g in group_ids}
    values, state, below = attendance_report.table(group_ids, tallies, RATE, K)
    bands = attendance.buckets(RATE)
    groups = []
    for g in group_ids:
        cells = attendance_report.row_cells(values, state, g, bands, K)
        listed = below[g] if cells["below_expected"]["state"] == "shown" else None
        groups.append({"id": g, "cells": cells, "below_expected_pseudonyms": listed})
    return {"min_count": K, "expected_rate": RATE,
            "bands": [{"key": b.key, "label": b.label, "below_expected": b.below_expected}
                      for b in bands],
            "groups": groups,
            "all_groups": {"cells": attendance_report.row_cells(values, state,
                                                                attendance_report.ALL, bands,
                                                                K)}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, nargs="*", default=[10, 50, 100, 300])
    parser.add_argument("--min", type=int, default=10, help="fewest trainees in a group")
    parser.add_argument("--max", type=int, default=10, help="most trainees in a group")
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--no-check", action="store_true", help="skip the recovery check")
    args = parser.parse_args(argv)
    print(f"groups of {args.min}-{args.max} trainees, {SESSIONS} fortnightly sessions, "
          f"k={K}, expected rate {RATE}%, seed {args.seed}")
    print(f"{'groups':>6} {'build':>8} {'(cpu)':>7} {'cells shown':>20} {'<k':>5} "
          f"{'withheld':>8} {'check':>8}  recovery check")
    failed = False
    for n in args.groups:
        group_ids, records = programme(n, (args.min, args.max), random.Random(args.seed + n))
        best = cpu = float("inf")
        for _ in range(3):
            started, started_cpu = time.perf_counter(), time.process_time()
            report = build(group_ids, records)
            best = min(best, time.perf_counter() - started)
            cpu = min(cpu, time.process_time() - started_cpu)
        rows = [g["cells"] for g in report["groups"]] + [report["all_groups"]["cells"]]
        cells = [c for r in rows for c in (r["trainees"], r["below_expected"],
                                             *r["bands"].values())]
        shown = sum(c["state"] == "shown" for c in cells)
        small = sum(c["state"] == "small" for c in cells)
        withheld = sum(c["state"] == "withheld" for c in cells)
        verdict, took = "skipped", 0.0
        if not args.no_check:
            started = time.perf_counter()
            ranges, hidden, relations = report_table(report)
            try:
                found = unrecoverable(ranges, hidden, relations)
                narrowest = min((hi - lo + 1 for lo, hi in found.values()), default=0)
                verdict = (f"passed: none of {len(hidden)} hidden cells can be worked out "
                           f"(each has at least {narrowest} possible values)")
            except AssertionError as err:
                verdict, failed = f"FAILED: {err}", True
            took = time.perf_counter() - started
        share = f"{shown} of {len(cells)} ({100 * shown / len(cells):.0f}%)"
        print(f"{n:>6} {best:>7.3f}s {cpu:>6.3f}s {share:>20} {small:>5} {withheld:>8} "
              f"{took:>7.1f}s  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
