"""CPU-heavy pure work off the event loop, so one slow computation never pauses the rooms.

A programme's attendance report builds and protects its table of counts (about 0.2 s of CPU for
300 groups, bench/lead_report_bench.py). Run inline, it would stop every chat on the server for
that long; in a worker process it only makes the lead wait.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Offload:
    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker process; fn and args must be picklable and do no I/O."""
        if self._pool is None:
            # spawn, not fork: the server has threads (aiosqlite) that a fork would copy
            # mid-lock. Started on first use, so servers that never need it never pay.
            self._pool = ProcessPoolExecutor(max_workers=1,
                                             mp_context=multiprocessing.get_context("spawn"))
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
