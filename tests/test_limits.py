"""Limits that hold under concurrency (issue 18), on one server process with in-memory counters.

The same bursts across two workers sharing Redis are in tests/test_scale_out.py. Password
checks are counted where they happen (`server.passwords.checks`), not inferred from answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import socketio

from server import passwords
from server.clock import FakeClock
from server.permissions import OPERATOR
from server.throttle import ACCOUNT_LIMIT, ADDRESS_LIMIT, PAIR_LIMIT
from tests.conftest import Cast
from tests.session_support import Client, enter, send
from tests.support import PASSWORD, ApiClient, LiveServer, Person, loopback_config

BURST = 100
RIGHT_AT = 60  # where the right password hides inside the burst
SAMPLES = 200  # messages timed for the latency under a socket flood


async def _burst(api: ApiClient, path: str, bodies: list[dict[str, Any]],
                 headers: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Send every body at once; (status, error code or "") for each, in the order sent."""

    async def one(body: dict[str, Any]) -> tuple[int, str]:
        status, reply = await api.post(path, body, headers=headers)
        return status, "" if reply["ok"] else reply["error"]["code"]

    return list(await asyncio.gather(*(one(b) for b in bodies)))


async def test_a_burst_of_sign_ins_gets_at_most_five_password_checks(cast: Cast) -> None:
    """A guesser fires 100 sign-ins for Tom at once, the right password among them: five are
    checked, the rest refused before the slow hash, the right one too. Tara, on another
    account from the same address, still signs in."""
    server = cast.server
    guesser, tara = ApiClient(server.url), ApiClient(server.url)
    bodies = [{"username": "tom", "password": f"guess number {i}"} for i in range(BURST)]
    bodies[RIGHT_AT] = {"username": "tom", "password": PASSWORD}
    try:
        before = passwords.checks.value
        results = await _burst(guesser, "/api/sign-in", bodies)
        checked = passwords.checks.value - before
        print(f"sign-in burst: {BURST} requests, {checked} password checks")
        assert checked <= PAIR_LIMIT
        assert results.count((401, "bad_credentials")) == checked
        assert results.count((429, "too_many_attempts")) == BURST - checked
        assert results[RIGHT_AT] == (429, "too_many_attempts"), "the right password is refused"
        status, reply = await tara.post("/api/sign-in", {"username": "tara",
                                                         "password": PASSWORD})
        assert status == 200, reply
        server.clock.advance(15 * 60 + 1)
        status, reply = await guesser.post("/api/sign-in", {"username": "tom",
                                                            "password": PASSWORD})
        assert status == 200, reply
    finally:
        await guesser.close()
        await tara.close()


async def test_a_burst_of_wrong_current_passwords_gets_at_most_five_checks(cast: Cast) -> None:
    """Someone at Tom's signed-in browser fires 100 password changes with guessed current
    passwords: five are checked, and the right current password inside the burst changes
    nothing. Tara, from the same address, still signs in."""
    tom = cast.trainee.api
    status, _ = await tom.post("/api/sign-in", {"username": "tom", "password": PASSWORD})
    assert status == 200
    new = "a brand new password"
    bodies = [{"current_password": f"guess number {i}", "new_password": new}
              for i in range(BURST)]
    bodies[RIGHT_AT] = {"current_password": PASSWORD, "new_password": new}
    tara = ApiClient(cast.server.url)
    try:
        before = passwords.checks.value
        results = await _burst(tom, "/api/me/password", bodies)
        checked = passwords.checks.value - before
        print(f"password-change burst: {BURST} requests, {checked} password checks")
        assert checked <= PAIR_LIMIT
        assert results.count((403, "wrong_password")) == checked
        assert results.count((429, "too_many_attempts")) == BURST - checked
        assert results[RIGHT_AT] == (429, "too_many_attempts")
        status, _ = await tom.get("/api/me")
        assert status == 200, "nothing changed: the sign-in still works"
        status, reply = await tara.post("/api/sign-in", {"username": "tara",
                                                         "password": PASSWORD})
        assert status == 200, reply
    finally:
        await tara.close()


async def _nat_server(tmp_path: Path) -> LiveServer:
    """A server behind our own proxy, so each request can say which address it came from."""
    config = loopback_config(tmp_path / "data").with_(trusted_proxy="127.0.0.0/8")
    return await LiveServer(config, FakeClock(time.time())).start()


async def _member(server: LiveServer, username: str) -> None:
    from server.actions import accounts

    link = await accounts.create_invitation(server.svc, OPERATOR, kind="admin")
    await accounts.accept_invitation(server.svc, accounts.token_from_link(link),
                                     current_user=None, username=username,
                                     display_name=username.title(), password=PASSWORD)


async def test_a_guessing_burst_behind_a_shared_nat_leaves_colleagues_signing_in(
        tmp_path: Path) -> None:
    """A practice shares one address. Someone there hammers Tom's account and tries a few
    dozen other names; the colleagues behind the same address still sign in, and Tom, from
    home, is not locked out by guesses made at the practice."""
    server = await _nat_server(tmp_path)
    practice = {"X-Forwarded-For": "198.51.100.7"}
    api = ApiClient(server.url)
    try:
        for name in ("tom", "tara", "fiona"):
            await _member(server, name)
        bodies = [{"username": "tom", "password": f"guess number {i}"} for i in range(BURST)]
        bodies += [{"username": f"someone{i}", "password": "a guessed password"}
                   for i in range(ADDRESS_LIMIT // 2)]
        results = await _burst(api, "/api/sign-in", bodies, practice)
        assert results.count((401, "bad_credentials")) == PAIR_LIMIT + ADDRESS_LIMIT // 2
        for name in ("tara", "fiona"):
            status, reply = await api.post("/api/sign-in", {"username": name,
                                                            "password": PASSWORD}, headers=practice)
            assert status == 200, (name, reply)
        status, reply = await api.post("/api/sign-in", {"username": "tom", "password": PASSWORD},
                                       headers=practice)
        assert reply["error"]["code"] == "too_many_attempts", "Tom's account, from the practice"
        status, reply = await api.post("/api/sign-in", {"username": "tom", "password": PASSWORD},
                                       headers={"X-Forwarded-For": "203.0.113.9"})
        assert status == 200, "Tom from home"
    finally:
        await api.close()
        await server.stop()


async def test_an_account_guessed_from_many_addresses_is_locked_everywhere(
        tmp_path: Path) -> None:
    """Guesses spread over many addresses still meet a limit per account: ACCOUNT_LIMIT checks
    in all, then even the right password from a new address waits."""
    server = await _nat_server(tmp_path)
    api = ApiClient(server.url)
    try:
        await _member(server, "tom")
        before = passwords.checks.value
        bodies = [{"username": "tom", "password": f"guess number {i}"} for i in range(BURST)]
        results = await asyncio.gather(*(
            api.post("/api/sign-in", body, headers={"X-Forwarded-For": f"203.0.113.{i}"})
            for i, body in enumerate(bodies)))
        assert passwords.checks.value - before == ACCOUNT_LIMIT
        assert sum(status == 401 for status, _ in results) == ACCOUNT_LIMIT
        status, reply = await api.post("/api/sign-in", {"username": "tom", "password": PASSWORD},
                                       headers={"X-Forwarded-For": "192.0.2.44"})
        assert status == 429 and reply["error"]["code"] == "too_many_attempts"
    finally:
        await api.close()
        await server.stop()


async def test_spraying_many_names_from_one_address_meets_the_address_ceiling(
        tmp_path: Path) -> None:
    server = await _nat_server(tmp_path)
    api = ApiClient(server.url)
    sprayer = {"X-Forwarded-For": "198.51.100.66"}
    try:
        await _member(server, "tara")
        bodies = [{"username": f"someone{i}", "password": "a guessed password"}
                  for i in range(ADDRESS_LIMIT + 20)]
        results = await _burst(api, "/api/sign-in", bodies, sprayer)
        assert results.count((401, "bad_credentials")) == ADDRESS_LIMIT
        status, _ = await api.post("/api/sign-in", {"username": "tara", "password": PASSWORD},
                                   headers=sprayer)
        assert status == 429, "past the ceiling the whole address waits"
        status, _ = await api.post("/api/sign-in", {"username": "tara", "password": PASSWORD},
                                       headers={"X-Forwarded-For": "198.51.100.8"})
        assert status == 200, "another address is not affected"
    finally:
        await api.close()
        await server.stop()


async def test_history_reads_are_throttled_per_person(cast: Cast) -> None:
    """500 history reads at once from Tom: a few are served, the rest refused with
    rate_limited, while Tara's read at the same moment is served; Tom reads again later."""
    sid = cast.session_id
    tom, _ = await enter(cast.trainee, cast.server, sid)
    tara, _ = await enter(cast.trainee2, cast.server, sid)
    await send(tom, sid, "before the burst")
    ask = {"session_id": sid, "since_seq": 0}
    replies = await asyncio.gather(tara.call("history", ask),
                                   *(tom.call("history", ask) for _ in range(500)))
    assert replies[0]["ok"] and replies[0]["data"]["messages"], "Tara is served"
    tom_replies = replies[1:]
    served = sum(r["ok"] for r in tom_replies)
    refused = [r["error"]["code"] for r in tom_replies if not r["ok"]]
    print(f"history burst: 500 calls, {served} served, {len(refused)} refused")
    assert served <= 20 and set(refused) == {"rate_limited"}
    cast.server.clock.advance(10)
    again = await tom.ok("history", ask)
    assert [m["text"] for m in again["messages"]] == ["before the burst"]


async def test_a_flood_of_voice_signals_is_throttled_per_person(cast: Cast) -> None:
    """Tom's page floods Tara with 700 WebRTC signals at once: the first 600 reach her, the rest
    are refused with rate_limited, while Tara's own signal to Tom at the same moment goes
    through; ten seconds later Tom may signal again."""
    sid = cast.session_id
    tom, _ = await enter(cast.trainee, cast.server, sid)
    tara, _ = await enter(cast.trainee2, cast.server, sid)

    def state(to: str) -> dict[str, Any]:
        return {"session_id": sid, "to": to, "peer": "page-1", "kind": "state",
                "state": {"mic": True, "camera": False}}

    replies = await asyncio.gather(tara.call("media_signal", state(cast.trainee.user_id)),
                                   *(tom.call("media_signal", state(cast.trainee2.user_id))
                                     for _ in range(700)))
    assert replies[0]["ok"], "Tara's signal is not held up by Tom's flood"
    served = sum(r["ok"] for r in replies[1:])
    refused = {r["error"]["code"] for r in replies[1:] if not r["ok"]}
    assert served == 600 and refused == {"rate_limited"}
    cast.server.clock.advance(10)
    await tom.ok("media_signal", state(cast.trainee2.user_id))


# Tom's other machine: five at a time, open a socket with his cookie, for as long as it runs;
# prints each refusal's code (or "connected"). At a lower priority: another machine's CPU is
# not this server's, and on a busy test machine this process must not starve the server.
KEEP_TRYING = """
import asyncio, os, sys
import socketio

os.nice(10)

async def one(url, cookie):
    sio = socketio.AsyncClient(reconnection=False)
    codes = []
    sio.on("connect_error", lambda data: codes.append(data["data"]["code"]))
    try:
        await sio.connect(url, transports=["websocket"], wait_timeout=5,
                          headers={"Cookie": "balint_session=" + cookie})
    except socketio.exceptions.ConnectionError:
        pass
    if sio.connected:
        codes.append("connected")
        await sio.disconnect()
    print(codes[0] if codes else "no_answer", flush=True)

async def main(url, cookie):
    print("started", flush=True)
    while True:
        await asyncio.gather(*(one(url, cookie) for _ in range(5)))

asyncio.run(main(*sys.argv[1:]))
"""


async def _try_socket(person: Person, server: LiveServer) -> tuple[Client | None, Any]:
    """Open one more socket for `person`: the client, or None and the refusal's data (what
    the browser's client gets as err.data)."""
    client = Client(person, server)
    refusals: list[Any] = []
    client.sio.on("connect_error", refusals.append)
    try:
        await client.connect()
    except socketio.exceptions.ConnectionError:
        return None, refusals[0]["data"] if refusals else None
    person.sockets.append(client.sio)
    return client, None


@contextlib.asynccontextmanager
async def _flood(url: str, cookie: str) -> AsyncIterator[list[tuple[float, str]]]:
    """Tom's other machine, trying to open sockets for as long as the block runs; yields the
    (time, code) of each attempt's answer as they come, once the first few have come."""
    pest = await asyncio.create_subprocess_exec(sys.executable, "-c", KEEP_TRYING, url, cookie,
                                                stdout=asyncio.subprocess.PIPE)
    tries: list[tuple[float, str]] = []
    flooding = asyncio.Event()

    async def read() -> None:
        assert pest.stdout is not None
        while line := await pest.stdout.readline():
            tries.append((time.perf_counter(), line.decode().strip()))
            if len(tries) > 5:
                flooding.set()

    reader = asyncio.create_task(read())
    try:
        await asyncio.wait_for(flooding.wait(), 30)
        assert tries[0][1] == "started"
        yield tries
    finally:
        pest.terminate()
        await pest.wait()
        await reader


async def _time_messages(server: LiveServer, fiona: Client, tara: Client, sid: str,
                         tag: str) -> list[float]:
    """Seconds from Fiona sending each of SAMPLES messages to Tara receiving it, sorted."""
    arrived: dict[str, float] = {}
    tara.sio.on("message", lambda m: arrived.setdefault(m["id"], time.perf_counter()))
    latencies = []
    for i in range(SAMPLES):
        if i % 20 == 0:
            server.clock.advance(10)  # Fiona's own limit: 20 messages in 10 seconds
        client_id = f"fiona-{tag}-{i:03d}"
        sent = time.perf_counter()
        await fiona.ok("send", {"session_id": sid, "client_id": client_id,
                                "text": f"message {i}"})
        await tara.wait_for(lambda c=client_id: c in arrived)  # type: ignore[misc]
        latencies.append(arrived[client_id] - sent)
    return sorted(latencies)


async def test_one_person_cannot_hold_more_than_the_cap_of_sockets(cast: Cast) -> None:
    """Tom opens 200 sockets into the room, 20 at a time: ten are let in, the rest are
    refused with a message he can act on. Meanwhile Fiona's messages reach Tara quickly."""
    server, sid = cast.server, cast.session_id
    cap = server.config.max_sockets_per_user
    assert cap == 10
    fiona, _ = await enter(cast.facilitator, server, sid)
    tara, _ = await enter(cast.trainee2, server, sid)
    opened: list[Client] = []
    refusals: list[Any] = []
    for _ in range(10):
        for client, refusal in await asyncio.gather(*(_try_socket(cast.trainee, server)
                                                      for _ in range(20))):
            if client is None:
                refusals.append(refusal)
            else:
                opened.append(client)
    assert len(opened) == cap and len(refusals) == 200 - cap
    assert all(r["code"] == "too_many_connections" for r in refusals)
    assert "too many tabs" in refusals[0]["message"]
    for client in opened:
        await client.ok("accept_rules", {"session_id": sid})
        await client.ok("join", {"session_id": sid})

    # Fiona talks while Tom keeps trying to open more, from another process (as another
    # machine would: its clients' work must not slow this process's clients). Each message's
    # time to reach Tara is measured, in rounds of SAMPLES: the best of three rounds must have
    # p99 under 50 ms. A slowdown the server causes (1,000 sockets in the room: p99 ~430 ms)
    # shows in every round; a stall of this shared test machine, in one.
    async with _flood(server.url, cast.trainee.api.cookie()) as tries:
        rounds = []
        for attempt in range(3):
            began = time.perf_counter()
            latencies = await _time_messages(server, fiona, tara, sid, f"round{attempt}")
            during = sum(began <= at for at, _ in tries)
            rounds.append((latencies[SAMPLES // 2 - 1], latencies[SAMPLES * 99 // 100 - 1],
                           latencies[-1], during))
            if rounds[-1][1] < 0.050:
                break
    codes = [code for _, code in tries[1:]]
    assert set(codes) == {"too_many_connections"}, codes[:5]
    print(f"socket cap: {len(opened)} let in, {len(refusals)} refused; Fiona to Tara while "
          f"Tom kept trying: " + "; ".join(
              f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {top * 1000:.1f} ms, "
              f"{during} refused meanwhile" for p50, p99, top, during in rounds))
    assert rounds[-1][1] < 0.050 and rounds[-1][3] > 0
    # A socket closed makes room for one more.
    await opened[0].close()
    await asyncio.sleep(0.1)
    client, _ = await _try_socket(cast.trainee, server)
    assert client is not None


def test_the_socket_cap_is_a_setting() -> None:
    from server.config import Config, ConfigError

    assert Config.from_env({}).max_sockets_per_user == 10
    assert Config.from_env({"BALINT_MAX_SOCKETS_PER_USER": "3"}).max_sockets_per_user == 3
    for bad in ("0", "many", "1001"):
        try:
            Config.from_env({"BALINT_MAX_SOCKETS_PER_USER": bad})
        except ConfigError as err:
            assert "BALINT_MAX_SOCKETS_PER_USER" in str(err)
        else:
            raise AssertionError(f"{bad!r} was accepted")
