"""Where the CPU time went, every few milliseconds, while a benchmark runs: for telling a server
that stalls on its own work from one the machine stopped running.

    python bench/stall_watch.py --server PID --generator PID --out FILE [--interval 0.005]

Until SIGTERM or SIGINT, each sample records the monotonic time and, cumulatively:
- the server's main thread and its other threads (aiosqlite's, the resolver's): time run and
  time runnable but waiting for a CPU (/proc/<pid>/task/<tid>/schedstat, in ns);
- the generator's time run and waited (/proc/<pid>/schedstat);
- each CPU's steal: time the hypervisor ran something else while this machine's CPU was due
  (/proc/stat, in USER_HZ ticks), and its idle time;
- how late this watcher woke up, which shows the machine stopping everything at once.
On exit it writes one CSV line per sample to FILE. bench/stall_report.py reads it with a
delivery trace. `bench/run.py --trace` starts it.
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from array import array
from pathlib import Path

COLUMNS = ("t", "late_us", "main_run_ns", "main_wait_ns", "threads_run_ns", "threads_wait_ns",
           "gen_run_ns", "gen_wait_ns", "steal0", "steal1", "idle0", "idle1")


class ProcFile:
    """A /proc file kept open and read again from the start: a sample costs one pread, not an
    open and a close (the watcher shares the generator's core)."""

    def __init__(self, path: str) -> None:
        try:
            self.fd: int | None = os.open(path, os.O_RDONLY)
        except OSError:
            self.fd = None  # a thread that has already gone

    def read(self, size: int = 512) -> bytes:
        if self.fd is None:
            return b""
        try:
            return os.pread(self.fd, size, 0)
        except OSError:
            return b""

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def schedstat(f: ProcFile) -> tuple[int, int]:
    """Time run and time runnable but waiting, in ns."""
    fields = f.read().split()
    return (int(fields[0]), int(fields[1])) if len(fields) == 3 else (0, 0)


def cpu_ticks(f: ProcFile) -> tuple[int, int, int, int]:
    """Steal and idle ticks of cpu0 and cpu1 (0 for a CPU the machine does not have)."""
    steal = [0, 0]
    idle = [0, 0]
    # The CPU lines come first; the rest (interrupt counts) is long and not needed.
    for line in f.read(1024).split(b"\n"):
        if line.startswith((b"cpu0 ", b"cpu1 ")):
            fields = line.split()
            n = int(fields[0][3:])
            idle[n] = int(fields[4])
            steal[n] = int(fields[8])
    return steal[0], steal[1], idle[0], idle[1]


class Watch:
    def __init__(self, server: int, generator: int) -> None:
        self.server = server
        self.main = ProcFile(f"/proc/{server}/task/{server}/schedstat")
        self.generator = ProcFile(f"/proc/{generator}/schedstat")
        self.stat = ProcFile("/proc/stat")
        self.threads: dict[str, ProcFile] = {}
        self.listed = 0.0
        self.samples = array("q")

    def other_threads(self, now: float) -> list[ProcFile]:
        # Threads come and go (executors start lazily); listing once a second is enough.
        if now - self.listed > 1.0:
            self.listed = now
            try:
                tids = set(os.listdir(f"/proc/{self.server}/task")) - {str(self.server)}
            except OSError:
                tids = set()
            for gone in set(self.threads) - tids:
                self.threads.pop(gone).close()
            for tid in tids - set(self.threads):
                self.threads[tid] = ProcFile(f"/proc/{self.server}/task/{tid}/schedstat")
        return list(self.threads.values())

    def sample(self, late_s: float) -> None:
        now = time.monotonic()
        run = wait = 0
        for f in self.other_threads(now):
            r, w = schedstat(f)
            run, wait = run + r, wait + w
        self.samples.extend((int(now * 1e9), int(late_s * 1e6), *schedstat(self.main), run, wait,
                             *schedstat(self.generator), *cpu_ticks(self.stat)))

    def write(self, out: Path) -> None:
        width = len(COLUMNS)
        with out.open("w", encoding="ascii") as f:
            f.write(",".join(COLUMNS) + "\n")
            for i in range(0, len(self.samples), width):
                f.write(",".join(str(v) for v in self.samples[i:i + width]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", type=int, required=True)
    parser.add_argument("--generator", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--interval", type=float, default=0.005)
    args = parser.parse_args()
    watch = Watch(args.server, args.generator)
    running = [True]

    def finish(_signum: int, _frame: object) -> None:
        running[0] = False

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    due = time.monotonic()
    while running[0]:
        late = time.monotonic() - due
        watch.sample(max(0.0, late))
        due += args.interval
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        else:  # fell behind (the machine paused us): start again from now
            due = time.monotonic()
    watch.write(args.out)


if __name__ == "__main__":
    main()
