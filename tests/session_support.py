"""Helpers for session tests: more people signed up through real invitations, clients that
record every event they receive, and barriers that prove an event did NOT arrive."""

from __future__ import annotations

import uuid
from typing import Any

from server.actions import accounts
from server.permissions import OPERATOR
from tests.conftest import Cast, sign_up
from tests.support import LiveServer, Member, Person


def cid() -> str:
    """A fresh client id for a message."""
    return uuid.uuid4().hex


class Client(Member):
    """A socket.io connection that records every server event, not only message and presence."""

    def __init__(self, person: Person, server: LiveServer) -> None:
        super().__init__(person, server)
        self.sio.on("*", self._any)

    async def _any(self, event: str, data: Any = None) -> None:
        self.events.append((event, data))

    def last(self, name: str) -> Any:
        got = self.received(name)
        assert got, f"{self.person.display_name} received no {name!r} event"
        return got[-1]

    async def wait_for_event(self, name: str, predicate: Any = None, within: float = 5.0) -> Any:
        """The first `name` event matching `predicate` (any, if None), waiting for it."""

        def match() -> Any:
            return next((d for d in self.received(name) if predicate is None or predicate(d)),
                        None)

        await self.wait_for(lambda: match() is not None, within)
        return match()

    async def wait_for_flow(self, version: int, within: float = 5.0) -> dict[str, Any]:
        """The `flow` event of exactly this flow version."""
        found: dict[str, Any] = await self.wait_for_event(
            "flow", lambda d: d["version"] == version, within)
        return found

    async def barrier(self) -> None:
        """Return once everything the server queued for this socket before now has arrived.

        One socket's packets arrive in the order the server queued them, so the answer to a
        round trip started now comes after any event emitted before it.
        """
        reply = await self.call("history", {"session_id": "no-such-session", "since_seq": 0})
        assert reply["ok"] is False


async def connect(person: Person, server: LiveServer) -> Client:
    """Open one more socket for `person` (closed by the cast fixture at the end)."""
    client = Client(person, server)
    await client.connect()
    person.sockets.append(client.sio)
    return client


async def enter(person: Person, server: LiveServer, session_id: str,
                since: int = 0) -> tuple[Client, dict[str, Any]]:
    """Connect, accept the ground rules and join: the usual way into a room."""
    client = await connect(person, server)
    await client.ok("accept_rules", {"session_id": session_id})
    data = await client.ok("join", {"session_id": session_id, "since_seq": since})
    return client, data


async def add_person(cast: Cast, username: str, display_name: str, role: str = "member",
                     extra: list[Person] | None = None) -> Person:
    """Sign someone up to the cast's main group through a real invitation."""
    link = await accounts.create_invitation(cast.server.svc, OPERATOR, kind="group",
                                            group_id=cast.group_id, role=role)
    person = await sign_up(cast.server, link, username, display_name)
    if extra is not None:
        extra.append(person)
    return person


async def close_people(people: list[Person]) -> None:
    """Close the sockets and HTTP clients of people the cast fixture does not know about."""
    for person in people:
        for sio in person.sockets:
            if sio.connected:
                await sio.disconnect()
        await person.api.close()


async def send(client: Client, session_id: str, text: str, **kw: Any) -> dict[str, Any]:
    reply = await client.call("send", {"session_id": session_id, "client_id": cid(),
                                       "text": text, **kw})
    return reply


def code(reply: dict[str, Any]) -> str:
    """The error code of a refused reply (fails the test if the reply was a success)."""
    assert reply["ok"] is False, reply
    return str(reply["error"]["code"])
