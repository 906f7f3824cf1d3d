"""A Balint session end to end, through real socket.io clients on the real server.

The waiting room and ground rules, both cases of a long meeting, the presenter stepping back,
timers on the server's clock, the facilitators' controls, and a restart mid-discussion.
Time moves only when a test calls `server.clock.advance`: nothing here sleeps.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from server.actions import ending
from server.actions.moderation import PAUSE_ACK
from server.group_settings import DEFAULT_GROUND_RULES
from tests.conftest import Cast
from tests.session_support import (
    Client,
    add_person,
    cid,
    close_people,
    code,
    connect,
    enter,
    send,
)
from tests.support import LiveServer, Person

MIN = 60.0


@pytest.fixture
async def extra() -> AsyncIterator[list[Person]]:
    """People signed up during a test, closed at its end."""
    people: list[Person] = []
    try:
        yield people
    finally:
        await close_people(people)


async def flow(client: Client, session_id: str, action: str, **kw: Any) -> dict[str, Any]:
    view: dict[str, Any] = await client.ok("flow", {"session_id": session_id, "action": action,
                                                    **kw})
    return view


async def everyone_sees(clients: list[Client], view: dict[str, Any]) -> list[dict[str, Any]]:
    """Wait until every client has the `flow` event of this version; they must all agree."""
    seen = [await c.wait_for_flow(view["version"]) for c in clients]
    for event in seen:
        assert {k: event[k] for k in view} == view
    return seen


async def open_session(cast: Cast, title: str) -> str:
    """The cast's "Week 3" ends first: a group has one open session at a time."""
    await ending.end(cast.server.svc, cast.session_id, "facilitator")
    status, reply = await cast.facilitator.api.post(f"/api/groups/{cast.group_id}/sessions",
                                                    {"title": title})
    assert status == 201, reply
    return str(reply["data"]["id"])


async def put_settings(cast: Cast, changes: dict[str, Any]) -> dict[str, Any]:
    status, reply = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", changes)
    assert status == 200, reply
    return dict(reply["data"])


def texts(client: Client) -> list[str]:
    return [m["text"] for m in client.received("message")]


# --- the whole meeting -------------------------------------------------------------------


async def test_a_two_case_session_from_waiting_room_to_goodbye(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """Two facilitators run a two-case meeting for five trainees, from the door to the end."""
    assert (await put_settings(cast, {"auto_admit": False}))["auto_admit"] is False
    sid = await open_session(cast, "Week 5: two cases")
    farid_p = await add_person(cast, "farid", "Farid", role="facilitator", extra=extra)
    trainees = [cast.trainee, cast.trainee2]
    for username, name in (("theo", "Theo"), ("uma", "Uma"), ("vic", "Vic")):
        trainees.append(await add_person(cast, username, name, extra=extra))
    wes_p = await add_person(cast, "wes", "Wes", extra=extra)

    # Facilitators walk straight in.
    fiona = await connect(cast.facilitator, server)
    joined = await fiona.ok("join", {"session_id": sid})
    assert joined["status"] == "admitted" and joined["facilitator"]["waiting"] == []
    assert joined["flow"]["phase"] == "waiting"
    farid = await connect(farid_p, server)
    assert (await farid.ok("join", {"session_id": sid}))["role"] == "facilitator"

    # Trainees read and accept the ground rules, then wait to be let in.
    waiting: dict[str, Client] = {}
    for person in [*trainees, wes_p]:
        client = await connect(person, server)
        first = await client.call("join", {"session_id": sid})
        assert code(first) == "ground_rules_required"
        assert first["error"]["details"]["rules"] == DEFAULT_GROUND_RULES
        assert first["error"]["details"]["group_name"] == "Tuesday Balint group"
        await client.ok("accept_rules", {"session_id": sid})
        data = await client.ok("join", {"session_id": sid})
        assert data["status"] == "waiting" and data["flow"]["phase"] == "waiting"
        assert "messages" not in data and "presence" not in data
        waiting[person.username] = client
    everyone_waiting = [p.display_name for p in [*trainees, wes_p]]
    for fac in (fiona, farid):
        await fac.wait_for(lambda f=fac: [p["display_name"] for p in f.last("waiting")["people"]]
                           == everyone_waiting)

    # Wes is turned away, and stays away.
    await fiona.ok("admit", {"session_id": sid, "user_id": wes_p.user_id, "admit": False})
    told = await waiting["wes"].wait_for_event("turned_away")
    refused = await waiting["wes"].call("join", {"session_id": sid})
    assert code(refused) == "turned_away"
    # The room shows the event's words: the server's own, the same as a refused join's.
    assert told["message"] == refused["error"]["message"]
    again = await connect(wes_p, server)
    assert code(await again.call("join", {"session_id": sid})) == "turned_away"
    assert code(await fiona.call("admit", {"session_id": sid, "user_id": wes_p.user_id})) \
        == "not_waiting"

    # The others are admitted and come in.
    members: list[Client] = []
    for person in trainees:
        client = waiting[person.username]
        await fiona.ok("admit", {"session_id": sid, "user_id": person.user_id})
        await client.wait_for_event("admitted")
        data = await client.ok("join", {"session_id": sid})
        assert data["status"] == "admitted" and data["role"] == "member"
        members.append(client)
    await fiona.wait_for(lambda: fiona.last("waiting")["people"] == [])
    tom, tara, theo, uma, vic = members
    everyone = [fiona, farid, *members]
    await fiona.wait_for(lambda: len(fiona.last("presence")["members"]) == 7)
    await barrier(waiting["wes"])
    assert not waiting["wes"].received("presence") and not waiting["wes"].received("message")

    # Check-in, then "who has a case?": two hands go up, in order.
    view = await flow(fiona, sid, "start")
    assert view["phase"] == "check_in"
    await everyone_sees(everyone, view)
    assert (await send(tom, sid, "Arrived, a bit tired"))["ok"]
    view = await flow(farid, sid, "advance")
    assert view["phase"] == "case_choice" and view["case_number"] == 1
    await everyone_sees(everyone, view)
    assert await tara.ok("hand", {"session_id": sid, "raised": True}) == \
        {"raised": True, "position": 1}
    assert await theo.ok("hand", {"session_id": sid, "raised": True}) == \
        {"raised": True, "position": 2}
    for fac in (fiona, farid):
        await fac.wait_for(lambda f=fac: [h["display_name"] for h in f.last("hands")["hands"]]
                           == ["Tara", "Theo"])
    await barrier(tom)
    assert not tom.received("hands")  # the queue is for the facilitators to manage

    # Case 1: Tara presents.
    view = await flow(fiona, sid, "choose_presenter", user_id=cast.trainee2.user_id)
    assert view["presenter_user_id"] == cast.trainee2.user_id and view["presenter_name"] == "Tara"
    await fiona.wait_for(lambda: [h["display_name"] for h in fiona.last("hands")["hands"]]
                         == ["Theo"])
    view = await flow(fiona, sid, "advance")
    assert view["phase"] == "presentation" and view["presenter_may_post"] is True
    assert (await send(tara, sid, "A patient I keep thinking about"))["ok"]
    view = await flow(fiona, sid, "advance")
    assert view["phase"] == "questions"
    assert (await send(uma, sid, "How old was she?"))["ok"]
    view = await flow(fiona, sid, "advance")
    assert view["phase"] == "discussion"
    for event in await everyone_sees(everyone, view):
        assert event["presenter_may_post"] is False
        assert event["presenter_user_id"] == cast.trainee2.user_id
    assert code(await send(tara, sid, "But actually")) == "presenter_listening"
    assert (await send(vic, sid, "I felt protective of the doctor"))["ok"]
    assert (await send(farid, sid, "What did the patient want from her?"))["ok"]
    view = await flow(fiona, sid, "advance")
    assert view["phase"] == "return" and view["presenter_may_post"] is True
    await everyone_sees(everyone, view)
    assert (await send(tara, sid, "What struck me was the silence"))["ok"]

    # Case 2: Theo, whose hand was still up.
    view = await flow(fiona, sid, "next_case")
    assert view["phase"] == "case_choice" and view["case_number"] == 2
    assert view["presenter_user_id"] is None
    view = await flow(fiona, sid, "choose_presenter", user_id=theo.person.user_id)
    assert view["presenter_user_id"] == theo.person.user_id != cast.trainee2.user_id
    for phase in ("presentation", "questions", "discussion"):
        view = await flow(fiona, sid, "advance")
        assert view["phase"] == phase and view["case_number"] == 2
    for event in await everyone_sees(everyone, view):
        assert event["presenter_may_post"] is False and event["presenter_name"] == "Theo"
    assert code(await send(theo, sid, "Can I just say")) == "presenter_listening"
    assert (await send(tara, sid, "Now I can speak again"))["ok"]
    view = await flow(fiona, sid, "advance")
    assert view["phase"] == "return"
    assert (await send(theo, sid, "Thank you all"))["ok"]

    # Closing round, then the end: everyone gets a goodbye, and the door is shut.
    view = await flow(fiona, sid, "advance")
    assert view["phase"] == "closing" and view["presenter_user_id"] is None
    await everyone_sees(everyone, view)
    assert (await send(vic, sid, "Thanks, see you next week"))["ok"]
    view = await flow(farid, sid, "end")
    assert view["phase"] == "ended"
    for client in everyone:
        ended = await client.wait_for_event("session_ended")
        assert ended["session_id"] == sid and ended["message"]
    for person in (cast.trainee, cast.facilitator):
        late = await connect(person, server)
        assert code(await late.call("join", {"session_id": sid})) == "session_not_open"
    # Everyone saw the same conversation, in the same order.
    assert texts(vic) == texts(fiona) == [
        "Arrived, a bit tired", "A patient I keep thinking about", "How old was she?",
        "I felt protective of the doctor", "What did the patient want from her?",
        "What struck me was the silence", "Now I can speak again", "Thank you all",
        "Thanks, see you next week",
    ]
    assert [m["seq"] for m in tom.received("message")] == list(range(1, 10))


async def barrier(*clients: Client) -> None:
    for client in clients:
        await client.barrier()


async def test_someone_turned_away_hears_nothing_more_of_the_session(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """Someone the facilitator turned away learns nothing more about the session, not even who
    presents."""
    assert (await put_settings(cast, {"auto_admit": False}))["auto_admit"] is False
    sid = await open_session(cast, "Week 7")
    fiona = await connect(cast.facilitator, server)
    await fiona.ok("join", {"session_id": sid})
    tom, waiting = await enter(cast.trainee, server, sid)
    wes_p = await add_person(cast, "wes", "Wes", extra=extra)
    wes, knocking = await enter(wes_p, server, sid)
    assert waiting["status"] == knocking["status"] == "waiting"
    await fiona.ok("admit", {"session_id": sid, "user_id": wes_p.user_id, "admit": False})
    await wes.wait_for_event("turned_away")

    view = await flow(fiona, sid, "start")
    await tom.wait_for_flow(view["version"])  # still waiting: sees the phase, by design
    await fiona.ok("admit", {"session_id": sid, "user_id": cast.trainee.user_id})
    await tom.wait_for_event("admitted")
    await tom.ok("join", {"session_id": sid})
    await flow(fiona, sid, "advance")
    view = await flow(fiona, sid, "choose_presenter", user_id=cast.trainee.user_id)
    await tom.wait_for_flow(view["version"])
    await wes.barrier()
    assert [name for name, _ in wes.events] == ["turned_away"]


# --- timers ------------------------------------------------------------------------------


async def test_timers_run_on_the_server_clock_and_extend_moves_the_deadline(
    cast: Cast, server: LiveServer
) -> None:
    """The facilitator sees time left and time over, and extending gives the group more time."""
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, server, sid)
    tom, _ = await enter(cast.trainee, server, sid)
    t0 = server.clock.now()

    view = await flow(fiona, sid, "start")
    assert view["deadline"] == t0 + 5 * MIN and view["remaining"] == 5 * MIN
    assert view["overrun"] == 0.0 and view["server_now"] == t0 and view["paused"] is False
    event = await tom.wait_for_flow(view["version"])
    assert event["deadline"] == t0 + 5 * MIN and event["remaining"] == 5 * MIN

    server.clock.advance(2 * MIN)
    tara, late = await enter(cast.trainee2, server, sid)
    assert late["flow"]["remaining"] == 3 * MIN and late["flow"]["server_now"] == t0 + 2 * MIN
    assert late["flow"]["deadline"] == t0 + 5 * MIN  # the clock moved, the deadline did not

    view = await flow(fiona, sid, "extend", minutes=5)
    assert view["deadline"] == t0 + 10 * MIN and view["remaining"] == 8 * MIN
    for client in (tom, tara):
        event = await client.wait_for_flow(view["version"])
        assert event["deadline"] == t0 + 10 * MIN and event["remaining"] == 8 * MIN

    server.clock.advance(10 * MIN)  # 2 minutes over
    _, over = await enter(cast.trainee, server, sid)
    assert over["flow"]["remaining"] == 0.0 and over["flow"]["overrun"] == 2 * MIN
    # "Five more minutes" after an overrun means five minutes from now.
    view = await flow(fiona, sid, "extend", minutes=5)
    now = t0 + 12 * MIN
    assert view["deadline"] == now + 5 * MIN and view["overrun"] == 0.0
    assert view["remaining"] == 5 * MIN

    view = await flow(fiona, sid, "pause")
    assert view["paused"] is True and view["deadline"] is None and view["remaining"] == 5 * MIN
    server.clock.advance(30 * MIN)  # waiting for someone who dropped: the clock is stopped
    view = await flow(fiona, sid, "resume")
    assert view["remaining"] == 5 * MIN and view["deadline"] == now + 30 * MIN + 5 * MIN

    view = await flow(fiona, sid, "advance")
    assert view["phase"] == "case_choice" and view["remaining"] == 5 * MIN
    for bad in (0, 31):
        reply = await fiona.call("flow", {"session_id": sid, "action": "extend", "minutes": bad})
        assert code(reply) == "bad_extension"


async def test_phase_lengths_come_from_the_group_settings_of_a_new_session(
    cast: Cast, server: LiveServer
) -> None:
    """A facilitator sets shorter phases for the group, and the next session uses them."""
    settings = await put_settings(cast, {"durations": {"check_in": 2, "discussion": 40}})
    assert settings["durations"]["check_in"] == 2 and settings["durations"]["discussion"] == 40
    assert settings["durations"]["questions"] == 5  # untouched phases keep their length
    status, reply = await cast.trainee.api.get(f"/api/groups/{cast.group_id}/settings")
    assert status == 200 and reply["data"]["durations"]["check_in"] == 2
    bad = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", {"durations": {"discussion": 500}})
    assert bad[0] == 400 and bad[1]["error"]["code"] == "bad_duration"

    new_sid = await open_session(cast, "Week 6")
    fiona, _ = await enter(cast.facilitator, server, new_sid)
    t0 = server.clock.now()
    view = await flow(fiona, new_sid, "start")
    assert view["deadline"] == t0 + 2 * MIN and view["remaining"] == 2 * MIN
    await enter(cast.trainee, server, new_sid)  # someone to present
    await flow(fiona, new_sid, "advance")
    await flow(fiona, new_sid, "choose_presenter", user_id=cast.trainee.user_id)
    for _ in ("presentation", "questions", "discussion"):
        view = await flow(fiona, new_sid, "advance")
    assert view["phase"] == "discussion" and view["remaining"] == 40 * MIN

    # The session opened before the change kept the lengths it was opened with (it ended when
    # Week 6 opened: one open session per group).
    stored = json.loads(await server.svc.db.fetch_value(
        "SELECT flow FROM sessions WHERE id = ?", (cast.session_id,)))
    assert stored["durations"]["check_in"] == 5 * MIN


# --- the facilitators' controls ----------------------------------------------------------


async def test_mute_one_mute_all_remove_and_redact(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """Facilitators can quiet one member or everyone, remove someone, and take words back."""
    sid = cast.session_id
    theo_p = await add_person(cast, "theo", "Theo", extra=extra)
    fiona, _ = await enter(cast.facilitator, server, sid)
    tom, _ = await enter(cast.trainee, server, sid)
    tara, _ = await enter(cast.trainee2, server, sid)
    theo, _ = await enter(theo_p, server, sid)

    # Mute one, then lift it.
    await fiona.ok("mute", {"session_id": sid, "user_id": cast.trainee.user_id, "muted": True})
    assert (await tom.wait_for_event("muted"))["muted"] is True
    assert code(await send(tom, sid, "hello?")) == "muted"
    assert (await send(tara, sid, "Tara can still talk"))["ok"]
    await fiona.wait_for(lambda: any(
        m["muted"] for p in fiona.received("presence") for m in p["members"]
        if m["user_id"] == cast.trainee.user_id))
    await fiona.ok("mute", {"session_id": sid, "user_id": cast.trainee.user_id, "muted": False})
    await tom.wait_for(lambda: tom.last("muted")["muted"] is False)
    assert (await send(tom, sid, "Tom is back"))["ok"]
    facilitators_are_safe = await fiona.call("mute", {"session_id": sid, "muted": True,
                                                      "user_id": cast.facilitator.user_id})
    assert code(facilitators_are_safe) == "facilitator_protected"

    # Mute everyone: members wait, facilitators still speak.
    await fiona.ok("mute", {"session_id": sid, "muted": True})
    await tom.wait_for_event("flow", lambda f: f["muted_all"] is True)
    assert code(await send(tom, sid, "x")) == "muted"
    assert code(await send(tara, sid, "y")) == "muted"
    assert (await send(fiona, sid, "Let's take a breath"))["ok"]
    await fiona.ok("mute", {"session_id": sid, "muted": False})
    await tom.wait_for_event("flow", lambda f: f["muted_all"] is False)
    assert (await send(tara, sid, "Thanks"))["ok"]

    # Remove Theo: he is told, hears nothing more, and cannot come back.
    await fiona.ok("remove", {"session_id": sid, "user_id": theo_p.user_id})
    removed = await theo.wait_for_event("removed")
    assert removed["session_id"] == sid and removed["message"]
    heard_before = len(theo.received("message"))
    assert (await send(fiona, sid, "We carry on"))["ok"]
    await tom.wait_for(lambda: texts(tom)[-1:] == ["We carry on"])
    await theo.barrier()
    assert len(theo.received("message")) == heard_before
    assert code(await send(theo, sid, "let me back")) == "removed"
    back = await connect(theo_p, server)
    assert code(await back.call("join", {"session_id": sid})) == "removed"
    await fiona.wait_for(lambda: theo_p.user_id not in
                         {m["user_id"] for m in fiona.last("presence")["members"]})

    # Redact: the words are gone from every byte the server keeps.
    canary = f"canary-{cid()}"
    said = (await send(tom, sid, f"the patient, {canary}, lives on my street"))["data"]
    await tara.wait_for(lambda: any(canary in t for t in texts(tara)))
    db = server.svc.db
    sealed = await db.fetch_value("SELECT body FROM messages WHERE session_id = ? AND seq = ?",
                                  (sid, said["seq"]))
    assert sealed
    await fiona.ok("redact", {"session_id": sid, "seq": said["seq"]})
    for client in (tom, tara):
        assert await client.wait_for_event("redacted") == {"session_id": sid, "seq": said["seq"]}
    for client in (tom, tara, fiona):
        history = await client.ok("history", {"session_id": sid, "since_seq": said["seq"] - 1})
        [gone] = history["messages"]
        assert gone["redacted"] is True and gone["text"] == "" and gone["seq"] == said["seq"]
    files = [p for p in server.config.data_dir.rglob("*") if p.is_file()]
    assert server.config.db_path in files
    for path in files:
        raw = path.read_bytes()
        assert canary.encode() not in raw, path
        assert sealed not in raw, f"the sealed text is still in {path.name}"
    again = await fiona.call("redact", {"session_id": sid, "seq": said["seq"]})
    assert code(again) == "message_unknown"


async def test_lock_keeps_newcomers_out_but_lets_admitted_members_back(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """Once the session starts, a locked room keeps out newcomers but not members who dropped."""
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, server, sid)
    tom, _ = await enter(cast.trainee, server, sid)
    assert code(await fiona.call("lock", {"session_id": sid, "locked": True})) == "not_started"

    await flow(fiona, sid, "start")
    await fiona.ok("lock", {"session_id": sid, "locked": True})
    event = await tom.wait_for_event("flow", lambda f: f["locked"] is True)
    assert event["phase"] == "check_in"

    theo_p = await add_person(cast, "theo", "Theo", extra=extra)
    theo = await connect(theo_p, server)
    await theo.ok("accept_rules", {"session_id": sid})
    refused = await theo.call("join", {"session_id": sid})
    assert code(refused) == "room_locked" and refused["error"]["message"]

    await tom.close()  # Tom's connection drops
    tom_again = await connect(cast.trainee, server)
    data = await tom_again.ok("join", {"session_id": sid})
    assert data["status"] == "admitted" and data["flow"]["locked"] is True

    await fiona.ok("lock", {"session_id": sid, "locked": False})
    assert (await theo.ok("join", {"session_id": sid}))["status"] == "admitted"


async def test_a_pause_signal_reaches_only_the_facilitators(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """A member asks for a pause privately: both facilitators know, nobody else does."""
    sid = cast.session_id
    farid_p = await add_person(cast, "farid", "Farid", role="facilitator", extra=extra)
    fiona, _ = await enter(cast.facilitator, server, sid)
    farid, _ = await enter(farid_p, server, sid)
    tom, _ = await enter(cast.trainee, server, sid)
    tara, _ = await enter(cast.trainee2, server, sid)

    ack = await tom.ok("pause_signal", {"session_id": sid, "note": "this one is close to home"})
    assert ack == {"message": PAUSE_ACK}
    assert "privately" in ack["message"] and "Nobody else" in ack["message"]
    for fac in (fiona, farid):
        signal = await fac.wait_for_event("pause_signal")
        assert signal["session_id"] == sid and signal["user_id"] == cast.trainee.user_id
        assert signal["display_name"] == "Tom" and signal["note"] == "this one is close to home"
    await barrier(tom, tara)
    assert tom.received("pause_signal") == [] and tara.received("pause_signal") == []
    assert not any("close to home" in str(data) for _, data in tara.events + tom.events)

    # A facilitator arriving later sees it; a facilitator cannot send one.
    _, later = await enter(cast.facilitator, server, sid)
    [pause] = later["facilitator"]["pauses"]
    assert pause["user_id"] == cast.trainee.user_id and pause["note"] == "this one is close to home"
    assert code(await fiona.call("pause_signal", {"session_id": sid})) == "not_allowed"


async def test_the_facilitators_channel_is_for_facilitators_only(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """Co-facilitators talk privately: members can neither read nor write their channel."""
    sid = cast.session_id
    farid_p = await add_person(cast, "farid", "Farid", role="facilitator", extra=extra)
    fiona, _ = await enter(cast.facilitator, server, sid)
    farid, _ = await enter(farid_p, server, sid)
    tom, tom_joined = await enter(cast.trainee, server, sid)
    tara, _ = await enter(cast.trainee2, server, sid)
    assert "facilitator" not in tom_joined

    sent = await send(fiona, sid, "Shall we give Tara more time?", channel="facilitators")
    assert sent["ok"] and sent["data"]["channel"] == "facilitators"
    for fac in (fiona, farid):
        got = await fac.wait_for_event("message", lambda m: m["channel"] == "facilitators")
        assert got["text"] == "Shall we give Tara more time?" and got["author_name"] == "Fiona"
    assert (await send(farid, sid, "Yes, 5 minutes", channel="facilitators"))["ok"]
    assert code(await send(tom, sid, "Can I see?", channel="facilitators")) == \
        "facilitators_only"
    peek = await tom.call("history", {"session_id": sid, "since_seq": 0,
                                      "channel": "facilitators"})
    assert code(peek) == "facilitators_only"
    assert (await send(tom, sid, "An ordinary message"))["ok"]
    await fiona.wait_for(lambda: "An ordinary message" in texts(fiona))
    await barrier(tom, tara)
    for member in (tom, tara):
        assert texts(member) == ["An ordinary message"]
        assert all(m["channel"] == "group" for m in member.received("message"))

    _, rejoined = await enter(farid_p, server, sid)
    assert [m["text"] for m in rejoined["facilitator"]["messages"]] == [
        "Shall we give Tara more time?", "Yes, 5 minutes"]
    assert [m["text"] for m in rejoined["messages"]] == ["An ordinary message"]


async def test_one_facilitator_drops_and_the_other_carries_on(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """If one facilitator drops out, the co-facilitator carries on and the first rejoins."""
    sid = cast.session_id
    farid_p = await add_person(cast, "farid", "Farid", role="facilitator", extra=extra)
    fiona, _ = await enter(cast.facilitator, server, sid)
    farid, _ = await enter(farid_p, server, sid)
    tom, _ = await enter(cast.trainee, server, sid)
    await flow(fiona, sid, "start")
    await fiona.close()
    await tom.wait_for(lambda: "Fiona" not in
                       [m["display_name"] for m in tom.last("presence")["members"]])

    view = await flow(farid, sid, "advance")
    assert view["phase"] == "case_choice"
    view = await flow(farid, sid, "choose_presenter", user_id=cast.trainee.user_id)
    server.clock.advance(MIN)
    view = await flow(farid, sid, "advance")
    assert view["phase"] == "presentation"
    await tom.wait_for_flow(view["version"])
    assert (await send(tom, sid, "It started on a Monday"))["ok"]

    fiona_back, data = await enter(cast.facilitator, server, sid)
    assert data["flow"] == view  # the clock has not moved since Farid's last step
    assert data["flow"]["presenter_name"] == "Tom"
    assert [m["text"] for m in data["messages"]] == ["It started on a Monday"]
    assert {"Fiona", "Farid", "Tom"} == {p["display_name"] for p in data["presence"]}
    view = await flow(fiona_back, sid, "advance")
    assert view["phase"] == "questions"
    await farid.wait_for_flow(view["version"])


# --- restart -----------------------------------------------------------------------------


async def test_a_restart_mid_discussion_loses_and_repeats_nothing(
    cast: Cast, server: LiveServer, extra: list[Person]
) -> None:
    """The server restarts during discussion: same phase, presenter, time left, mutes, messages."""
    sid = cast.session_id
    theo_p = await add_person(cast, "theo", "Theo", extra=extra)
    people = [cast.facilitator, cast.trainee, cast.trainee2, theo_p]
    clients = {p.username: (await enter(p, server, sid))[0] for p in people}
    fiona, tom, theo = clients["fiona"], clients["tom"], clients["theo"]

    await flow(fiona, sid, "start")
    await flow(fiona, sid, "advance")
    await flow(fiona, sid, "choose_presenter", user_id=cast.trainee2.user_id)
    for _ in ("presentation", "questions", "discussion"):
        before = await flow(fiona, sid, "advance")
    assert before["phase"] == "discussion"
    server.clock.advance(7 * MIN)
    for i, (client, text) in enumerate([(tom, "It reminded me of my first job"),
                                        (theo, "I wondered about her family"),
                                        (fiona, "Let's stay with the feeling"),
                                        (tom, "Helpless, mostly")]):
        assert (await client.ok("send", {"session_id": sid, "client_id": f"pre-{i}-abcdef",
                                         "text": text}))["seq"] == i + 1
    await fiona.ok("mute", {"session_id": sid, "user_id": theo_p.user_id, "muted": True})
    await theo.wait_for_event("muted")
    for client in clients.values():
        await client.wait_for(lambda c=client: len(c.received("message")) == 4)
    transcript = {name: [(m["seq"], m["id"], m["text"]) for m in c.received("message")]
                  for name, c in clients.items()}
    last_seq = {name: t[-1][0] for name, t in transcript.items()}
    assert len({tuple(t) for t in transcript.values()}) == 1
    frozen_at = server.clock.now()

    # The process restarts on the same data dir and clock; every connection drops with it.
    await server.restart()
    assert server.clock.now() == frozen_at
    for client in clients.values():
        await client.wait_for(lambda c=client: not c.sio.connected)

    rejoined: dict[str, tuple[Client, dict[str, Any]]] = {}
    for person in people:
        client = await connect(person, server)
        rejoined[person.username] = (
            client, await client.ok("join", {"session_id": sid,
                                             "since_seq": last_seq[person.username]}))
    for name, (_, data) in rejoined.items():
        after = data["flow"]
        assert data["status"] == "admitted", name
        assert after["phase"] == "discussion" and after["case_number"] == 1
        assert after["presenter_user_id"] == cast.trainee2.user_id
        assert after["presenter_name"] == "Tara" and after["presenter_may_post"] is False
        assert after["deadline"] == before["deadline"]
        assert after["remaining"] == before["remaining"] - 7 * MIN == 18 * MIN
        assert after["version"] == before["version"]
        assert data["messages"] == [], f"{name} got something twice"
    assert rejoined["theo"][1]["muted"] is True

    fiona2, tom2, tara2, theo2 = (rejoined[p.username][0] for p in people)
    assert code(await send(tara2, sid, "Wait, I should explain")) == "presenter_listening"
    assert code(await send(theo2, sid, "Am I still muted?")) == "muted"
    # Tom's client repeats a send it never saw acknowledged: stored once, not twice.
    resent = await tom2.ok("send", {"session_id": sid, "client_id": "pre-3-abcdef",
                                    "text": "Helpless, mostly"})
    assert resent["seq"] == 4
    assert (await tom2.ok("send", {"session_id": sid, "client_id": cid(),
                                   "text": "And angry"}))["seq"] == 5
    for client in (fiona2, tara2, theo2):
        await client.wait_for(lambda c=client: len(c.received("message")) == 1)
        assert [(m["seq"], m["text"]) for m in client.received("message")] == [(5, "And angry")]
    full = await fiona2.ok("history", {"session_id": sid, "since_seq": 0})
    assert [(m["seq"], m["id"], m["text"]) for m in full["messages"]][:4] == transcript["fiona"]
    assert [m["seq"] for m in full["messages"]] == [1, 2, 3, 4, 5]
    view = await flow(fiona2, sid, "advance")
    assert view["phase"] == "return"
    assert (await send(tara2, sid, "What struck me was how alone she was"))["ok"]
