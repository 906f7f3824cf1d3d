"""Fixtures: a real server on a loopback port and named users per role.

The cast: an administrator, a facilitator (Fiona), two trainees (Tom and Tara), a programme
lead (Lee) and an outsider (Olly, a member of another group). Each signs up through a real
invitation over HTTP, exactly as a person would.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.actions import accounts, groups
from server.clock import FakeClock
from server.payloads import GroupSettings
from server.permissions import OPERATOR
from tests.browser.conftest import ServerProcess, start_server
from tests.support import PASSWORD, ApiClient, LiveServer, Person, loopback_config


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """The real `balint serve` as a subprocess (browser tests, and the log scan)."""
    server = start_server(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    live = await LiveServer(loopback_config(tmp_path / "data"), FakeClock(time.time())).start()
    try:
        yield live
    finally:
        await live.stop()


async def sign_up(server: LiveServer, link: str, username: str, display_name: str) -> Person:
    api = ApiClient(server.url)
    status, reply = await api.post("/api/invitations/accept", {
        "token": accounts.token_from_link(link), "username": username,
        "display_name": display_name, "password": PASSWORD,
    })
    assert status == 200, reply
    return Person(username, display_name, api, reply["data"]["user_id"])


@dataclass
class Cast:
    server: LiveServer
    programme_id: str
    group_id: str
    other_group_id: str
    session_id: str
    admin: Person
    facilitator: Person
    trainee: Person
    trainee2: Person
    lead: Person
    outsider: Person

    def everyone(self) -> list[Person]:
        return [self.admin, self.facilitator, self.trainee, self.trainee2, self.lead, self.outsider]


@pytest.fixture
async def cast(server: LiveServer) -> AsyncIterator[Cast]:
    svc = server.svc
    programme = await groups.create_programme(svc, OPERATOR, "North Thames GP Training")
    group = await groups.create_group(svc, OPERATOR, programme, "Tuesday Balint group")
    other = await groups.create_group(svc, OPERATOR, programme, "Thursday Balint group")
    # Most tests are about what happens inside the room; the waiting room has its own tests.
    await groups.change_settings(svc, OPERATOR, group, GroupSettings(auto_admit=True))

    async def invite(kind: str, **kw: str) -> str:
        return await accounts.create_invitation(svc, OPERATOR, kind=kind, **kw)

    admin = await sign_up(server, await invite("admin"), "admin", "Ada Admin")
    fac = await sign_up(server, await invite("group", group_id=group, role="facilitator"),
                        "fiona", "Fiona")
    tom = await sign_up(server, await invite("group", group_id=group, role="member"), "tom", "Tom")
    tara = await sign_up(server, await invite("group", group_id=group, role="member"),
                         "tara", "Tara")
    lee = await sign_up(server, await invite("lead", programme_id=programme), "lee", "Lee")
    olly = await sign_up(server, await invite("group", group_id=other, role="member"),
                         "olly", "Olly")
    status, reply = await fac.api.post(f"/api/groups/{group}/sessions", {"title": "Week 3"})
    assert status == 201, reply
    the_cast = Cast(server, programme, group, other, reply["data"]["id"], admin, fac, tom, tara,
                    lee, olly)
    try:
        yield the_cast
    finally:
        for person in the_cast.everyone():
            for sio in person.sockets:
                if sio.connected:
                    await sio.disconnect()
            await person.api.close()
