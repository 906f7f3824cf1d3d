"""One way a session ends (issue 17, Broken #1): *End the session* from any phase, *Next phase*
past the closing round and the `BALINT_MAX_SESSION_HOURS` limit all leave the same world behind:
the store says ended, every participant hears `session_ended`, the room refuses everyone, the
chat is deleted, attendance stretches are closed, and the group's home pages are told."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from server import flow
from server.actions import ending, sweeper
from tests.conftest import Cast
from tests.support import LiveServer, Member


async def in_room(cast: Cast, who: str) -> Member:
    member = await getattr(cast, who).connect(cast.server)
    await member.ok("accept_rules", {"session_id": cast.session_id})
    await member.ok("join", {"session_id": cast.session_id})
    return member


async def act(fiona: Member, cast: Cast, action: str, **extra: Any) -> Any:
    return await fiona.call("flow", {"session_id": cast.session_id, "action": action, **extra})


async def walk_to(fiona: Member, cast: Cast, phase: str) -> None:
    """Start, take Tom's case and move on until `phase`."""
    steps: list[tuple[str, dict[str, Any]]] = [
        ("start", {}), ("advance", {}),
        ("choose_presenter", {"user_id": cast.trainee.user_id}),
        ("advance", {}), ("advance", {}), ("advance", {}), ("advance", {}), ("advance", {}),
    ]
    for action, extra in steps:
        reply = await act(fiona, cast, action, **extra)
        assert reply["ok"], reply
        if reply["data"]["phase"] == phase:
            return
    raise AssertionError(f"never reached {phase}")


async def say(member: Member, cast: Cast, text: str) -> None:
    await member.ok("send", {"session_id": cast.session_id, "client_id": uuid.uuid4().hex,
                             "text": text})


async def assert_ended_everywhere(cast: Cast, watchers: list[Member],
                                  homes: list[Member]) -> None:
    """What every path must leave behind, as the people and the store see it."""
    svc = cast.server.svc
    for member in watchers:
        await member.wait_for(lambda m=member: bool(m.received("session_ended")))
        assert m_session(member) == cast.session_id
    for home in homes:  # a socket in no room at all: the home page's
        await home.wait_for(lambda h=home: {"group_id": cast.group_id}
                            in h.received("sessions_changed"))
    row = await svc.db.fetch_one("SELECT state, ended_at, flow FROM sessions WHERE id = ?",
                                 (cast.session_id,))
    assert row is not None
    assert row["state"] == "ended" and row["ended_at"] is not None
    assert json.loads(row["flow"])["phase"] == "ended"
    assert await svc.db.fetch_value("SELECT COUNT(*) FROM messages WHERE session_id = ?",
                                    (cast.session_id,)) == 0, "chat must go when it ends"
    assert await svc.db.fetch_value(
        "SELECT COUNT(*) FROM attendance_intervals WHERE session_id = ? AND left_at IS NULL",
        (cast.session_id,)) == 0
    for person in (cast.trainee, cast.facilitator):
        late = await person.connect(cast.server)
        reply = await late.call("join", {"session_id": cast.session_id})
        assert reply["error"]["code"] == "session_not_open"
        status, me = await person.api.get("/api/me")
        sessions = next(g for g in me["data"]["groups"] if g["id"] == cast.group_id)["sessions"]
        assert [s["state"] for s in sessions if s["id"] == cast.session_id] == ["ended"]
    # And the register agrees.
    status, reply = await cast.facilitator.api.get(f"/api/groups/{cast.group_id}/register")
    assert status == 200, reply
    ours = [s for s in reply["data"]["sessions"] if s["id"] == cast.session_id]
    assert ours and ours[0]["ended_at"] is not None


def m_session(member: Member) -> str:
    return str(member.received("session_ended")[-1]["session_id"])


async def test_next_phase_past_the_closing_round_ends_the_session(cast: Cast) -> None:
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    home = await cast.trainee2.connect(cast.server)
    await walk_to(fiona, cast, "closing")
    await say(tom, cast, "Thanks everyone")
    reply = await act(fiona, cast, "advance")
    assert reply["ok"] and reply["data"]["phase"] == "ended", reply
    await assert_ended_everywhere(cast, [fiona, tom], [home])
    # The room is shut: nothing more can be written, and "End" has nothing left to end.
    again = await act(fiona, cast, "end")
    assert again["error"]["code"] in ("session_not_open", "not_in_room")


@pytest.mark.parametrize("phase", ["waiting", "check_in", "discussion", "closing"])
async def test_end_from_any_phase(cast: Cast, phase: str) -> None:
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    home = await cast.trainee2.connect(cast.server)
    if phase != "waiting":
        await walk_to(fiona, cast, phase)
    await say(fiona, cast, "Something said")
    reply = await act(fiona, cast, "end")
    assert reply["ok"] and reply["data"]["phase"] == "ended", reply
    await assert_ended_everywhere(cast, [fiona, tom], [home])


async def test_the_time_limit_ends_it_the_same_way(cast: Cast, server: LiveServer) -> None:
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    home = await cast.trainee2.connect(cast.server)
    await walk_to(fiona, cast, "discussion")
    await say(fiona, cast, "Left open")
    # Opened longer ago than the limit (moving the clock instead would end everyone's sign-in).
    opened = server.clock.now() - server.config.max_session_seconds - 60
    await server.svc.db.execute_write("UPDATE sessions SET opened_at = ? WHERE id = ?",
                                      (opened, cast.session_id))
    await server.svc.db.execute_write(
        "UPDATE attendance_intervals SET joined_at = ? WHERE session_id = ?",
        (opened + 60, cast.session_id))
    counts = await sweeper.sweep(server.svc)
    assert counts["sessions_ended"] == 1 and counts["chat_messages"] == 1
    await assert_ended_everywhere(cast, [fiona, tom], [home])
    assert "longest time allowed" in tom.received("session_ended")[-1]["message"]
    ended_at = await server.svc.db.fetch_value("SELECT ended_at FROM sessions WHERE id = ?",
                                               (cast.session_id,))
    assert ended_at == opened + server.config.max_session_seconds
    # Attendance ends at the limit, not at the sweep that noticed it.
    lefts = await server.svc.db.fetch_all(
        "SELECT left_at FROM attendance_intervals WHERE session_id = ?", (cast.session_id,))
    assert lefts and all(r["left_at"] == ended_at for r in lefts)
    assert (await sweeper.sweep(server.svc)).get("sessions_ended") is None  # once only


async def test_a_session_stuck_in_phase_ended_can_still_be_ended(cast: Cast) -> None:
    """Older code could leave the flow at "ended" with the session open: End finishes it."""
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    await walk_to(fiona, cast, "closing")
    svc = cast.server.svc
    live = await svc.rooms.live(svc, cast.session_id)
    stuck = flow.end(live.flow, svc.clock.now())
    await svc.db.execute_write("UPDATE sessions SET flow = ? WHERE id = ?",
                               (json.dumps(stuck.to_dict()), cast.session_id))
    live.flow = stuck
    reply = await act(fiona, cast, "end")
    assert reply["ok"], reply
    await assert_ended_everywhere(cast, [fiona, tom], [])


async def test_only_a_facilitator_ends_it(cast: Cast) -> None:
    tom = await in_room(cast, "trainee")
    assert (await act(tom, cast, "end"))["error"]["code"] == "facilitators_only"
    assert (await act(tom, cast, "advance"))["error"]["code"] == "facilitators_only"
    assert await cast.server.svc.db.fetch_value(
        "SELECT state FROM sessions WHERE id = ?", (cast.session_id,)) == "open"


async def test_ending_twice_ends_once(cast: Cast) -> None:
    svc = cast.server.svc
    first = await ending.end(svc, cast.session_id, "facilitator")
    second = await ending.end(svc, cast.session_id, "max_session_length")
    assert first is not None and second is None
    rows = await svc.db.fetch_all("SELECT rule FROM audit_log WHERE event = 'session_ended'")
    assert [r["rule"] for r in rows] == ["facilitator"]
