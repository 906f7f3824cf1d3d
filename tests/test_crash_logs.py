"""A crash in a socket handler or an HTTP handler is logged with its type and where it happened
(file:line:function for each frame), and never with its message: the message of an error raised
over what a member wrote can quote it."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from server.http import middleware
from server.realtime.handlers import acknowledged
from tests.support import serve_on_loopback


class QuotesItsInput(Exception):
    """What a bug deep in a handler might raise: its message repeats what it was given."""


def _deep(text: str) -> None:
    raise QuotesItsInput(f"cannot handle {text!r}")


def _crash_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "outcome=crashed" in r.getMessage()]


def _assert_found_without_content(caplog: pytest.LogCaptureFixture, canary: str) -> str:
    [line] = _crash_lines(caplog)
    assert "error=tests.test_crash_logs.QuotesItsInput" in line, line
    # The frames lead from the handler down to where it was raised.
    assert "tests/test_crash_logs.py:" in line and line.endswith(":_deep"), line
    everything = caplog.text + "".join(str(r.exc_info) + str(r.args) for r in caplog.records)
    assert canary not in everything
    assert all(r.exc_info is None or r.exc_info[0] is None for r in caplog.records)
    return line


async def test_a_socket_handler_crash_logs_type_and_frames_never_the_message(
        caplog: pytest.LogCaptureFixture) -> None:
    canary = f"CANARY-{uuid.uuid4().hex}"

    async def on_boom(self: Any, sid: str, data: Any) -> None:
        _deep(str(data["text"]))

    handler = acknowledged("boom")(on_boom)
    with caplog.at_level(logging.DEBUG):
        reply = await handler(None, "sid", {"text": canary})
    assert reply["ok"] is False and reply["error"]["code"] == "internal"
    assert canary not in str(reply)
    line = _assert_found_without_content(caplog, canary)
    assert line.startswith("event=boom outcome=crashed ")
    assert ":on_boom>" in line


async def test_an_http_handler_crash_logs_type_and_frames_never_the_message(
        caplog: pytest.LogCaptureFixture) -> None:
    canary = f"CANARY-{uuid.uuid4().hex}"

    async def boom(request: web.Request) -> web.Response:
        _deep(request.headers["X-Text"])
        return web.Response()

    app = web.Application(middlewares=[middleware.guard])
    app.router.add_get("/boom", boom, name="boom")
    runner, port = await serve_on_loopback(app)
    try:
        with caplog.at_level(logging.DEBUG):
            async with aiohttp.ClientSession() as http:
                # A header, not the query: aiohttp's default access log would print the URL.
                async with http.get(f"http://127.0.0.1:{port}/boom",
                                    headers={"X-Text": canary}) as r:
                    status, body = r.status, await r.json()
    finally:
        await runner.cleanup()
    assert status == 500 and body["error"]["code"] == "internal"
    line = _assert_found_without_content(caplog, canary)
    assert line.startswith("path=boom outcome=crashed ")
    assert ":boom>" in line


def test_log_exception_anywhere_prints_frames_not_the_message() -> None:
    """A background task's `log.exception` (the sweeper's, a library's) goes through the
    configured formatter: type and frames, never the message that quotes a member's words."""
    import io

    from server import logs

    canary = f"what-tom-wrote-{uuid.uuid4().hex}"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.ContentFreeFormatter("%(levelname)s %(name)s %(message)s"))
    log = logging.getLogger("tests.crash.background")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            _deep(canary)
        except QuotesItsInput:
            log.exception("event=sweep outcome=crashed")
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert "event=sweep outcome=crashed" in output
    assert "error=tests.test_crash_logs.QuotesItsInput" in output
    assert output.rstrip().endswith(":_deep"), output
    assert canary not in output and "Traceback" not in output
