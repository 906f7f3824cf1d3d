"""Summarise a py-spy profile in collapsed-stack form (`bench/run.py --profile x.txt`).

    python bench/spy_summary.py profile.txt [--top 25] [--under server/]

Prints the functions with the most samples: "self" (on top of the stack) and "inclusive"
(anywhere in it), as a share of the busy samples. Samples waiting in epoll (an idle event loop)
and idle aiosqlite worker threads are counted apart, as idle.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

IDLE = ("EpollSelector.select", "_connection_worker_thread (aiosqlite/core.py:59)",
        "Thread.wait", "Condition.wait", "Queue.get (queue.py")


def summarise(path: Path, top: int, under: str) -> str:
    busy = idle = 0
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        if any(frames[-1].startswith(i) for i in IDLE):
            idle += n
            continue
        busy += n
        own[frames[-1]] += n
        for frame in set(frames):
            anywhere[frame] += n
    out = [f"{busy} busy samples, {idle} idle ({100 * idle / max(1, busy + idle):.0f}% idle)",
           "", f"self (top {top}):"]
    out += [f"  {100 * n / busy:5.1f}%  {f}" for f, n in own.most_common(top)]
    out += ["", f"inclusive{f' (frames containing {under!r})' if under else ''} (top {top}):"]
    picked = [(f, n) for f, n in anywhere.most_common() if under in f][:top]
    out += [f"  {100 * n / busy:5.1f}%  {f}" for f, n in picked]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--under", default="", help="only inclusive frames containing this")
    args = parser.parse_args()
    print(summarise(args.profile, args.top, args.under))


if __name__ == "__main__":
    main()
