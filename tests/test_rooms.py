"""Rooms: who may join, presence, and chat that loses nothing and repeats nothing."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from typing import Any

import pytest

from tests.conftest import Cast
from tests.support import LiveServer, Member


def cid() -> str:
    return uuid.uuid4().hex


async def joined(cast: Cast, person_name: str, since: int = 0) -> tuple[Member, dict]:
    person = getattr(cast, person_name)
    member = await person.connect(cast.server)
    await member.ok("accept_rules", {"session_id": cast.session_id})
    data = await member.ok("join", {"session_id": cast.session_id, "since_seq": since})
    return member, data


async def test_members_join_and_see_each_other(cast: Cast) -> None:
    """Presence updates as people come and go."""
    fiona, first = await joined(cast, "facilitator")
    assert first["role"] == "facilitator"
    assert [p["display_name"] for p in first["presence"]] == ["Fiona"]
    tom, data = await joined(cast, "trainee")
    assert data["role"] == "member" and data["session"]["title"] == "Week 3"
    assert [p["display_name"] for p in data["presence"]] == ["Fiona", "Tom"]
    await fiona.wait_for(lambda: any(len(p["members"]) == 2 for p in fiona.received("presence")))
    await tom.close()
    await fiona.wait_for(
        lambda: [m["display_name"] for m in fiona.received("presence")[-1]["members"]] == ["Fiona"]
    )


async def test_the_join_acknowledgement_carries_the_message_limit(cast: Cast) -> None:
    """The composer counts against the server's own limit: one over it is refused as too long."""
    from server.validate import MAX_MESSAGE_CHARS

    tom, data = await joined(cast, "trainee")
    limit = data["limits"]["message_chars"]
    assert limit == MAX_MESSAGE_CHARS
    reply = await tom.call("send", {"session_id": cast.session_id, "client_id": cid(),
                                    "text": "x" * (limit + 1)})
    assert reply["ok"] is False and reply["error"]["code"] == "too_long"
    await tom.ok("send", {"session_id": cast.session_id, "client_id": cid(), "text": "x" * limit})
    # The pause request's note has its own limit, sent the same way.
    words = data["limits"]["pause_note_chars"]
    reply = await tom.call("pause_signal", {"session_id": cast.session_id,
                                            "note": "x" * (words + 1)})
    assert reply["ok"] is False and reply["error"]["code"] == "too_long"
    await tom.ok("pause_signal", {"session_id": cast.session_id, "note": "x" * words})


@pytest.mark.parametrize(("who", "code"), [
    ("outsider", "not_a_member"),
    ("lead", "lead_not_in_rooms"),
    ("admin", "not_a_member"),
])
async def test_people_outside_the_group_are_refused(cast: Cast, who: str, code: str) -> None:
    member = await getattr(cast, who).connect(cast.server)
    reply = await member.call("join", {"session_id": cast.session_id})
    assert reply["ok"] is False and reply["error"]["code"] == code
    assert reply["error"]["message"]
    reply = await member.call("send", {"session_id": cast.session_id, "client_id": cid(),
                                       "text": "let me in"})
    assert reply["error"]["code"] == code


async def test_unknown_and_ended_sessions_are_refused(cast: Cast) -> None:
    tom = await cast.trainee.connect(cast.server)
    reply = await tom.call("join", {"session_id": "nope"})
    assert reply["error"]["code"] == "session_unknown"
    await cast.server.svc.db.execute_write("UPDATE sessions SET state = 'ended' WHERE id = ?",
                                           (cast.session_id,))
    reply = await tom.call("join", {"session_id": cast.session_id})
    assert reply["error"]["code"] == "session_not_open"


async def test_messages_arrive_in_order_for_everyone(cast: Cast) -> None:
    fiona, _ = await joined(cast, "facilitator")
    tom, _ = await joined(cast, "trainee")
    tara, _ = await joined(cast, "trainee2")
    senders = [fiona, tom, tara]
    for i in range(30):
        await senders[i % 3].ok("send", {"session_id": cast.session_id, "client_id": cid(),
                                         "text": f"message {i}"})
    for member in senders:
        await member.wait_for(lambda m=member: len(m.received("message")) == 30)
        got = member.received("message")
        assert [m["seq"] for m in got] == list(range(1, 31))
        assert [m["text"] for m in got] == [f"message {i}" for i in range(30)]
    assert got[1]["author_name"] == "Tom"


async def test_long_message_is_refused_and_4000_is_fine(cast: Cast) -> None:
    tom, _ = await joined(cast, "trainee")
    reply = await tom.call("send", {"session_id": cast.session_id, "client_id": cid(),
                                    "text": "x" * 4001})
    assert reply["ok"] is False and reply["error"]["code"] == "too_long"
    assert "4,001" in reply["error"]["message"] and "4,000" in reply["error"]["message"]
    data = await tom.ok("send", {"session_id": cast.session_id, "client_id": cid(),
                                 "text": "y" * 4000})
    assert data["seq"] == 1 and len(data["text"]) == 4000


@pytest.mark.parametrize(("payload", "code"), [
    ({"client_id": "short", "text": "hi"}, "bad_client_id"),
    ({"client_id": "a" * 10, "text": "   "}, "empty_text"),
    ({"client_id": "a" * 10, "text": 42}, "bad_payload"),
    ({"client_id": "a" * 10}, "bad_payload"),
    ({"client_id": "a" * 10, "text": "bad \ud800 surrogate"}, "bad_text"),
])
async def test_bad_messages_get_structured_errors(cast: Cast, payload: dict, code: str) -> None:
    tom, _ = await joined(cast, "trainee")
    reply = await tom.call("send", {"session_id": cast.session_id, **payload})
    assert reply["ok"] is False and reply["error"]["code"] == code
    assert await cast.server.svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 0


async def test_resend_with_same_client_id_is_stored_once(cast: Cast) -> None:
    tom, _ = await joined(cast, "trainee")
    fiona, _ = await joined(cast, "facilitator")
    client_id = cid()
    first = await tom.ok("send", {"session_id": cast.session_id, "client_id": client_id,
                                  "text": "only once"})
    again = await tom.ok("send", {"session_id": cast.session_id, "client_id": client_id,
                                  "text": "only once"})
    assert first["seq"] == again["seq"] == 1
    count = await cast.server.svc.db.fetch_value("SELECT COUNT(*) FROM messages")
    assert count == 1
    await fiona.wait_for(lambda: len(fiona.received("message")) == 1)
    await tom.ok("send", {"session_id": cast.session_id, "client_id": cid(), "text": "next"})
    await fiona.wait_for(lambda: len(fiona.received("message")) == 2)
    assert [m["seq"] for m in fiona.received("message")] == [1, 2]


async def test_reconnect_after_missing_50_gets_exactly_those(cast: Cast) -> None:
    """A trainee whose connection drops misses 50 messages and gets exactly those, in order."""
    tom, _ = await joined(cast, "trainee")
    fiona, _ = await joined(cast, "facilitator")
    for i in range(5):
        await fiona.ok("send", {"session_id": cast.session_id, "client_id": cid(),
                                "text": f"before {i}"})
    await tom.wait_for(lambda: len(tom.received("message")) == 5)
    last_seen = tom.received("message")[-1]["seq"]
    await tom.close()
    for i in range(50):
        await fiona.ok("send", {"session_id": cast.session_id, "client_id": cid(),
                                "text": f"missed {i}"})
        cast.server.clock.advance(1)  # a conversation's pace, below the flood limit
    tom2, data = await joined(cast, "trainee", since=last_seen)
    assert [m["seq"] for m in data["messages"]] == list(range(6, 56))
    assert [m["text"] for m in data["messages"]] == [f"missed {i}" for i in range(50)]
    assert data["complete"] is True
    history = await tom2.ok("history", {"session_id": cast.session_id, "since_seq": 54})
    assert [m["seq"] for m in history["messages"]] == [55]


async def test_history_survives_a_server_restart(cast: Cast) -> None:
    tom, _ = await joined(cast, "trainee")
    for i in range(3):
        await tom.ok("send", {"session_id": cast.session_id, "client_id": cid(), "text": f"m{i}"})
    await tom.close()
    await cast.server.restart()
    tom2, data = await joined(cast, "trainee")
    assert [m["text"] for m in data["messages"]] == ["m0", "m1", "m2"]
    sent = await tom2.ok("send", {"session_id": cast.session_id, "client_id": cid(),
                                  "text": "after"})
    assert sent["seq"] == 4


async def test_messages_are_sealed_at_rest(cast: Cast, server: LiveServer) -> None:
    tom, _ = await joined(cast, "trainee")
    canary = f"canary-{uuid.uuid4().hex}"
    await tom.ok("send", {"session_id": cast.session_id, "client_id": cid(), "text": canary})
    await server.svc.db.checkpoint()
    raw = b"".join(p.read_bytes() for p in server.config.data_dir.iterdir() if p.is_file())
    assert canary.encode() not in raw
    body = await server.svc.db.fetch_value("SELECT body FROM messages")
    assert canary.encode() not in body


async def test_a_message_waits_for_another_process_holding_the_write_lock(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hot path stores a message on the event loop without waiting for locks; when another
    process (a `balint sweep`, another worker) is writing, the message waits for it off the
    loop and is stored once, with the next number, while the server keeps answering."""
    tom, _ = await joined(cast, "trainee")
    first = await tom.ok("send", {"session_id": cast.session_id, "client_id": cid(),
                                  "text": "before"})
    # Told when the message, refused on the event loop, takes the threaded path that waits.
    db = cast.server.svc.db
    threaded, write = asyncio.Event(), db.write

    def noting_write() -> Any:
        threaded.set()
        return write()

    monkeypatch.setattr(db, "write", noting_write)
    other = sqlite3.connect(cast.server.config.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        sending = asyncio.ensure_future(tom.ok(
            "send", {"session_id": cast.session_id, "client_id": cid(), "text": "during"}))
        await asyncio.wait_for(threaded.wait(), 5)
        assert not sending.done(), "the message cannot be stored while the other writer holds"
        # The loop is not blocked: another request is answered meanwhile.
        history = await tom.ok("history", {"session_id": cast.session_id, "since_seq": 0})
        assert [m["text"] for m in history["messages"]] == ["before"]
        assert not sending.done(), "still waiting after another request was answered"
    finally:
        other.execute("COMMIT")
        other.close()
    during = await sending
    assert during["seq"] == first["seq"] + 1
    after = await tom.ok("send", {"session_id": cast.session_id, "client_id": cid(),
                                  "text": "after"})
    assert after["seq"] == during["seq"] + 1
