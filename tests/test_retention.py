"""Retention: data is destroyed on time, completely and provably, also after downtime."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from aiohttp import web
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.actions import sweeper
from server.app import create_app
from server.crypto import at_rest
from tests.conftest import Cast
from tests.support import LiveServer, Member

HOUR, DAY = 3600, 86400


def raw_bytes(data_dir: Path) -> bytes:
    """Every byte of every file the server keeps: databases, WAL and shm files, anything."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())


async def in_room(cast: Cast, who: str) -> Member:
    member = await getattr(cast, who).connect(cast.server)
    await member.ok("accept_rules", {"session_id": cast.session_id})
    await member.ok("join", {"session_id": cast.session_id})
    return member


async def post(member: Member, cast: Cast, text: str, channel: str = "group") -> dict:
    return await member.ok("send", {"session_id": cast.session_id,
                                    "client_id": uuid.uuid4().hex, "text": text,
                                    "channel": channel})


async def set_policy(cast: Cast, **retention: int) -> dict:
    status, reply = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", {"retention": retention})
    assert status == 200, reply
    return reply["data"]


async def end(fiona: Member, cast: Cast) -> None:
    await fiona.ok("flow", {"session_id": cast.session_id, "action": "end"})


def sealed_bodies(db_file: Path) -> list[tuple[str, str, int, bytes]]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT session_id, channel, seq, body FROM messages").fetchall()


async def test_chat_is_gone_from_every_file_when_the_session_ends(cast: Cast) -> None:
    """By default the chat is readable during the session and gone from disk when it ends."""
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    canary = f"CANARY-{uuid.uuid4().hex}"
    await post(tom, cast, canary)
    await fiona.wait_for(lambda: any(m["text"] == canary for m in fiona.received("message")))
    history = await tom.ok("history", {"session_id": cast.session_id, "since_seq": 0})
    assert [m["text"] for m in history["messages"]] == [canary]
    svc = cast.server.svc
    await svc.db.checkpoint()
    body = await svc.db.fetch_value("SELECT body FROM messages")
    key = await svc.keystore.fetch_value("SELECT data_key FROM session_keys WHERE class='chat'")
    assert body in raw_bytes(cast.server.config.data_dir)

    await end(fiona, cast)
    await tom.wait_for(lambda: bool(tom.received("session_ended")))
    everything = raw_bytes(cast.server.config.data_dir)
    assert canary.encode() not in everything
    assert body not in everything, "the sealed message is still on disk"
    assert key not in everything, "the chat's data key is still on disk"
    assert await svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 0
    rejoin = await (await cast.trainee.connect(cast.server)).call(
        "join", {"session_id": cast.session_id})
    assert rejoin["error"]["code"] == "session_not_open"


async def test_deadline_passed_while_down_is_met_before_anyone_connects(cast: Cast) -> None:
    """A deadline that passes while the server is stopped is met at start-up, first."""
    await set_policy(cast, chat_hours=2)
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    canary = f"CANARY-{uuid.uuid4().hex}"
    await post(tom, cast, canary)
    await end(fiona, cast)
    svc = cast.server.svc
    assert await svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 1, "kept for 2 hours"
    await cast.server.stop()
    cast.server.clock.advance(2 * HOUR + 1)

    # Start the app without opening its port: what start-up did is all that has happened.
    app = create_app(cast.server.config, clock=cast.server.clock)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        data_dir = cast.server.config.data_dir
        assert canary.encode() not in raw_bytes(data_dir)
        with sqlite3.connect(cast.server.config.db_path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
            audit = conn.execute("SELECT event, rule FROM audit_log").fetchall()
        with sqlite3.connect(cast.server.config.keystore_path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM session_keys WHERE class='chat'"
                                ).fetchone()[0] == 0
        assert ("shredded", "chat:2") in audit
    finally:
        await runner.cleanup()


async def test_old_database_copy_cannot_be_read_after_the_sweep(cast: Cast,
                                                                tmp_path: Path) -> None:
    """Crypto-shredding: a backup of the database from before the sweep stays unreadable."""
    await set_policy(cast, chat_hours=1)
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    texts = [f"secret {i} {uuid.uuid4().hex}" for i in range(5)]
    for text in texts:
        await post(tom, cast, text)
    await end(fiona, cast)
    svc, config = cast.server.svc, cast.server.config
    await svc.db.checkpoint()
    await svc.keystore.checkpoint()
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(config.db_path, backup)  # an attacker's (or an old backup's) copy
    keystore_backup = tmp_path / "keys-backup.sqlite3"
    shutil.copy(config.keystore_path, keystore_backup)

    cast.server.clock.advance(HOUR + 1)
    counts = await sweeper.sweep(svc)
    assert counts["chat_messages"] == 5 and counts["chat_keys"] == 1

    old_rows = sealed_bodies(backup)
    assert len(old_rows) == 5
    with sqlite3.connect(config.keystore_path) as conn:
        keys_now = [row[0] for row in conn.execute("SELECT data_key FROM session_keys")]
    # Every key that still exists anywhere after the sweep, tried on every old ciphertext.
    recovered = 0
    for session_id, channel, seq, body in old_rows:
        for raw in keys_now:
            try:
                at_rest.unseal(AESGCM(raw), session_id, channel, seq, body)
                recovered += 1
            except InvalidTag:
                pass
    assert recovered == 0
    # The same attempt with the keystore as it was before the sweep succeeds: the test can fail.
    with sqlite3.connect(keystore_backup) as conn:
        old_key = conn.execute("SELECT data_key FROM session_keys WHERE class='chat'").fetchone()[0]
    opened = [at_rest.unseal(AESGCM(old_key), s, c, q, b) for s, c, q, b in old_rows]
    assert sorted(opened) == sorted(texts)
    assert old_key not in raw_bytes(config.data_dir)


async def test_facilitators_channel_outlives_chat_by_its_own_rule(cast: Cast) -> None:
    fiona = await in_room(cast, "facilitator")
    await in_room(cast, "trainee")
    await post(fiona, cast, "debrief note", channel="facilitators")
    await post(fiona, cast, "group message")
    await end(fiona, cast)
    svc = cast.server.svc
    channels = [r[0] for r in await svc.db.fetch_all("SELECT channel FROM messages")]
    assert channels == ["facilitators"], "group chat gone at the end, the channel kept"
    cast.server.clock.advance(7 * DAY - 60)
    # Only the cast's sign-ins (12 hours) have run out by now; no content is due.
    assert set(await sweeper.sweep(svc)) == {"sign_ins_ended"}
    cast.server.clock.advance(61)
    assert (await sweeper.sweep(svc))["facilitators_messages"] == 1
    assert await svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 0


@pytest.mark.parametrize(("policy", "words"), [
    ({"chat_hours": 0}, "This chat is deleted when the session ends."),
    ({"chat_hours": 1}, "This chat is deleted 1 hour after the session ends."),
    ({"chat_hours": 36}, "This chat is deleted 36 hours after the session ends."),
    ({"chat_hours": 720}, "This chat is deleted 30 days after the session ends."),
])
async def test_each_chat_option_is_kept_exactly_that_long(cast: Cast, policy: dict,
                                                          words: str) -> None:
    settings = await set_policy(cast, **policy)
    assert settings["retention_words"]["chat"] == words
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    joined = await tom.ok("join", {"session_id": cast.session_id})
    assert joined["retention"]["chat"] == words
    await post(tom, cast, "hello")
    await end(fiona, cast)
    svc = cast.server.svc
    hours = policy["chat_hours"]
    remaining = await svc.db.fetch_value("SELECT COUNT(*) FROM messages")
    assert remaining == (0 if hours == 0 else 1)
    if hours:
        cast.server.clock.advance(hours * HOUR - 1)
        await sweeper.sweep(svc)
        assert await svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 1
        cast.server.clock.advance(1)
        await sweeper.sweep(svc)
        assert await svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 0


@pytest.mark.parametrize(("policy", "code"), [
    ({"chat_hours": 721}, "bad_retention"),
    ({"chat_hours": -1}, "bad_retention"),
    ({"chat_hours": "2"}, "bad_retention"),
    ({"chat_hours": 1.5}, "bad_retention"),
    ({"chat_hours": True}, "bad_retention"),
    ({"facilitator_days": 31}, "bad_retention"),
    ({"note_days": 366}, "bad_retention"),
    ({"keep_forever": 1}, "bad_setting"),
    ({"note_days": 91}, "over_programme_limit"),  # the default programme limit is 90 days
])
async def test_out_of_range_policies_are_refused_clearly(cast: Cast, policy: dict,
                                                         code: str) -> None:
    status, reply = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", {"retention": policy})
    assert status == 400 and reply["error"]["code"] == code, reply
    assert reply["error"]["message"]
    status, settings = await cast.facilitator.api.get(f"/api/groups/{cast.group_id}/settings")
    assert settings["data"]["retention"] == {"chat_hours": 0, "facilitator_days": 7,
                                             "note_days": 30, "attendance_years": 3}


async def test_programme_lead_sets_limits_within_which_groups_choose(cast: Cast) -> None:
    path = f"/api/programmes/{cast.programme_id}/retention-limits"
    status, reply = await cast.lead.api.get(path)
    assert status == 200 and reply["data"]["max_chat_hours"] == 720
    for person, code in ((cast.facilitator, "programme_leads_only"),
                         (cast.trainee, "programme_leads_only"),
                         (cast.outsider, "programme_leads_only")):
        status, reply = await person.api.request("PUT", path, {"max_chat_hours": 1})
        assert status == 403 and reply["error"]["code"] == code
    for bad in ({"max_chat_hours": 721}, {"max_facilitator_days": 31}, {"max_note_days": -1},
                {"attendance_years": 0}, {"attendance_years": 11}, {"whatever": 1}):
        status, reply = await cast.lead.api.request("PUT", path, bad)
        assert status == 400 and reply["error"]["code"] in ("bad_retention", "bad_setting")
    await set_policy(cast, chat_hours=72, facilitator_days=14)
    status, reply = await cast.lead.api.request(
        "PUT", path, {"max_chat_hours": 48, "max_facilitator_days": 3, "attendance_years": 5})
    assert status == 200, reply
    # The lead's lower limit shortens the group's effective policy at once.
    _, settings = await cast.facilitator.api.get(f"/api/groups/{cast.group_id}/settings")
    assert settings["data"]["retention"] == {"chat_hours": 48, "facilitator_days": 3,
                                             "note_days": 30, "attendance_years": 5}
    status, reply = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", {"retention": {"chat_hours": 49}})
    assert status == 400 and reply["error"]["code"] == "over_programme_limit"
    assert "48 hours" in reply["error"]["message"]
    status, _ = await cast.admin.api.request("PUT", path, {"max_chat_hours": 24})
    assert status == 200


async def test_audit_log_records_each_sweep_without_content(cast: Cast) -> None:
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    canary = f"CANARY-{uuid.uuid4().hex}"
    await post(tom, cast, canary)
    await post(fiona, cast, canary, channel="facilitators")
    await end(fiona, cast)
    cast.server.clock.advance(8 * DAY)
    await sweeper.sweep(cast.server.svc)
    rows = await cast.server.svc.db.fetch_all("SELECT * FROM audit_log ORDER BY id")
    events = [(r["event"], r["rule"]) for r in rows]
    assert ("shredded", "chat:0") in events and ("shredded", "facilitators:7") in events
    assert ("sweep", "all") in events
    dump = repr([tuple(r) for r in rows])
    for secret in (canary, "Tom", "Fiona", "tom", "fiona", "Tuesday"):
        assert secret not in dump


async def test_a_session_nobody_ended_is_ended_and_swept(cast: Cast) -> None:
    tom = await in_room(cast, "trainee")
    await post(tom, cast, "left open")
    cast.server.clock.advance(cast.server.config.max_session_seconds + 1)
    counts = await sweeper.sweep(cast.server.svc)
    assert counts["sessions_ended"] == 1 and counts["chat_messages"] == 1
    state = await cast.server.svc.db.fetch_value("SELECT state FROM sessions WHERE id = ?",
                                                 (cast.session_id,))
    assert state == "ended"


async def test_balint_sweep_reports_counts(server: LiveServer, cast: Cast) -> None:
    # The session happens two hours before the real now that the command's clock reads.
    server.clock.set(time.time() - 2 * HOUR)
    await set_policy(cast, chat_hours=1)
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    await post(tom, cast, "one")
    await end(fiona, cast)
    await server.stop()
    env = {"BALINT_DATA_DIR": str(server.config.data_dir), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "server", "sweep"]
    first = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True,
                                    text=True, check=True, timeout=60)
    assert "chat_messages: 1" in first.stdout
    second = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True,
                                     text=True, check=True, timeout=60)
    assert second.stdout.strip() == "nothing was due"


async def test_notes_and_attendance_expire_by_their_own_rules(cast: Cast) -> None:
    """Case notes go 30 days after the session; attendance after the programme's 3 years."""
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    await post(tom, cast, "hello")
    svc = cast.server.svc
    now = cast.server.clock.now()
    # A stored envelope is opaque ciphertext to the server; a placeholder row stands in for it.
    await svc.db.execute_write(
        "INSERT INTO notes (id, session_id, group_id, author_id, audience, envelope,"
        " created_at) VALUES ('n1', ?, ?, ?, 'me', '{}', ?)",
        (cast.session_id, cast.group_id, cast.trainee.user_id, now))
    await end(fiona, cast)
    attendance = await svc.db.fetch_value(
        "SELECT COUNT(*) FROM attendance_intervals WHERE session_id = ?", (cast.session_id,))
    assert attendance > 0
    cast.server.clock.advance(30 * DAY - 1)
    await sweeper.sweep(svc)
    assert await svc.db.fetch_value("SELECT COUNT(*) FROM notes") == 1
    cast.server.clock.advance(1)
    assert (await sweeper.sweep(svc))["notes"] == 1
    assert await svc.db.fetch_value("SELECT COUNT(*) FROM notes") == 0
    cast.server.clock.advance(3 * 365 * DAY)
    assert (await sweeper.sweep(svc))["attendance_rows"] >= attendance
    assert await svc.db.fetch_value("SELECT COUNT(*) FROM attendance_intervals") == 0
