"""Middleware every response passes through: errors to JSON, CSRF, security headers."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from server.errors import AppError
from server.http import session
from server.keys import SERVICES
from server.passwords import constant_time_equal

log = logging.getLogger("balint.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

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
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def error_response(err: AppError) -> web.Response:
    return web.json_response({"ok": False, "error": err.to_dict()}, status=err.status)


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except AppError as err:
        log.info("path=%s outcome=refused code=%s", request.match_info.route.name, err.code)
        return error_response(err)
    except web.HTTPException:
        raise
    except Exception:
        log.error("path=%s outcome=crashed", request.match_info.route.name)
        return error_response(AppError("internal", "Something went wrong on our side. "
                                       "Please try again.", 500))


def _same_origin(request: web.Request, origin: str) -> bool:
    svc = request.app[SERVICES]
    return origin in {f"{request.scheme}://{request.host}", svc.config.base_url.rstrip("/")}


@web.middleware
async def csrf(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse cross-site writes: the Origin must be ours, and signed-in writes carry a token."""
    if request.method in UNSAFE:
        origin = request.headers.get("Origin")
        if origin is not None and not _same_origin(request, origin):
            raise AppError("bad_origin", "This request came from another site and was refused.",
                           403)
        signed_in = await session.current(request)
        if signed_in is not None:
            sent = request.headers.get("X-CSRF-Token", "")
            if not constant_time_equal(sent, signed_in.csrf_token):
                raise AppError("bad_csrf", "Please reload the page and try again.", 403)
    return await handler(request)


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    response.headers.update(HEADERS)
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    if request.app[SERVICES].config.secure_cookies:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if isinstance(response, web.HTTPException):
        raise response
    return response
