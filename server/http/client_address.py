"""Who is asking, by network address: the peer, or behind our own proxy, the address it saw.

Only the configured proxy is believed; anyone else could write any X-Forwarded-For they like
and so escape per-address sign-in throttling.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

from server.keys import CONFIG


def _is_proxy(peer: str, proxy: str) -> bool:
    try:
        return ipaddress.ip_address(peer) in ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        return False


def client_address(request: web.Request) -> str:
    peer = request.remote or ""
    proxy = request.app[CONFIG].trusted_proxy
    if proxy and _is_proxy(peer, proxy):
        # deploy/nginx/balint.conf sets the header to the address nginx saw, replacing any
        # value the client sent; the last entry is the one our proxy added.
        last = request.headers.get("X-Forwarded-For", "").rsplit(",", 1)[-1].strip()
        if last:
            return last[:64]
    return peer
