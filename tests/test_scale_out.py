"""Scale-out: two workers behind a real nginx, sharing one SQLite file and a real Redis.

Members are put on chosen workers by connecting to a worker's own port; others come through
nginx as a browser would. The last test kills a worker with SIGKILL while members post.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import socketio

from server.actions import accounts, groups
from server.cli import _with_services
from server.config import Config
from server.errors import AppError
from server.keys import Services
from server.payloads import GroupSettings
from server.permissions import OPERATOR
from server.realtime.socket_cap import SharedSockets
from server.throttle import PAIR_LIMIT, SharedCounters, Throttles
from tests import cluster_support
from tests.support import ApiClient, SocketClient

PER_MEMBER = 16
PASSWORD = "a long scale-out password"

pytestmark = pytest.mark.skipif(
    not (Path(cluster_support.REDIS).exists() and Path(cluster_support.NGINX).exists()),
    reason="needs Debian's redis-server and nginx (.ci/run installs them)",
)


@dataclass
class Seeded:
    group_id: str
    session_id: str
    cookies: dict[str, str]  # username -> sign-in cookie
    user_ids: dict[str, str]


async def _seed(data_dir: Path) -> Seeded:
    config = Config(data_dir=data_dir, scrypt_n=1024)

    async def job(svc: Services) -> Seeded:
        programme = await groups.create_programme(svc, OPERATOR, "Scale-out programme")
        group = await groups.create_group(svc, OPERATOR, programme, "Scale-out group")
        await groups.change_settings(svc, OPERATOR, group, GroupSettings(auto_admit=True))
        session = await groups.open_session(svc, OPERATOR, group, "Week 1")
        cookies, ids = {}, {}
        names = ["fiona", "tom", "tara", "pat", *[f"member{i}" for i in range(6)],
                 "guessed", "changer", "colleague", "roamer"]
        for name in names:
            role = "facilitator" if name == "fiona" else "member"
            link = await accounts.create_invitation(svc, OPERATOR, kind="group", group_id=group,
                                                    role=role)
            user = await accounts.accept_invitation(
                svc, accounts.token_from_link(link), current_user=None, username=name,
                display_name=name.title(), password=PASSWORD)
            cookies[name], _ = await accounts.start_session(svc, user)
            ids[name] = user.id
        return Seeded(group, session, cookies, ids)

    result: Seeded = await _with_services(config, job)
    return result


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[cluster_support.Deployment, Seeded]]:
    tmp = tmp_path_factory.mktemp("cluster")
    seeded = asyncio.run(_seed(tmp / "data"))
    d = cluster_support.start(tmp, tmp / "data", workers=2)
    try:
        yield d, seeded
    finally:
        d.stop()
        # Nothing unexpected in any worker's log: no tracebacks, no handler failures.
        logs = d.logs()
        assert "Traceback" not in logs or "SIGKILL" in logs, logs[-3000:]


async def _join(url: str, seeded: Seeded, name: str) -> SocketClient:
    client = SocketClient(url, lambda: seeded.cookies[name], timeout=15,
                          patience=10)
    await client.connect()
    reply = await client.call("join", {"session_id": seeded.session_id})
    if not reply["ok"] and reply["error"]["code"] == "ground_rules_required":
        await client.ok("accept_rules", {"session_id": seeded.session_id})
        reply = await client.call("join", {"session_id": seeded.session_id})
    assert reply["ok"], reply
    client.joined = reply["data"]  # type: ignore[attr-defined]
    return client


def _names(members: list[dict[str, Any]]) -> set[str]:
    return {m["display_name"] for m in members}


async def test_members_on_different_workers_share_messages_and_presence(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    d, seeded = deployment
    sid = seeded.session_id
    tom = await _join(d.worker_url(0), seeded, "tom")
    tara = await _join(d.worker_url(1), seeded, "tara")
    fiona = await _join(d.url, seeded, "fiona")  # through nginx, wherever it sends her
    try:
        # Presence: Tara (worker 1) sees Tom, who arrived on worker 0, and Fiona.
        assert {"Tom", "Tara", "Fiona"} <= _names(fiona.joined["presence"])  # type: ignore[attr-defined]
        await tom.wait_for(lambda: any({"Tara", "Fiona"} <= _names(p["members"])
                                    for p in tom.received("presence")))

        # Messages posted at the same time on both workers: one order, no gaps, no copies.
        async def post(client: SocketClient, who: str) -> list[int]:
            seqs = []
            for i in range(15):
                msg = await client.ok("send", {"session_id": sid, "client_id": f"{who}-msg-{i:03d}",
                                               "text": f"{who} says {i}"})
                seqs.append(msg["seq"])
            return seqs

        tom_seqs, tara_seqs = await asyncio.gather(post(tom, "tom"), post(tara, "tara"))
        stored = sorted(tom_seqs + tara_seqs)
        assert len(set(stored)) == 30
        assert stored == list(range(stored[0], stored[0] + 30))
        for client in (tom, tara, fiona):
            await client.wait_for(lambda c=client: len(c.received("message")) >= 30)
            seen = [m["seq"] for m in client.received("message")]
            # Two workers publish independently, so live arrival order may differ from store
            # order; the client puts messages in order by seq (web/room.js fills gaps).
            assert sorted(seen) == stored, "every member gets every message exactly once"
            texts = {m["id"]: m["text"] for m in client.received("message")}
            assert texts["tom-msg-003"] == "tom says 3" and texts["tara-msg-007"] == "tara says 7"

        # A resend of an acknowledged message on the OTHER worker is not stored twice.
        again = await tara.ok("send", {"session_id": sid, "client_id": "tara-msg-000",
                                       "text": "tara says 0"})
        assert again["seq"] == tara_seqs[0]

        # Leaving on worker 0 is seen on worker 1.
        await tom.ok("leave", {"session_id": sid})
        await tara.wait_for(lambda: any("Tom" not in _names(p["members"])
                                     for p in tara.received("presence")))
    finally:
        for c in (tom, tara, fiona):
            await c.close()


async def test_facilitator_actions_reach_members_on_another_worker(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    d, seeded = deployment
    sid = seeded.session_id
    fiona = await _join(d.worker_url(0), seeded, "fiona")
    tom = await _join(d.worker_url(1), seeded, "tom")
    tara = await _join(d.worker_url(1), seeded, "tara")
    try:
        # Phase changes on worker 0 reach worker 1's members.
        await fiona.ok("flow", {"session_id": sid, "action": "start"})
        await tom.wait_for(lambda: any(f["phase"] == "check_in" for f in tom.received("flow")))

        # A mute made on worker 0 is enforced by worker 1 at once.
        await fiona.ok("mute", {"session_id": sid, "user_id": seeded.user_ids["tom"],
                                "muted": True})
        await tom.wait_for(lambda: tom.received("muted"))
        refused = await tom.call("send", {"session_id": sid, "client_id": "tom-muted-1",
                                          "text": "can I speak?"})
        assert not refused["ok"] and refused["error"]["code"] == "muted"
        await fiona.ok("mute", {"session_id": sid, "user_id": seeded.user_ids["tom"],
                                "muted": False})
        await tom.wait_for(lambda: len(tom.received("muted")) >= 2)
        await tom.ok("send", {"session_id": sid, "client_id": "tom-unmuted", "text": "thanks"})

        # A hand raised on worker 1 is in worker 0's queue: the floor can be given.
        await tara.ok("hand", {"session_id": sid, "raised": True})
        await fiona.wait_for(lambda: any(h["hands"] for h in fiona.received("hands")))
        await fiona.ok("give_floor", {"session_id": sid, "user_id": seeded.user_ids["tara"]})
        await tara.wait_for(lambda: tara.received("floor"))

        # A pause signal from worker 1 reaches the facilitator on worker 0, nobody else.
        await tara.ok("pause_signal", {"session_id": sid})
        await fiona.wait_for(lambda: fiona.received("pause_signal"))
        assert not tom.received("pause_signal")

        # Removal on worker 0 takes Tom's socket on worker 1 out of the room.
        await fiona.ok("remove", {"session_id": sid, "user_id": seeded.user_ids["tom"]})
        await tom.wait_for(lambda: tom.received("removed"))
        before = len(tom.received("message"))
        await tara.ok("send", {"session_id": sid, "client_id": "tara-after-removal",
                               "text": "after"})
        await fiona.wait_for(lambda: any(m["id"] == "tara-after-removal"
                                      for m in fiona.received("message")))
        await asyncio.sleep(0.3)
        assert len(tom.received("message")) == before, "a removed member hears nothing more"
        again = SocketClient(d.worker_url(1), lambda: seeded.cookies["tom"], timeout=15,
                             patience=10)
        await again.connect()
        try:
            refused = await again.call("join", {"session_id": sid})
            assert refused["error"]["code"] == "removed"
        finally:
            await again.close()
    finally:
        for c in (fiona, tom, tara):
            await c.close()


async def test_a_password_change_on_one_worker_closes_sockets_on_another(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    d, seeded = deployment
    far = await _join(d.worker_url(1), seeded, "pat")
    api = ApiClient(d.worker_url(0))  # Pat on another device, signing in on worker 0
    try:
        status, _ = await api.post("/api/sign-in", {"username": "pat", "password": PASSWORD})
        assert status == 200
        status, reply = await api.post("/api/me/password", {
            "current_password": PASSWORD, "new_password": "another long password 2"})
        assert status == 200, reply
        await far.wait_for(lambda: not far.sio.connected)
    finally:
        await far.close()
        await api.close()


async def test_failed_sign_ins_count_across_workers(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    """A guesser spreading attempts over the workers meets the same limit as on one server:
    five failures in all, wherever they landed, and the sixth is refused on every worker."""
    d, _ = deployment
    apis = [ApiClient(d.worker_url(i)) for i in range(2)]
    guess = {"username": "somebody-guessed", "password": "not the password"}
    try:
        codes = []
        for attempt in range(5):
            status, reply = await apis[attempt % 2].post("/api/sign-in", guess)
            codes.append(reply["error"]["code"])
        assert codes == ["bad_credentials"] * 5
        for api in apis:
            status, reply = await api.post("/api/sign-in", guess)
            assert status == 429 and reply["error"]["code"] == "too_many_attempts"
            assert "please wait 15 minutes" in reply["error"]["message"]
    finally:
        for api in apis:
            await api.close()


async def test_shared_counters_keep_no_sign_in_name_and_expire(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    import redis.asyncio

    d, _ = deployment
    client = redis.asyncio.Redis(port=d.redis_port)
    try:
        counters = SharedCounters(client, seconds=60, limits={"test": 2})
        keys = {"test": "my secret password"}
        now = 1_000_000.0
        assert await counters.take(keys, "a", now) == 0
        assert await counters.take(keys, "b", now + 10.5) == 0
        assert await counters.take(keys, "c", now + 20) == 40, "full: nothing counted"
        assert await counters.take({"test": "someone else"}, "d", now + 20) == 0
        await counters.give_back(keys, "b", now + 10.5)
        assert await counters.take(keys, "e", now + 20) == 0, "a refund makes room"
        assert await counters.take(keys, "f", now + 61) == 0  # the first aged out
        keys_in_redis = [k.decode() if isinstance(k, bytes) else k
                         for k in await client.keys("balint:throttle:test:*")]
        assert len(keys_in_redis) == 2 and all("secret" not in k for k in keys_in_redis)
        assert 0 < await client.ttl(keys_in_redis[0]) <= 60
        await counters.clear("test", "my secret password")
        await counters.clear("test", "someone else")
        assert await client.keys("balint:throttle:test:*") == []
    finally:
        await client.aclose()


async def test_sign_in_is_refused_plainly_while_redis_is_out_of_reach(
        caplog: pytest.LogCaptureFixture) -> None:
    """Fails closed, with words a trainee can act on: unthrottled guessing while the shared
    counters are away is what an attacker would wait for."""
    import redis.asyncio

    client = redis.asyncio.Redis(port=cluster_support.free_ports(1), socket_connect_timeout=2)
    throttles = Throttles.shared(client)
    try:
        with pytest.raises(AppError) as caught:
            await throttles.reserve_check("fiona", "127.0.0.1", 1_000_000.0)
        assert caught.value.status == 503
        assert caught.value.code == "sign_in_unavailable"
        assert "try again in a minute" in caught.value.message
    finally:
        await client.aclose()
    assert "event=throttle_unavailable error=ConnectionError" in caplog.text
    assert "fiona" not in caplog.text


def _password_checks(d: cluster_support.Deployment) -> int:
    """Password checks the workers really ran: each logs one DEBUG line per check."""
    return d.logs().count("event=password_check")


async def _logged_checks(d: cluster_support.Deployment, before: int, answered: int) -> None:
    """Until the workers' log files show as many checks as were answered (or 5 s: the
    assertions after this then say what differs), rather than a fixed wait for the files."""
    for _ in range(250):
        if _password_checks(d) - before >= answered:
            return
        await asyncio.sleep(0.02)


async def _burst_across_workers(d: cluster_support.Deployment, path: str,
                                bodies: list[dict[str, Any]],
                                cookie: str = "") -> list[tuple[int, str]]:
    """Every body at once, alternately straight to worker 0 and worker 1, all from the same
    client address as nginx would report it."""
    headers = {"X-Forwarded-For": "198.51.100.7"}
    if cookie:
        headers["Cookie"] = f"balint_session={cookie}"
    apis = [ApiClient(d.worker_url(i)) for i in range(2)]
    try:
        if cookie:
            for api in apis:  # the CSRF token of this sign-in, as the page would have it
                status, _ = await api.request("GET", "/api/me", headers=headers)
                assert status == 200

        async def one(i: int, body: dict[str, Any]) -> tuple[int, str]:
            status, reply = await apis[i % 2].post(path, body, headers=headers)
            return status, "" if reply["ok"] else reply["error"]["code"]

        return list(await asyncio.gather(*(one(i, b) for i, b in enumerate(bodies))))
    finally:
        for api in apis:
            await api.close()


async def test_a_burst_of_sign_ins_across_workers_gets_at_most_five_checks(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    """100 wrong sign-ins for one account at once, half on each worker: five password checks
    in all; the right password just after the burst is refused unchecked; another account from
    the same address signs in. (The right password is not put inside the burst: which five
    requests reach the check first is up to the network, and a right guess among them may
    rightly succeed.)"""
    d, _ = deployment
    bodies = [{"username": "guessed", "password": f"guess number {i}"} for i in range(100)]
    before = _password_checks(d)
    results = await _burst_across_workers(d, "/api/sign-in", bodies)
    await _logged_checks(d, before, results.count((401, "bad_credentials")))
    checked = _password_checks(d) - before
    print(f"sign-in burst across 2 workers: 100 requests, {checked} password checks")
    assert checked <= PAIR_LIMIT
    assert results.count((401, "bad_credentials")) == checked
    assert results.count((429, "too_many_attempts")) == 100 - checked
    results = await _burst_across_workers(d, "/api/sign-in", [
        {"username": "guessed", "password": PASSWORD}])
    assert results == [(429, "too_many_attempts")]
    assert _password_checks(d) - before == checked
    results = await _burst_across_workers(d, "/api/sign-in", [
        {"username": "colleague", "password": PASSWORD}])
    assert results == [(200, "")], "a colleague at the same address signs in"


async def test_a_burst_of_password_changes_across_workers_gets_at_most_five_checks(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    d, seeded = deployment
    new = "a brand new password"
    bodies = [{"current_password": f"guess number {i}", "new_password": new}
              for i in range(100)]
    before = _password_checks(d)
    results = await _burst_across_workers(d, "/api/me/password", bodies,
                                          cookie=seeded.cookies["changer"])
    await _logged_checks(d, before, results.count((403, "wrong_password")))
    checked = _password_checks(d) - before
    print(f"password-change burst across 2 workers: 100 requests, {checked} password checks")
    assert checked <= PAIR_LIMIT
    assert results.count((403, "wrong_password")) == checked
    assert results.count((429, "too_many_attempts")) == 100 - checked
    results = await _burst_across_workers(d, "/api/me/password", [
        {"current_password": PASSWORD, "new_password": new}], cookie=seeded.cookies["changer"])
    assert results == [(429, "too_many_attempts")], "the right password just after is refused"
    assert _password_checks(d) - before == checked
    results = await _burst_across_workers(d, "/api/sign-in", [
        {"username": "colleague", "password": PASSWORD}])
    assert results == [(200, "")]


async def test_through_nginx_one_sign_in_meets_the_socket_cap(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    """The cap on sockets is counted per worker; nginx routes by the sign-in cookie, so every
    socket of one sign-in reaches the same worker and the cap holds behind the proxy."""
    d, seeded = deployment
    opened: list[SocketClient] = []
    codes: list[str] = []

    async def one() -> None:
        client = SocketClient(d.url, lambda: seeded.cookies["colleague"], timeout=15)
        client.sio.on("connect_error", lambda data: codes.append(data["data"]["code"]))
        try:
            await client.connect()
            opened.append(client)
        except socketio.exceptions.ConnectionError:
            pass

    try:
        await asyncio.gather(*(one() for _ in range(25)))
        assert len(opened) == 10, "BALINT_MAX_SOCKETS_PER_USER's default"
        assert codes == ["too_many_connections"] * 15
    finally:
        for client in opened:
            await client.close()


async def test_the_socket_cap_holds_across_workers(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    """Sockets of one person on two workers (as from two browsers, which nginx may route
    apart) count together: 6 on worker 0, then only 4 more on worker 1. Closing two on
    worker 0 makes room on worker 1."""
    d, seeded = deployment
    opened: dict[int, list[SocketClient]] = {0: [], 1: []}
    codes: list[str] = []

    async def one(worker: int) -> None:
        client = SocketClient(d.worker_url(worker), lambda: seeded.cookies["roamer"],
                              timeout=15)
        client.sio.on("connect_error", lambda data: codes.append(data["data"]["code"]))
        try:
            await client.connect()
            opened[worker].append(client)
        except socketio.exceptions.ConnectionError:
            pass

    try:
        await asyncio.gather(*(one(0) for _ in range(6)))
        await asyncio.gather(*(one(1) for _ in range(6)))
        assert (len(opened[0]), len(opened[1])) == (6, 4)
        assert codes == ["too_many_connections"] * 2
        for client in opened[0][:2]:
            await client.close()
        deadline = time.monotonic() + 5
        while len(opened[1]) < 6:  # each disconnect reaches Redis a moment after it
            assert time.monotonic() < deadline, "closed sockets were not released"
            await one(1)
        assert len(opened[1]) == 6
    finally:
        for client in opened[0] + opened[1]:
            await client.close()


async def test_sockets_of_a_dead_worker_stop_counting(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    """A worker killed (or restarted under the same name) leaves its sockets in Redis; they
    stop counting once its liveness key is gone."""
    import redis.asyncio

    d, _ = deployment
    client = redis.asyncio.Redis(port=d.redis_port)
    try:
        killed = SharedSockets(client, "w0")
        await killed.beat()
        for i in range(3):
            assert await killed.admit("someone", f"sid{i}", limit=3)
        restarted = SharedSockets(client, "w0")  # same worker name, a new start
        await restarted.beat()
        assert not await restarted.admit("someone", "new", limit=3), "w0's old start is alive"
        await client.delete("balint:sockets-alive:" + killed.incarnation)  # its key expired
        assert await restarted.admit("someone", "new", limit=3)
        assert await client.zcard("balint:sockets:someone") == 1
    finally:
        await client.delete("balint:sockets:someone")
        await client.aclose()


async def test_killing_a_worker_loses_nothing_acknowledged(
        deployment: tuple[cluster_support.Deployment, Seeded]) -> None:
    """Members post through nginx and straight to worker 0; worker 0 is SIGKILLed mid-stream.
    Members reconnect through nginx (to worker 1, or worker 0 once restarted), resend what was
    not acknowledged, and catch up by sequence number. Every acknowledged message is stored
    once and seen once, in order, by everyone."""
    d, seeded = deployment
    sid = seeded.session_id
    names = [f"member{i}" for i in range(6)]
    acked: dict[str, dict[str, int]] = {n: {} for n in names}  # name -> client_id -> seq
    seen: dict[str, dict[int, str]] = {n: {} for n in names}  # name -> seq -> client_id
    clients: dict[str, SocketClient] = {}
    reconnects: list[str] = []
    killed = asyncio.Event()

    async def connect(name: str, url: str) -> None:
        client = await _join(url, seeded, name)
        for m in client.joined["messages"]:  # type: ignore[attr-defined]
            seen[name][m["seq"]] = m["id"]
        client.sio.on("message", lambda m, n=name: seen[n].__setitem__(m["seq"], m["id"]))
        clients[name] = client

    async def member(name: str, start_url: str) -> None:
        await connect(name, start_url)
        outbox = [f"{name}-msg-{i:03d}" for i in range(PER_MEMBER)]
        while outbox:
            cid = outbox[0]
            try:
                reply = await clients[name].call("send", {"session_id": sid, "client_id": cid,
                                                          "text": f"note {cid}"})
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                    socketio.exceptions.DisconnectedError):
                # The worker died under us: reconnect through nginx and resend the same id.
                reconnects.append(name)
                await clients[name].close()
                for _ in range(100):
                    try:
                        await connect(name, d.url)
                        break
                    except (socketio.exceptions.ConnectionError,
                            socketio.exceptions.TimeoutError):
                        await asyncio.sleep(0.2)
                continue
            if not reply["ok"]:
                assert reply["error"]["code"] == "rate_limited", reply
                await asyncio.sleep(1.0)
                continue
            acked[name][cid] = reply["data"]["seq"]
            outbox.pop(0)
            await asyncio.sleep(0.45)  # under the 20-per-10-seconds limit

    async def killer() -> None:
        await asyncio.sleep(3.0)
        os.kill(d.worker_pid(0), signal.SIGKILL)
        killed.set()

    starts = [d.worker_url(0) if i % 2 == 0 else d.url for i in range(len(names))]
    await asyncio.wait_for(
        asyncio.gather(killer(), *(member(n, u) for n, u in zip(names, starts, strict=True))),
        timeout=120)
    assert killed.is_set()
    assert len(set(reconnects)) >= 3, "the members on the killed worker had to reconnect"
    try:
        # Let everyone catch up from the store (as a reconnecting client does), then compare.
        for name in names:
            reply = await clients[name].ok("history", {"session_id": sid, "since_seq": 0})
            for m in reply["messages"]:
                seen[name].setdefault(m["seq"], m["id"])
        truth = await clients[names[0]].ok("history", {"session_id": sid, "since_seq": 0})
        stored = [(m["seq"], m["id"]) for m in truth["messages"]]
        ids = [cid for _, cid in stored]
        assert len(ids) == len(set(ids)), "no message stored twice"
        all_acked = {cid: seq for per in acked.values() for cid, seq in per.items()}
        assert len(all_acked) == len(names) * PER_MEMBER
        by_id = dict((cid, seq) for seq, cid in stored)
        lost = [cid for cid in all_acked if cid not in by_id]
        assert not lost, f"acknowledged but lost: {len(lost)}"
        assert all(by_id[cid] == seq for cid, seq in all_acked.items())
        for name in names:
            mine = sorted(seen[name].items())
            assert [cid for _, cid in mine if cid in all_acked] == [
                cid for _, cid in stored if cid in all_acked], f"{name}'s transcript differs"
        # The supervisor restarted the killed worker; both answer again.
        deadline = time.monotonic() + 20
        while not all([await cluster_support.healthy(d.worker_url(i)) for i in range(2)]):
            assert time.monotonic() < deadline, "the killed worker was not restarted"
            await asyncio.sleep(0.2)
    finally:
        for c in clients.values():
            await c.close()
