"""The sign-in cookie's name, and reading it from what a socket connected with.

Neutral ground: the HTTP layer sets and reads the cookie on requests (server/http/session.py),
the socket layer checks it when a socket connects, and the actions that end a sign-in
(server/actions/revoke.py) find the sockets opened with it. None of them need the others.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any

COOKIE = "balint_session"


def socket_token(environ: dict[str, Any] | None) -> str | None:
    """The cookie a socket connected with, from the environ socket.io keeps for it."""
    try:
        jar = SimpleCookie((environ or {}).get("HTTP_COOKIE", ""))
    except CookieError:
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else None
