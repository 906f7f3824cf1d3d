"""Security hardening: sign-in throttling, message rate limits, headers, origins, cookies."""

from __future__ import annotations

import uuid

import aiohttp
import socketio

from tests.conftest import Cast
from tests.support import PASSWORD, ApiClient, LiveServer


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
    for i in range(31):
        _, reply = await api.post("/api/sign-in", {"username": f"user{i}", "password": "x" * 12})
        codes.append(reply["error"]["code"])
    assert codes[:30] == ["bad_credentials"] * 30 and codes[30] == "too_many_attempts"
    await api.close()


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
                assert "camera=()" in h["Permissions-Policy"]
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
