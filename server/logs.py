"""Logging set-up: one line per event, codes and ids only.

Nothing that a member wrote, no names and no keys reach a log: handlers log event names, error
codes and random ids. The socket.io and engine.io packet loggers stay off because they would
print payloads, and engine.io's error lines are cut down to their kind (`EngineioRefusals`).
tests/test_logs.py sends canaries through every path and scans the output.
"""

from __future__ import annotations

import logging
import os
import sys
from types import TracebackType
from typing import Any

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

from server import library_hooks

# Libraries that log what passes through them, and the least severe level they may log at
# whatever BALINT_LOG_LEVEL says. aiosqlite logs every call with its SQL parameters at DEBUG
# (display names, group names, password hashes); engine.io and socket.io log packets at INFO.
TALKATIVE = {"aiosqlite": logging.WARNING, "engineio.server": logging.ERROR,
             "socketio.server": logging.ERROR}


# What engine.io's refusals say, and the code we log instead: its messages quote the request
# (the Origin header, the session id from the query string), which whoever connects controls.
ENGINEIO_REFUSALS = (
    ("is not an accepted origin", "bad_origin"),
    ("Invalid session", "bad_sid"),
    ("is not connected", "not_connected"),
    ("Unexpected HTTP request", "unexpected_http"),
    ("Invalid transport", "bad_transport"),
    ("unsupported version", "bad_version"),
    ("Invalid JSONP", "bad_jsonp"),
    ("Invalid websocket upgrade", "bad_upgrade"),
)


class EngineioRefusals(logging.Filter):
    """Keeps the kind of each engine.io error line and drops its words (tracebacks stay)."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        code = next((c for marker, c in ENGINEIO_REFUSALS if marker in text), None)
        if code is None:
            record.msg, record.args = "event=socket outcome=failed code=engineio_error", ()
        else:
            record.msg, record.args = "event=socket outcome=refused code=%s", (code,)
        return True


class UnreadableRequests(logging.Filter):
    """aiohttp logs a request it cannot parse as an ERROR with a traceback whose message
    quotes the request line (a path a stranger wrote). Keep one line with the error's kind."""

    def filter(self, record: logging.LogRecord) -> bool:
        from aiohttp.http_exceptions import HttpProcessingError

        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            record.msg = "event=http outcome=refused code=unreadable_request kind=%s"
            record.args = (type(error).__name__,)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class ContentFreeFormatter(logging.Formatter):
    """Every `log.exception` anywhere (ours or a library's) prints `crash()`'s type and frames,
    never the usual traceback, whose last line quotes the exception's message."""

    def formatException(self, ei: Any) -> str:
        error = ei[1]
        if error is None:
            return "error=unknown"
        name, frames = crash(error)
        return f"error={name} frames={frames}"


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(ContentFreeFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in TALKATIVE.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))
    logging.getLogger("aiohttp.access").setLevel(level)
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, UnreadableRequests) for f in server_log.filters):
        server_log.addFilter(UnreadableRequests())
    engineio_log = logging.getLogger("engineio.server")
    if not any(isinstance(f, EngineioRefusals) for f in engineio_log.filters):
        engineio_log.addFilter(EngineioRefusals())


# Where a crash happened, without what it was about: the innermost frames are the telling ones.
CRASH_FRAMES = 12
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def crash(error: BaseException) -> tuple[str, str]:
    """An exception's type and its traceback as `file:line:function` frames, outermost first.

    Never its message, arguments or any frame's locals or source line: an exception raised
    over a member's words may quote them (`KeyError: 'what they wrote'`), and so would a
    traceback printed the usual way. The type and the frames find the bug without them.
    """
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else (
        f"{kind.__module__}.{kind.__qualname__}")
    cause = error.__cause__ or error.__context__
    if cause is not None:
        name += f"<-{type(cause).__qualname__}"
    return name, _frames(error.__traceback__)


def _frames(tb: TracebackType | None) -> str:
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        path = code.co_filename
        if path.startswith(_ROOT + os.sep):
            path = path[len(_ROOT) + 1:]
        elif "site-packages" + os.sep in path:
            path = path.split("site-packages" + os.sep, 1)[1]
        frames.append(f"{path}:{tb.tb_lineno}:{code.co_name}")
        tb = tb.tb_next
    if len(frames) > CRASH_FRAMES:
        frames = ["...", *frames[-CRASH_FRAMES:]]
    return ">".join(frames)


def route_of(request: BaseRequest) -> str:
    """The route's name or pattern ('notes_write', '/socket.io/'), never the path itself;
    "none" for a request aiohttp refused before routing (a request line too long)."""
    # Not request.match_info: it asserts there is one, and a refused request has none.
    route = getattr(library_hooks.match_info_or_none(request), "route", None)
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
