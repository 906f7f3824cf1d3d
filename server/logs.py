"""Logging set-up: one line per event, codes and ids only.

Nothing that a member wrote, no names and no keys reach a log: handlers log event names, error
codes and random ids. The socket.io and engine.io packet loggers stay off because they would
print payloads.
"""

from __future__ import annotations

import logging
import sys


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The access log records paths only; invitation tokens travel in URL fragments, never paths.
    logging.getLogger("aiohttp.access").setLevel(level)
    # At DEBUG, aiosqlite logs every statement with its parameters: names, settings, sealed
    # bodies. Never, whatever the level asked for.
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
