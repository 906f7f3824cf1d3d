"""Security hardening: sign-in throttling, message rate limits, headers, origins, cookies."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from pathlib import Path

import aiohttp
import socketio

from server.actions import accounts
from server.app import MAX_SOCKET_PAYLOAD
from server.clock import FakeClock
from server.permissions import OPERATOR
from server.throttle import ADDRESS_LIMIT
from tests.conftest import Cast
from tests.support import PASSWORD, ApiClient, LiveServer, loopback_config


async def test_brute_force_is_throttled_and_the_owner_gets_back_in(cast: Cast) -> None:
    """100 wrong guesses are stopped with a clear message; the right password works later."""
    server = cast.server
    api = ApiClient(server.url)
    codes = []
    for i in range(100):
        status, reply = await api.post("/api/sign-in", {"username": "tom",
                                                        "password": f"guess-{i}"})
        codes.append(reply["error"]["code"])
    assert codes[:5] == ["bad_credentials"] * 5
    assert set(codes[5:]) == {"too_many_attempts"}
    assert status == 429 and "wait" in reply["error"]["message"]
    # While throttled, even the right password is refused...
    status, reply = await api.post("/api/sign-in", {"username": "tom", "password": PASSWORD})
    assert status == 429
    # ...while another account is not locked out by Tom's attacker.
    tara = ApiClient(server.url)
    status, _ = await tara.post("/api/sign-in", {"username": "tara", "password": PASSWORD})
    assert status == 200
    await tara.close()
    other = ApiClient(server.url)
    server.clock.advance(15 * 60 + 1)
    status, reply = await other.post("/api/sign-in", {"username": "tom", "password": PASSWORD})
    assert status == 200, reply
    await api.close()
    await other.close()


async def test_password_spraying_from_one_address_is_throttled(cast: Cast) -> None:
    api = ApiClient(cast.server.url)
    codes = []
    for i in range(ADDRESS_LIMIT + 1):
        _, reply = await api.post("/api/sign-in", {"username": f"user{i}", "password": "x" * 12})
        codes.append(reply["error"]["code"])
    assert codes[:ADDRESS_LIMIT] == ["bad_credentials"] * ADDRESS_LIMIT
    assert codes[ADDRESS_LIMIT] == "too_many_attempts"
    await api.close()


async def test_a_forged_forwarded_address_does_not_escape_the_address_limit(cast: Cast) -> None:
    """Without a trusted proxy, X-Forwarded-For is just text: spraying from one address while
    claiming as many others is still one address."""
    api = ApiClient(cast.server.url)
    codes = []
    for i in range(ADDRESS_LIMIT + 1):
        _, reply = await api.post("/api/sign-in", {"username": f"user{i}", "password": "x" * 12},
                                  headers={"X-Forwarded-For": f"203.0.113.{i}"})
        codes.append(reply["error"]["code"])
    assert codes[ADDRESS_LIMIT] == "too_many_attempts"
    await api.close()


async def test_behind_the_trusted_proxy_each_client_address_counts_alone(tmp_path: Path) -> None:
    """Behind our own proxy every request comes from its address; the limit must count the
    address the proxy saw (X-Forwarded-For), or one attacker would lock everyone out."""
    config = loopback_config(tmp_path / "data").with_(trusted_proxy="127.0.0.0/8")
    server = await LiveServer(config, FakeClock(time.time())).start()
    api = ApiClient(server.url)
    try:
        codes = []
        for i in range(ADDRESS_LIMIT + 1):
            _, reply = await api.post("/api/sign-in",
                                      {"username": f"user{i}", "password": "x" * 12},
                                      headers={"X-Forwarded-For": "198.51.100.7"})
            codes.append(reply["error"]["code"])
        assert codes[ADDRESS_LIMIT] == "too_many_attempts", "the proxy's client is throttled"
        _, reply = await api.post("/api/sign-in", {"username": "user99", "password": "x" * 12},
                                  headers={"X-Forwarded-For": "198.51.100.8"})
        assert reply["error"]["code"] == "bad_credentials", "another client is not locked out"
    finally:
        await api.close()
        await server.stop()


async def test_flooding_messages_is_rate_limited_with_a_clear_error(cast: Cast) -> None:
    tom = await cast.trainee.connect(cast.server)
    await tom.ok("accept_rules", {"session_id": cast.session_id})
    await tom.ok("join", {"session_id": cast.session_id})
    replies = [await tom.call("send", {"session_id": cast.session_id,
                                       "client_id": uuid.uuid4().hex, "text": f"m{i}"})
               for i in range(25)]
    assert all(r["ok"] for r in replies[:20])
    assert replies[20]["error"]["code"] == "rate_limited"
    cast.server.clock.advance(10)
    assert (await tom.call("send", {"session_id": cast.session_id,
                                    "client_id": uuid.uuid4().hex, "text": "again"}))["ok"]


async def test_every_response_carries_security_headers(server: LiveServer) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/static/app.js", "/api/me", "/healthz", "/nope"):
            async with http.get(server.url + path) as resp:
                h = resp.headers
                assert "default-src 'self'" in h["Content-Security-Policy"], path
                assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
                assert "unsafe-inline" not in h["Content-Security-Policy"]
                assert h["Referrer-Policy"] == "no-referrer"
                assert h["X-Content-Type-Options"] == "nosniff"
                # The camera and microphone for this site's own page only (voice and video,
                # scanning a key code), no one else.
                assert "camera=(self)" in h["Permissions-Policy"]
                assert "microphone=(self)" in h["Permissions-Policy"]
                assert "geolocation=()" in h["Permissions-Policy"]
                assert "Strict-Transport-Security" not in h  # plain http on loopback
        async with http.get(server.url + "/healthz") as resp:
            assert await resp.json() == {"ok": True}


async def test_socket_from_another_origin_is_refused(cast: Cast) -> None:
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(cast.server.url, transports=["websocket"], wait_timeout=5,
                             headers={"Cookie": f"balint_session={cast.trainee.api.cookie()}",
                                      "Origin": "https://evil.example"})
        raise AssertionError("connected from a foreign origin")
    except socketio.exceptions.ConnectionError:
        pass
    ok = socketio.AsyncClient(reconnection=False)
    await ok.connect(cast.server.url, transports=["websocket"], wait_timeout=5,
                     headers={"Cookie": f"balint_session={cast.trainee.api.cookie()}",
                              "Origin": cast.server.url})
    await ok.disconnect()


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


async def test_csp_allows_no_inline_script_and_the_page_has_none(server: LiveServer) -> None:
    """Scripts come only from our own files: an injected <script> or onerror= cannot run, and
    the page itself needs no exception to that rule."""
    async with aiohttp.ClientSession() as http, http.get(server.url + "/") as resp:
        csp = directives(resp.headers["Content-Security-Policy"])
        html = await resp.text()
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert not any(w in {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:"}
                   for w in csp["script-src"] + csp["default-src"])
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I)
    assert scripts and all('src="/static/' in attrs and not body.strip()
                           for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html, re.I)  # no inline event handlers
    assert "<style" not in html.lower() and " style=" not in html.lower()


async def test_behind_tls_hsts_is_sent_and_cookies_are_secure(tmp_path: Path) -> None:
    """With BALINT_PUBLIC_URL on https (TLS ends at the proxy), every response carries HSTS
    and the sign-in cookie is Secure, HttpOnly and SameSite=Strict."""
    config = loopback_config(tmp_path / "data").with_(public_url="https://rooms.example.org")
    live = await LiveServer(config, FakeClock(time.time())).start()
    try:
        link = await accounts.create_invitation(live.svc, OPERATOR, kind="admin")
        async with aiohttp.ClientSession() as http:
            async with http.post(live.url + "/api/invitations/accept", json={
                    "token": accounts.token_from_link(link), "username": "ada",
                    "display_name": "Ada", "password": PASSWORD}) as resp:
                assert resp.status == 200
                cookie = resp.headers["Set-Cookie"]
                assert resp.headers["Strict-Transport-Security"] == (
                    "max-age=63072000; includeSubDomains")
            for path in ("/", "/static/app.js", "/healthz", "/api/me", "/nope"):
                async with http.get(live.url + path) as resp:
                    assert "max-age=63072000" in resp.headers["Strict-Transport-Security"], path
        # aiohttp's own answer to a request it cannot read (a request line over 8,190 bytes)
        reader, writer = await asyncio.open_connection("127.0.0.1", config.port)
        writer.write(b"GET /" + b"x" * 9000 + b" HTTP/1.1\r\nHost: h\r\n\r\n")
        answer = (await reader.read()).decode("latin-1")
        writer.close()
        assert answer.startswith("HTTP/1.") and " 400 " in answer.split("\r\n")[0]
        assert "Strict-Transport-Security: max-age=63072000" in answer
        assert "Content-Security-Policy: default-src 'self'" in answer
        attributes = {a.strip().split("=")[0].lower() for a in cookie.split(";")}
        assert {"secure", "httponly", "samesite"} <= attributes
        assert "SameSite=Strict" in cookie
    finally:
        await live.stop()


async def test_a_too_large_socket_payload_is_refused(cast: Cast) -> None:
    """engine.io's limit (server/app.py MAX_SOCKET_PAYLOAD) holds on both transports: a
    websocket frame over it closes the socket, a long-polling POST over it is answered 413;
    below it, the app's own limits answer with a clear error."""
    tom = await cast.trainee.connect(cast.server)
    await tom.ok("accept_rules", {"session_id": cast.session_id})
    await tom.ok("join", {"session_id": cast.session_id})
    reply = await tom.call("send", {"session_id": cast.session_id,
                                    "client_id": uuid.uuid4().hex, "text": "x" * 100_000})
    assert reply["error"]["code"] == "too_long" and tom.sio.connected
    await tom.sio.emit("send", {"session_id": cast.session_id, "client_id": uuid.uuid4().hex,
                                "text": "x" * (MAX_SOCKET_PAYLOAD + 1)})
    await tom.wait_for(lambda: not tom.sio.connected)
    assert await cast.server.svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 0

    # Long-polling: the same limit on the POST body (middleware._socket_post_limit).
    cookie = {"Cookie": f"balint_session={cast.trainee.api.cookie()}",
              "X-CSRF-Token": cast.trainee.api.csrf}  # the CSRF check covers polling POSTs too
    base = cast.server.url + "/socket.io/?EIO=4&transport=polling"
    async with aiohttp.ClientSession(headers=cookie) as http:
        async with http.get(base) as resp:
            sid = json.loads((await resp.text())[1:])["sid"]
        async with http.post(f"{base}&sid={sid}", data=b"40") as resp:
            assert resp.status == 200  # the socket.io connect packet
        async with http.post(f"{base}&sid={sid}",
                             data=b"4" + b"x" * (MAX_SOCKET_PAYLOAD + 1)) as resp:
            assert resp.status == 413
        async with http.post(f"{base}&sid={sid}", data=b"41") as resp:
            assert resp.status == 200  # refused before engine.io: the session was not wedged
        async with http.get(cast.server.url + "/healthz") as resp:
            assert resp.status == 200
