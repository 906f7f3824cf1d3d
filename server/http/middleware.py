"""What every request and response passes through: errors to JSON, CSRF, security headers."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from server import library_hooks, logs
from server.errors import AppError
from server.http import session
from server.keys import CONFIG, SERVICES, SIO
from server.passwords import constant_time_equal

log = logging.getLogger("balint.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SOCKET_PATH = "/socket.io/"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # The camera and microphone on this origin only: the room's voice and video (web/media.js)
    # and scanning a colleague's key code (notes_compare.js); no frame (there are none:
    # frame-ancestors 'none') may.
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), payment=(), "
                          "usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HSTS = "max-age=63072000; includeSubDomains"


def error_response(err: AppError) -> web.Response:
    return web.json_response({"ok": False, "error": err.to_dict()}, status=err.status)


HTTP_ERRORS = {
    404: ("not_found", "There is nothing at this address. Check the link."),
    405: ("method_not_allowed", "This address does not take that kind of request."),
    413: ("too_large", "The request is too large."),
    431: ("too_large", "The request is too large."),
}


def _http_error(exc: web.HTTPException) -> web.Response:
    code, message = HTTP_ERRORS.get(exc.status, ("bad_request", "The request was refused."))
    response = error_response(AppError(code, message, exc.status))
    if "Allow" in exc.headers:
        response.headers["Allow"] = exc.headers["Allow"]
    return response


def _same_origin(request: web.Request, origin: str) -> bool:
    svc = request.app[SERVICES]
    return origin in {f"{request.scheme}://{request.host}", svc.config.base_url.rstrip("/")}


@web.middleware
def guard(request: web.Request, handler: Handler) -> Awaitable[web.StreamResponse]:
    """Every request: socket.io size limit, then CSRF, then AppError as a JSON reply.

    One middleware, not one per concern, and none at all around a socket.io websocket: a
    middleware's frame lives as long as its request, and a websocket's request lives as long
    as the member is in the room (bench: ~0.4 KiB per connected member for each frame). So the
    upgrade is handed the handler's own coroutine, unawaited here. It needs nothing guarded: a
    GET (no CSRF) without a body (no size limit), answered by engine.io, which reports its own
    errors to the client.
    """
    if (request.method == "GET" and request.path == SOCKET_PATH
            and request.headers.get("Upgrade", "").lower() == "websocket"):
        return handler(request)
    return _guarded(request, handler)


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        _socket_post_limit(request)
        await _csrf(request)
        return await handler(request)
    except AppError as err:
        log.info("path=%s outcome=refused code=%s", request.match_info.route.name, err.code)
        return error_response(err)
    except web.HTTPException as exc:
        if exc.status >= 400 and request.path.startswith("/api/"):
            # No such endpoint, or not with this method: API clients read JSON, never
            # aiohttp's plain-text pages.
            return _http_error(exc)
        raise
    except Exception as error:
        # Type and frames only: its message or a frame's locals could quote what was sent.
        kind, frames = logs.crash(error)
        log.error("path=%s outcome=crashed error=%s frames=%s", request.match_info.route.name,
                  kind, frames)
        return error_response(AppError("internal", "Something went wrong on our side. "
                                       "Please try again.", 500))


async def _csrf(request: web.Request) -> None:
    """Refuse cross-site writes: the Origin must be ours, and signed-in writes carry a token."""
    if request.method not in UNSAFE:
        return
    origin = request.headers.get("Origin")
    if origin is not None and not _same_origin(request, origin):
        raise AppError("bad_origin", "This request came from another site and was refused.", 403)
    if request.path.startswith(SOCKET_PATH):
        # Long-polling posts name an engine.io session id that only its own client knows, and
        # the socket.io client cannot send our token: the Origin check above is the guard.
        return
    signed_in = await session.current(request)
    if signed_in is not None:
        sent = request.headers.get("X-CSRF-Token", "")
        if not constant_time_equal(sent, signed_in.csrf_token):
            raise AppError("bad_csrf", "Please reload the page and try again.", 403)


def _socket_post_limit(request: web.Request) -> None:
    """Refuse a socket.io long-polling POST over engine.io's payload limit before engine.io
    reads it. engine.io would refuse it too, but then closes the session waiting for a poll
    that never comes: the request never ends and the server's shutdown waits for it."""
    if request.method == "POST" and request.path.startswith(SOCKET_PATH):
        limit = request.app[SIO].eio.max_http_buffer_size
        if request.content_length is not None and request.content_length > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit,
                                                actual_size=request.content_length)


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: every response, errors included. A signal, not a middleware, so
    it holds nothing for the lifetime of a websocket."""
    if isinstance(response, web.WebSocketResponse):
        # A 101 upgrade carries no document for a browser to guard, and its headers would be
        # kept for as long as the socket is open (~1.2 KiB per connected member).
        return
    response.headers.update(HEADERS)
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    if request.app[SERVICES].config.secure_cookies:
        response.headers["Strict-Transport-Security"] = HSTS


def guard_own_errors(app: web.Application) -> None:
    """Give aiohttp's own error answers the same headers and JSON as ours.

    A request aiohttp cannot parse (a request line over 8,190 bytes, broken headers) is
    answered by aiohttp itself, before routing: no middleware runs, and aiohttp calls the
    `on_response_prepare` signal only for routed requests. Its plain-text answer would lack
    the CSP and nosniff headers and quote part of the path. aiohttp builds such requests with
    the app's request factory, which takes the request class as `_cls`; ours fills in the
    headers and a JSON error in the prepare hook when nothing was routed.
    (tests/test_logs.py sends such a request to the real server.)
    """
    secure = app[CONFIG].secure_cookies

    def fix(response: web.Response) -> None:
        code, message = HTTP_ERRORS.get(response.status,
                                        ("bad_request", "The request was refused."))
        if response.status >= 500:
            code, message = "internal", "Something went wrong on our side."
        response.content_type = "application/json"
        response.text = json.dumps({"ok": False, "error": {"code": code, "message": message}})
        response.headers.update(HEADERS)
        response.headers["Cache-Control"] = "no-store"
        if secure:
            response.headers["Strict-Transport-Security"] = HSTS

    library_hooks.answer_unrouted(app, fix)
