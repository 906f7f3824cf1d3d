"""Logging set-up: one line per event, codes and ids only.

Nothing that a member wrote, no names and no keys reach a log: handlers log event names, error
codes and random ids. The socket.io and engine.io packet loggers stay off because they would
print payloads. tests/test_logs.py sends canaries through every path and scans the output.
"""

from __future__ import annotations

import logging
import sys

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

# Libraries that log what passes through them, and the least severe level they may log at
# whatever BALINT_LOG_LEVEL says. aiosqlite logs every call with its SQL parameters at DEBUG
# (display names, group names, password hashes); engine.io and socket.io log packets at INFO.
TALKATIVE = {"aiosqlite": logging.WARNING, "engineio.server": logging.ERROR,
             "socketio.server": logging.ERROR}


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in TALKATIVE.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))
    logging.getLogger("aiohttp.access").setLevel(level)


def route_of(request: BaseRequest) -> str:
    """The route's name or pattern ('notes_write', '/socket.io/'), never the path itself."""
    match_info = getattr(request, "match_info", None)
    route = getattr(match_info, "route", None)
    if route is None:
        return "none"
    if route.name:
        return str(route.name)
    resource = route.resource
    return resource.canonical if resource is not None else "unmatched"


class AccessLog(AbstractAccessLogger):
    """One structured line per request: method, route, status and time.

    No path, query string, referrer or user agent: paths and queries carry whatever a stranger
    types (and the route says what was asked for), and the rest is not ours to keep.
    """

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info("event=http method=%s route=%s status=%s ms=%d",
                         request.method, route_of(request), response.status, round(time * 1000))
