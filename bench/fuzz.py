"""`make fuzz`: hostile input for every socket event and HTTP endpoint of the real server.

    python bench/fuzz.py [--cases 100000] [--seed N] [--batch 50] [--only socket:join]

Starts the real app on a loopback port with real socket.io and HTTP clients (tests/fuzz/world.py),
splits the cases over every socket event and route of the router by weight, runs them with
hypothesis in batches, and after each batch checks /healthz and, for batches that were refused
throughout, the row counts of every table. Prints one table per target and the totals, writes
them to bench/results/fuzz-<timestamp>.json, and exits 1 if any case failed (tests/fuzz/runner.py
says what counts as a failure). The case count can also come from BALINT_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from tests.fuzz import targets as t  # noqa: E402
from tests.fuzz.runner import Runner, Stats, report  # noqa: E402
from tests.fuzz.world import World  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int,
                        default=int(os.environ.get("BALINT_FUZZ_EXAMPLES", "100000")))
    parser.add_argument("--seed", type=int, default=None,
                        help="hypothesis seed (default: random, printed)")
    parser.add_argument("--batch", type=int, default=50, help="cases between health checks")
    parser.add_argument("--only", default="", help="run only targets whose name starts so")
    args = parser.parse_args()
    base_seed = args.seed if args.seed is not None else random.randrange(2**32)
    print(f"fuzz: {args.cases:,} cases, seed {base_seed} (rerun with --seed {base_seed})",
          file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="balint-fuzz-") as tmp:
        world = World(Path(tmp) / "data", base_seed)
        try:
            world.run(world.start())
            assert world.server.app is not None
            gaps = t.coverage_gaps(world.server.app)
            if gaps:
                print("\n".join(gaps), file=sys.stderr)
                return 2
            targets = [x for x in t.all_targets(world.server.app)
                       if x.name.startswith(args.only)]

            def progress(target: t.Target, stats: Stats) -> None:
                bad = sum(1 for f in stats.failures if f.target == target.name)
                print(f"  {target.name:<52} {stats.cases[target.name]:>6,} cases"
                      f"  {stats.seconds[target.name]:6.1f} s  failures {bad}",
                      file=sys.stderr, flush=True)

            stats = Runner(world, args.batch).run(targets, args.cases, base_seed, progress)
        finally:
            world.close()
    print(report(stats))
    for failure in stats.failures[:40]:
        print(failure)
    _save(stats, args, base_seed)
    return 1 if stats.failures else 0


def _save(stats: Stats, args: argparse.Namespace, base_seed: int) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out: dict[str, Any] = {
        "kind": "fuzz", "when": stamp, "cases_requested": args.cases, "seed": base_seed,
        "batch": args.batch, "wall_seconds": round(stats.wall, 1),
        "cases": dict(stats.cases), "requests": dict(stats.requests),
        "outcomes": {k: dict(v) for k, v in stats.outcomes.items()},
        "failures": {"by_kind": dict(stats.kinds()),
                     "first": [vars(f) for f in stats.failures[:100]]},
        "health_checks": stats.health_checks, "health_answered": stats.health_answered,
        "batches": stats.batches, "refused_batches": stats.refused_batches,
    }
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    path = results / f"fuzz-{stamp}.json"
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
