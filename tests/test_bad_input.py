"""What the fuzzer found (tests/fuzz/), each kept as a plain story: hostile input gets a
structured refusal, nothing reaches the log as an error, and a refused request writes nothing."""

from __future__ import annotations

import logging
import sqlite3

import aiohttp
import pytest

from server.realtime import packets
from tests.conftest import Cast
from tests.session_support import cid, code, connect, enter


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


async def test_lone_surrogates_are_refused_as_text_we_cannot_store(
        cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    """JSON may spell a lone surrogate ("\\ud800"); the store cannot keep one. It used to raise
    inside SQLite and answer `internal`."""
    tom, _ = await enter(cast.trainee, cast.server, cast.session_id)
    assert code(await tom.call("join", {"session_id": "\ud800"})) == "bad_text"
    assert code(await tom.call("send", {"session_id": cast.session_id, "client_id": cid(),
                                        "text": "fine \udc00"})) == "bad_text"
    status, reply = await cast.trainee.api.post("/api/sign-in", {"username": "\ud800",
                                                                 "password": "x" * 12})
    assert (status, reply["error"]["code"]) == (400, "bad_text")
    assert errors_logged(caplog) == []


async def test_numbers_beyond_what_json_clients_can_send_are_refused(
        cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    """2**64 used to reach SQLite, which cannot bind it, and answer `internal`."""
    tom, _ = await enter(cast.trainee, cast.server, cast.session_id)
    fiona, _ = await enter(cast.facilitator, cast.server, cast.session_id)
    for reply in (await tom.call("history", {"session_id": cast.session_id, "since_seq": 2**64}),
                  await tom.call("join", {"session_id": cast.session_id, "since_seq": 2**70}),
                  await fiona.call("redact", {"session_id": cast.session_id, "seq": -(2**63)})):
        assert code(reply) == "bad_payload"
    assert (await tom.call("history", {"session_id": cast.session_id,
                                       "since_seq": 2**53 - 1}))["ok"]
    assert errors_logged(caplog) == []


async def test_an_event_with_several_arguments_is_answered(
        cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    """Two arguments used to raise TypeError before the handler: no answer, a traceback."""
    tom = await connect(cast.trainee, cast.server)
    reply = await tom.sio.call("join", ({"session_id": cast.session_id}, 2), timeout=5)
    assert code(reply) == "bad_payload"
    assert code(await tom.sio.call("accept_rules", timeout=5)) == "bad_payload"  # none at all
    assert errors_logged(caplog) == []


async def test_a_client_cannot_fire_the_servers_own_connect_and_disconnect(
        cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    """An event called "disconnect" used to run the server's disconnect handler: the member
    vanished from everyone's presence list while still connected."""
    fiona, _ = await enter(cast.facilitator, cast.server, cast.session_id)
    tom, _ = await enter(cast.trainee, cast.server, cast.session_id)
    for event in ("disconnect", "connect", "connect_error"):
        assert code(await tom.call(event, {"HTTP_COOKIE": "x"})) == "bad_payload"
    await fiona.barrier()
    joined = await fiona.ok("join", {"session_id": cast.session_id})
    assert cast.trainee.user_id in {p["user_id"] for p in joined["presence"]}
    assert (await tom.call("history", {"session_id": cast.session_id, "since_seq": 0}))["ok"]
    assert errors_logged(caplog) == []


@pytest.mark.parametrize("raw", [
    '21["join",' + "[" * 5000 + "]" * 5000 + "]",  # deeper than Python's JSON parser goes
    '21["join",{"session_id":',  # cut short
    "21{}",  # an event that is not [name, ...]
    "21[]",
    "21[1]",
    '21["join",' + "9" * 150 + "]",  # engine.io refuses integers of over 100 digits
    "41[]",  # CONNECT_ERROR is for servers to send
    "91[]",  # no such packet type
    '50-["join",{}]',  # a binary event with no attachments would wait forever
])
def test_a_packet_nobody_can_read_becomes_a_refusal_with_its_ack_id(raw: str) -> None:
    packet = packets.ReadablePacket(encoded_packet=raw)
    assert packet.data == [packets.UNREADABLE]
    assert packet.packet_type == 2 and packet.attachment_count == 0
    if raw[1:2] == "1":
        assert packet.id == 1  # the sender hears back through its acknowledgement


async def test_unreadable_packets_leave_the_connection_working_and_the_log_clean(
        cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    """Each of these used to put a traceback in the log ("message async handler error")."""
    tom, _ = await enter(cast.trainee, cast.server, cast.session_id)
    for raw in ('42["join",' + "[" * 50000 + "]" * 50000 + "]", "42[]", "42{}", "4", "9x",
                '451-["join",{"_placeholder":true,"num":3}]', b"\x89garbage", b""):
        await tom.sio.eio.send(raw)
        if isinstance(raw, str) and raw.startswith("451-"):
            await tom.sio.eio.send(b"attachment")
    assert (await tom.call("history", {"session_id": cast.session_id, "since_seq": 0}))["ok"]
    assert code(await tom.call(packets.UNREADABLE, {})) == "bad_payload"
    assert errors_logged(caplog) == []


async def test_json_bodies_nested_too_deep_or_out_of_range_are_refused(
        cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    """`[[[[...` 30,000 deep used to raise RecursionError in the JSON parser: a 500."""
    async with aiohttp.ClientSession() as http:
        for body, expected in (("[" * 30000 + "]" * 30000, "bad_json"),
                               ('{"a":' * 25 + "1" + "}" * 25, "bad_payload"),
                               ('{"username": "tom", "password": ' + "9" * 30 + "}",
                                "bad_payload")):
            async with http.post(cast.server.url + "/api/sign-in", data=body) as resp:
                assert resp.status == 400
                assert (await resp.json())["error"]["code"] == expected
    assert errors_logged(caplog) == []


async def test_unknown_api_paths_and_methods_answer_in_json(cast: Cast) -> None:
    """They used to answer aiohttp's plain-text "404: Not Found", which API clients cannot
    read."""
    async with aiohttp.ClientSession() as http:
        async with http.get(cast.server.url + "/api/no-such-thing") as resp:
            assert resp.status == 404
            assert (await resp.json())["error"]["code"] == "not_found"
        async with http.delete(cast.server.url + "/api/me") as resp:
            assert resp.status == 405 and "GET" in resp.headers["Allow"]
            assert (await resp.json())["error"]["code"] == "method_not_allowed"
        async with http.get(cast.server.url + "/static/no-such-file.js") as resp:
            assert resp.status == 404  # files stay files
        # web/ holds package.json and its lock: which libraries, which versions, to nobody.
        for name in ("package.json", "package-lock.json"):
            async with http.get(cast.server.url + "/static/" + name) as resp:
                assert resp.status == 404
        async with http.get(cast.server.url + "/static/guard_names.json") as resp:
            assert resp.status == 200


async def test_a_term_ending_in_the_year_one_is_a_bad_term(cast: Cast) -> None:
    """Six months before 0001-01-01 does not exist: OverflowError used to answer 500."""
    for path in ("/api/me/attendance?to=0001-01-01",
                 f"/api/me/certificates/{cast.group_id}?to=0001-01-10",
                 f"/api/programmes/{cast.programme_id}/attendance?to=0001-02-01"):
        who = cast.lead if "programmes" in path else cast.trainee
        status, reply = await who.api.get(path)
        assert (status, reply["error"]["code"]) == (400, "bad_term"), path


async def test_a_message_id_used_in_the_other_channel_is_refused(cast: Cast) -> None:
    """A facilitator reusing a message id across channels used to get `internal` (the stored
    message is sealed under the other channel's key), and could never be shown it as if it
    were the new one."""
    fiona, _ = await enter(cast.facilitator, cast.server, cast.session_id)
    same = cid()
    await fiona.ok("send", {"session_id": cast.session_id, "client_id": same,
                            "text": "Only for facilitators", "channel": "facilitators"})
    reply = await fiona.call("send", {"session_id": cast.session_id, "client_id": same,
                                      "text": "For everyone", "channel": "group"})
    assert code(reply) == "bad_client_id"
    again = await fiona.ok("send", {"session_id": cast.session_id, "client_id": same,
                                    "text": "Only for facilitators", "channel": "facilitators"})
    assert again["channel"] == "facilitators"  # a true resend still answers the stored one


async def test_a_refused_attendance_request_leaves_nothing_behind(cast: Cast) -> None:
    """The programme's attendance row is made on first use; a refused request used to make
    it anyway."""
    admin = cast.admin
    status, _ = await admin.api.request("PUT", f"/api/programmes/{cast.programme_id}"
                                        "/attendance-settings", {"min_count": True})
    assert status == 400
    status, _ = await cast.lead.api.get(f"/api/programmes/{cast.programme_id}/attendance"
                                        "?from=2026-13-01")
    assert status == 400
    db = sqlite3.connect(f"file:{cast.server.config.db_path}?mode=ro", uri=True)
    try:
        assert db.execute("SELECT count(*) FROM programme_attendance").fetchone() == (0,)
    finally:
        db.close()
    status, _ = await cast.lead.api.get(f"/api/programmes/{cast.programme_id}/attendance")
    assert status == 200

