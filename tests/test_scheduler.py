"""The scheduler (issue 23, acceptance 2): a scheduled session opens its waiting room by itself
at the set time, read from a fake clock, and reminders reach a real SMTP server (aiosmtpd,
started here on loopback): one per person who wants them, none with any content.

The app's own scheduler task runs here (every 50 ms); the test only moves the clock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from server.actions import ending, groups, reminders
from server.clock import FakeClock
from server.payloads import GroupSettings
from server.permissions import OPERATOR
from tests.conftest import Cast
from tests.session_support import add_person, close_people, enter
from tests.support import LiveServer, free_port, loopback_config
from tests.test_apologies import schedule_at


class Inbox:
    """aiosmtpd handler: keeps every message the relay accepts."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    relay = Controller(inbox, hostname="127.0.0.1", port=port)
    relay.start()
    try:
        yield inbox, port
    finally:
        relay.stop()


@pytest.fixture
async def server(tmp_path: Path, smtp: tuple[Inbox, int]) -> AsyncIterator[LiveServer]:
    """The cast's server, with a quick scheduler and reminders through the test's relay."""
    config = loopback_config(tmp_path / "data").with_(
        schedule_seconds=0.05, smtp_host="127.0.0.1", smtp_port=smtp[1],
        smtp_from="rooms@example.org", smtp_starttls=False)
    live = await LiveServer(config, FakeClock(time.time())).start()
    try:
        yield live
    finally:
        await live.stop()


async def eventually(check: Any, within: float = 5.0) -> Any:
    deadline = time.monotonic() + within
    while True:
        found = await check()
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


async def open_sessions(cast: Cast) -> list[Any]:
    return await cast.server.svc.db.fetch_all(
        "SELECT id, title FROM sessions WHERE group_id = ? AND state = 'open'", (cast.group_id,))


async def test_a_scheduled_session_opens_its_waiting_room_by_itself(cast: Cast) -> None:
    """Fiona sets "open 10 minutes before"; at 18:49 nothing is open, at 18:50 the room is,
    and Tom who comes in waits to be admitted."""
    svc = cast.server.svc
    await ending.end(svc, cast.session_id, "facilitator")
    await groups.change_settings(svc, OPERATOR, cast.group_id, GroupSettings(auto_admit=False))
    status, _ = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/schedule-settings", {"open_minutes": 10})
    assert status == 200
    (slot,) = await schedule_at(cast, [3])

    cast.server.clock.set(slot["starts_at"] - 11 * 60)
    await asyncio.sleep(0.3)  # several scheduler rounds
    assert await open_sessions(cast) == []
    cast.server.clock.set(slot["starts_at"] - 10 * 60)
    opened = await eventually(lambda: open_sessions(cast))
    assert [row["title"] for row in opened] == [slot["label"]]
    _, schedule = await cast.trainee.api.get(f"/api/groups/{cast.group_id}/schedule")
    assert schedule["data"]["sessions"][0]["state"] == "open"
    _, joined = await enter(cast.trainee, cast.server, opened[0]["id"])
    assert joined["status"] == "waiting"
    await asyncio.sleep(0.2)
    assert len(await open_sessions(cast)) == 1  # opened once, whatever the rounds


async def test_fiona_can_still_open_early_and_the_scheduler_adopts_it(cast: Cast) -> None:
    svc = cast.server.svc
    await ending.end(svc, cast.session_id, "facilitator")
    (slot,) = await schedule_at(cast, [3])
    status, reply = await cast.facilitator.api.post(f"/api/groups/{cast.group_id}/sessions",
                                                    {"title": "Early start"})
    assert status == 201
    cast.server.clock.set(slot["starts_at"] - 5 * 60)
    await eventually(lambda: svc.db.fetch_value(
        "SELECT session_id FROM scheduled_sessions WHERE id = ?", (slot["id"],)))
    assert [row["id"] for row in await open_sessions(cast)] == [reply["data"]["id"]]
    linked = await svc.db.fetch_value(
        "SELECT session_id FROM scheduled_sessions WHERE id = ?", (slot["id"],))
    assert linked == reply["data"]["id"]


async def test_reminders_reach_a_real_smtp_server_once_each_with_a_link_only(
        cast: Cast, smtp: tuple[Inbox, int]) -> None:
    """Tom and Tara want reminders, Theo turned them off, Fiona gave no address: the day
    before, two emails; an hour before, two more; nothing names the group or anyone."""
    inbox, _ = smtp
    svc = cast.server.svc
    await ending.end(svc, cast.session_id, "facilitator")
    theo = await add_person(cast, "theo", "Theo")
    try:
        _, before = await cast.trainee.api.get("/api/me/reminders")
        assert before["data"] == {"available": True, "email": "", "enabled": False}
        for person, email, enabled in ((cast.trainee, "tom@example.org", True),
                                       (cast.trainee2, "tara@example.org", True),
                                       (theo, "theo@example.org", False)):
            status, reply = await person.api.request("PUT", "/api/me/reminders",
                                                     {"email": email, "enabled": enabled})
            assert status == 200 and reply["data"]["enabled"] is enabled
        (slot,) = await schedule_at(cast, [30])
        cast.server.clock.set(slot["starts_at"] - 23 * 3600)
        await eventually(lambda: _count(inbox, 2))
        await asyncio.sleep(0.3)  # more rounds: nobody gets it twice
        assert sorted(to for tos, _ in inbox.received for to in tos) == [
            "tara@example.org", "tom@example.org"]
        cast.server.clock.set(slot["starts_at"] - 30 * 60)
        await eventually(lambda: _count(inbox, 4))
        await asyncio.sleep(0.3)
        assert len(inbox.received) == 4
        subjects = []
        for _, raw in inbox.received:
            mail = message_from_bytes(raw)
            subjects.append(mail["Subject"])
            text = raw.decode()
            for secret in ("Tuesday Balint group", "Tom", "Tara", "Theo", "Fiona",
                           "North Thames", slot["label"]):
                assert secret not in text, secret
            body = mail.get_payload(decode=True)
            assert isinstance(body, bytes)
            assert cast.server.url + "/" in body.decode()
        assert sorted(subjects) == ["Reminder: a Balint session in an hour"] * 2 + [
            "Reminder: a Balint session tomorrow"] * 2
    finally:
        await close_people([theo])


async def _count(inbox: Inbox, n: int) -> bool:
    return len(inbox.received) >= n


async def test_without_smtp_reminders_say_they_are_off(tmp_path: Path) -> None:
    live = await LiveServer(loopback_config(tmp_path / "plain"), FakeClock(time.time())).start()
    try:
        assert reminders.available(live.svc.config) is False
        assert await reminders.send_due(live.svc) == 0
    finally:
        await live.stop()
