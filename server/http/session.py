"""The sign-in cookie: reading it on a request, setting and clearing it on a response."""

from __future__ import annotations

from aiohttp import web

from server.actions import accounts
from server.cookie import COOKIE
from server.cookie import socket_token as socket_token  # the socket layer reads it here
from server.errors import not_signed_in
from server.keys import SERVICES

SIGNED_IN = web.RequestKey("signed_in", object)


def token(request: web.Request) -> str | None:
    return request.cookies.get(COOKIE)


async def current(request: web.Request) -> accounts.SignedIn | None:
    # Cached per request: the CSRF check and the handler both ask.
    if SIGNED_IN not in request:
        request[SIGNED_IN] = await accounts.resolve_session(request.app[SERVICES], token(request))
    signed_in: accounts.SignedIn | None = request[SIGNED_IN]  # type: ignore[assignment]
    return signed_in


async def required(request: web.Request) -> accounts.SignedIn:
    signed_in = await current(request)
    if signed_in is None:
        raise not_signed_in()
    return signed_in


def set_cookie(response: web.StreamResponse, request: web.Request, value: str) -> None:
    svc = request.app[SERVICES]
    response.set_cookie(
        COOKIE, value, max_age=svc.config.session_seconds, path="/", httponly=True,
        samesite="Strict", secure=svc.config.secure_cookies or request.secure,
    )


def clear_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/")
