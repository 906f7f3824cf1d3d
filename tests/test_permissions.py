"""The permission table, cell by cell: every role tries every action against the real server.

The expected answers are written out below by hand, from the issue and docs/protocol.md, and not
read from server/permissions.py: a test that derived them from the table it checks could never
fail. "ok" means the action happens (and each cell checks that it did); any other value is the
exact error code the person must get, with nothing in the store changed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from server.actions import ending
from server.actions.moderation import PAUSE_ACK
from server.errors import AppError
from server.permissions import Action, check, roles_for
from tests.conftest import Cast, sign_up
from tests.session_support import (
    Client,
    add_person,
    close_people,
    connect,
    enter,
    send,
)
from tests.support import Person

ROLES = ("member", "presenter", "facilitator", "programme_lead", "administrator", "outsider")
NOTHING = "receives nothing"  # see_pause_signals: not an error, the event just never arrives

# One row per action, one column per role, in the order of ROLES.
EXPECTED: dict[str, tuple[str, str, str, str, str, str]] = {
    #                      member               presenter            facilitator
    #                      programme lead       administrator        outsider
    "view_group":         ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "ok",                "not_a_member"),
    "join_room":          ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "post_message":       ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "invite_member":      ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "ok",                "not_a_member"),
    "open_session":       ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "ok",                "not_a_member"),
    "end_session":        ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "control_flow":       ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "raise_hand":         ("ok",                "ok",                "not_allowed",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "give_floor":         ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "admit":              ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "lock_room":          ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "mute":               ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "remove_member":      ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "redact":             ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "facilitator_channel": ("facilitators_only", "facilitators_only", "ok",
                            "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "signal_pause":       ("ok",                "ok",                "not_allowed",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "see_pause_signals":  (NOTHING,             NOTHING,             "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "change_settings":    ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "manage_programmes":  ("administrators_only", "administrators_only", "administrators_only",
                           "administrators_only", "ok",              "administrators_only"),
    # Below: checked cell by cell against the table here (test_permission_table_cell); each is
    # tried end to end with real people in the test file named in TABLE_ONLY.
    "view_attendance_report": ("programme_leads_only", "programme_leads_only",
                               "programme_leads_only", "ok", "ok", "programme_leads_only"),
    "view_register":      ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "correct_register":   ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "see_own_attendance": ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "notify_supervisor":  ("programme_leads_only", "programme_leads_only", "programme_leads_only",
                           "ok",                "ok",                "programme_leads_only"),
    "write_note":         ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "read_notes":         ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "share_note":         ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "set_retention_limits": ("programme_leads_only", "programme_leads_only",
                             "programme_leads_only", "ok", "ok", "programme_leads_only"),
    # Rules of the room: the facilitator comes straight in and is never silenced; members
    # (presenting or not) can be muted or removed; only a member can be chosen to present.
    "skip_waiting_room":  ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "post_any_time":      ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "be_moderated":       ("ok",                "ok",                "not_allowed",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "present_case":       ("ok",                "not_allowed",       "not_allowed",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    # Terms (issue 23): facilitators plan, the group reads, trainees send apologies, whose
    # reasons only facilitators see.
    "manage_schedule":    ("facilitators_only", "facilitators_only", "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "view_schedule":      ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "send_apologies":     ("ok",                "ok",                "not_allowed",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "see_apology_reasons": ("facilitators_only", "facilitators_only", "ok",
                            "lead_not_in_rooms", "not_a_member",      "not_a_member"),
    "media_signal":       ("ok",                "ok",                "ok",
                           "lead_not_in_rooms", "not_a_member",      "not_a_member"),
}  # fmt: skip

# Actions whose people-level test lives elsewhere (they need attendance or notes set up).
TABLE_ONLY = {
    "view_attendance_report": "tests/test_attendance.py",
    "view_register": "tests/test_attendance.py",
    "correct_register": "tests/test_attendance.py",
    "see_own_attendance": "tests/test_attendance.py, tests/test_certificates.py",
    "notify_supervisor": "tests/test_attendance.py",
    "write_note": "tests/test_notes.py",
    "read_notes": "tests/test_notes.py",
    "share_note": "tests/test_notes.py",
    "set_retention_limits": "tests/test_retention.py",
    "skip_waiting_room": "tests/test_session_flow.py (the waiting room)",
    "post_any_time": "tests/test_session_flow.py, tests/test_rooms.py (paused chat, mutes)",
    "be_moderated": "tests/test_session_flow.py (facilitator_protected)",
    "present_case": "tests/test_session_flow.py (choose_presenter)",
    "manage_schedule": "tests/test_schedule.py",
    "view_schedule": "tests/test_schedule.py",
    "send_apologies": "tests/test_apologies.py",
    "see_apology_reasons": "tests/test_apologies.py",
    "media_signal": "tests/test_media_signaling.py (waiting, removed, outsiders)",
}


@dataclass
class Scene:
    """The cast's session under way: Tara presents, Theo is a second member to act upon.

    Fiona, Tom (member), Tara (presenter) and Theo are in the room; the lead, the administrator
    and the outsider each hold a connected socket that has never managed to join.
    """

    cast: Cast
    theo: Person
    room: dict[str, Client]
    outside: dict[str, Client]
    extra: list[Person] = field(default_factory=list)
    prepared: dict[str, Any] = field(default_factory=dict)

    @property
    def sid(self) -> str:
        return self.cast.session_id

    @property
    def gid(self) -> str:
        return self.cast.group_id

    def person(self, role: str) -> Person:
        c = self.cast
        return {"member": c.trainee, "presenter": c.trainee2, "facilitator": c.facilitator,
                "programme_lead": c.lead, "administrator": c.admin, "outsider": c.outsider}[role]

    def socket(self, role: str) -> Client:
        return self.room.get(role) or self.outside[role]

    @property
    def fiona(self) -> Client:
        return self.room["facilitator"]

    @property
    def observer(self) -> Client:
        """Theo's socket: a member in the room who is never the one acting."""
        return self.room["theo"]


@pytest.fixture
async def scene(cast: Cast) -> AsyncIterator[Scene]:
    extra: list[Person] = []
    theo = await add_person(cast, "theo", "Theo", extra=extra)
    fiona, _ = await enter(cast.facilitator, cast.server, cast.session_id)
    tom, _ = await enter(cast.trainee, cast.server, cast.session_id)
    tara, _ = await enter(cast.trainee2, cast.server, cast.session_id)
    theo_c, _ = await enter(theo, cast.server, cast.session_id)
    sid = cast.session_id
    await fiona.ok("flow", {"session_id": sid, "action": "start"})
    await fiona.ok("flow", {"session_id": sid, "action": "advance"})
    await fiona.ok("flow", {"session_id": sid, "action": "choose_presenter",
                            "user_id": cast.trainee2.user_id})
    view = await fiona.ok("flow", {"session_id": sid, "action": "advance"})
    assert view["phase"] == "presentation" and view["presenter_user_id"] == cast.trainee2.user_id
    outside = {
        "programme_lead": await connect(cast.lead, cast.server),
        "administrator": await connect(cast.admin, cast.server),
        "outsider": await connect(cast.outsider, cast.server),
    }
    room = {"facilitator": fiona, "member": tom, "presenter": tara, "theo": theo_c}
    the_scene = Scene(cast, theo, room, outside, extra)
    try:
        yield the_scene
    finally:
        await close_people(the_scene.extra)


def outcome(reply: dict[str, Any]) -> str:
    return "ok" if reply["ok"] else str(reply["error"]["code"])


async def http(scene: Scene, role: str, method: str, path: str, body: Any = None,
               ok_status: int = 200) -> tuple[str, Any]:
    """Call the API as `role`; refusals must be 403 with a message a person can read."""
    status, reply = await scene.person(role).api.request(method, path, body)
    if reply["ok"]:
        assert status == ok_status, (status, reply)
        return "ok", reply["data"]
    assert status == 403, (status, reply)
    assert reply["error"]["message"]
    return reply["error"]["code"], None


async def store_snapshot(scene: Scene) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a refused action could have changed, as rows."""
    queries = {
        "programmes": "SELECT id, name FROM programmes ORDER BY id",
        "groups": "SELECT id, settings FROM groups ORDER BY id",
        "memberships": "SELECT group_id, user_id, role FROM memberships ORDER BY 1, 2",
        "invitations": "SELECT token_hash, used_at FROM invitations ORDER BY 1",
        "sessions": "SELECT id, state, flow, locked, muted_all FROM sessions ORDER BY id",
        "participants": "SELECT session_id, user_id, status, muted FROM participants"
                        " ORDER BY 1, 2",
        "messages": "SELECT session_id, channel, seq, client_id, body, redacted_at FROM messages"
                    " ORDER BY 1, 2, 3",
    }
    db = scene.cast.server.svc.db
    return {name: [tuple(r) for r in await db.fetch_all(sql)] for name, sql in queries.items()}


# --- the actions: prepare (before the snapshot) and attempt (returns "ok" or the code) -----


async def view_group(scene: Scene, role: str) -> str:
    result, data = await http(scene, role, "GET", f"/api/groups/{scene.gid}/settings")
    if result == "ok":
        assert data["auto_admit"] is True and data["durations"]["discussion"] == 25
        assert "stays in the group" in data["ground_rules"]
    return result


async def join_room(scene: Scene, role: str) -> str:
    if role not in scene.room:
        return outcome(await scene.outside[role].call("join", {"session_id": scene.sid}))
    person = scene.person(role)
    again = await connect(person, scene.cast.server)  # a second tab
    reply = await again.call("join", {"session_id": scene.sid})
    if reply["ok"]:
        data = reply["data"]
        assert data["status"] == "admitted"
        assert data["role"] == ("facilitator" if role == "facilitator" else "member")
        assert person.user_id in {p["user_id"] for p in data["presence"]}
        assert data["flow"]["presenter_user_id"] == scene.cast.trainee2.user_id
        assert ("facilitator" in data) is (role == "facilitator")
    return outcome(reply)


async def post_message(scene: Scene, role: str) -> str:
    reply = await send(scene.socket(role), scene.sid, f"a word from the {role}")
    if reply["ok"]:
        sent = reply["data"]
        assert sent["author_id"] == scene.person(role).user_id and sent["channel"] == "group"
        got = await scene.observer.wait_for_event("message", lambda m: m["id"] == sent["id"])
        assert got["text"] == f"a word from the {role}" and got["seq"] == sent["seq"]
    return outcome(reply)


async def invite_member(scene: Scene, role: str) -> str:
    result, data = await http(scene, role, "POST", f"/api/groups/{scene.gid}/invitations",
                              {"role": "member"}, ok_status=201)
    if result == "ok":
        newcomer = await sign_up(scene.cast.server, data["link"], "nina", "Nina")
        scene.extra.append(newcomer)
        status, _ = await newcomer.api.get(f"/api/groups/{scene.gid}/settings")
        assert status == 200  # the link made her a member of this group
    return result


async def prepare_open_session(scene: Scene) -> None:
    """One open session per group (tests/test_open_once.py): the scene's own ends first."""
    await ending.end(scene.cast.server.svc, scene.cast.session_id, "facilitator")


async def open_session(scene: Scene, role: str) -> str:
    result, data = await http(scene, role, "POST", f"/api/groups/{scene.gid}/sessions",
                              {"title": "Week 4"}, ok_status=201)
    if result == "ok":
        tom = await connect(scene.cast.trainee, scene.cast.server)
        joined = await tom.ok("join", {"session_id": data["id"]})
        assert joined["session"]["title"] == "Week 4" and joined["flow"]["phase"] == "waiting"
    return result


async def end_session(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("flow", {"session_id": scene.sid, "action": "end"})
    if reply["ok"]:
        assert reply["data"]["phase"] == "ended"
        ended = await scene.observer.wait_for_event("session_ended")
        assert ended["session_id"] == scene.sid and ended["message"]
        late = await connect(scene.theo, scene.cast.server)
        assert outcome(await late.call("join", {"session_id": scene.sid})) == "session_not_open"
    return outcome(reply)


async def control_flow(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("flow", {"session_id": scene.sid,
                                                   "action": "advance"})
    if reply["ok"]:
        assert reply["data"]["phase"] == "questions"
        seen = await scene.observer.wait_for_flow(reply["data"]["version"])
        assert seen["phase"] == "questions"
    return outcome(reply)


async def raise_hand(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("hand", {"session_id": scene.sid, "raised": True})
    if reply["ok"]:
        assert reply["data"] == {"raised": True, "position": 1}
        me = scene.person(role).user_id
        hands = await scene.fiona.wait_for_event("hands", lambda h: h["hands"])
        assert [h["user_id"] for h in hands["hands"]] == [me]
    return outcome(reply)


async def prepare_give_floor(scene: Scene) -> None:
    await scene.observer.ok("hand", {"session_id": scene.sid, "raised": True})


async def give_floor(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("give_floor", {"session_id": scene.sid,
                                                         "user_id": scene.theo.user_id})
    if reply["ok"]:
        floor = await scene.room["member"].wait_for_event("floor")
        assert floor == {"session_id": scene.sid, "user_id": scene.theo.user_id,
                         "display_name": "Theo"}
        assert scene.fiona.last("hands")["hands"] == []
    else:
        # Nobody took the floor from Theo.
        await scene.observer.barrier()
        assert "floor" not in [e for e, _ in scene.observer.events]
    return outcome(reply)


async def prepare_admit(scene: Scene) -> None:
    status, _ = await scene.cast.facilitator.api.request(
        "PUT", f"/api/groups/{scene.gid}/settings", {"auto_admit": False})
    assert status == 200
    wendy = await add_person(scene.cast, "wendy", "Wendy", extra=scene.extra)
    knocking, data = await enter(wendy, scene.cast.server, scene.sid)
    assert data["status"] == "waiting"
    await scene.fiona.wait_for_event("waiting", lambda w: w["people"])
    scene.prepared.update(wendy=wendy, knocking=knocking)


async def admit(scene: Scene, role: str) -> str:
    wendy: Person = scene.prepared["wendy"]
    reply = await scene.socket(role).call("admit", {"session_id": scene.sid,
                                                    "user_id": wendy.user_id})
    if reply["ok"]:
        knocking: Client = scene.prepared["knocking"]
        await knocking.wait_for_event("admitted")
        data = await knocking.ok("join", {"session_id": scene.sid})
        assert data["status"] == "admitted"
    return outcome(reply)


async def prepare_lock(scene: Scene) -> None:
    wendy = await add_person(scene.cast, "wendy", "Wendy", extra=scene.extra)
    newcomer = await connect(wendy, scene.cast.server)
    await newcomer.ok("accept_rules", {"session_id": scene.sid})
    scene.prepared["newcomer"] = newcomer


async def lock_room(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("lock", {"session_id": scene.sid, "locked": True})
    if reply["ok"]:
        await scene.observer.wait_for_event("flow", lambda f: f["locked"] is True)
        newcomer: Client = scene.prepared["newcomer"]
        refused = await newcomer.call("join", {"session_id": scene.sid})
        assert outcome(refused) == "room_locked"
    return outcome(reply)


async def mute(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("mute", {"session_id": scene.sid,
                                                   "user_id": scene.theo.user_id, "muted": True})
    if reply["ok"]:
        assert (await scene.observer.wait_for_event("muted"))["muted"] is True
        assert outcome(await send(scene.observer, scene.sid, "can I?")) == "muted"
    return outcome(reply)


async def remove_member(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("remove", {"session_id": scene.sid,
                                                     "user_id": scene.theo.user_id})
    if reply["ok"]:
        await scene.observer.wait_for_event("removed")
        assert outcome(await send(scene.observer, scene.sid, "still here?")) == "removed"
    return outcome(reply)


async def prepare_redact(scene: Scene) -> None:
    sent = await scene.observer.ok("send", {"session_id": scene.sid, "client_id": "to-redact-1",
                                            "text": "a slip of the tongue"})
    scene.prepared["seq"] = sent["seq"]


async def redact(scene: Scene, role: str) -> str:
    seq = scene.prepared["seq"]
    reply = await scene.socket(role).call("redact", {"session_id": scene.sid, "seq": seq})
    if reply["ok"]:
        event = await scene.observer.wait_for_event("redacted")
        assert event == {"session_id": scene.sid, "seq": seq}
        history = await scene.observer.ok("history", {"session_id": scene.sid, "since_seq": 0})
        [gone] = [m for m in history["messages"] if m["seq"] == seq]
        assert gone["redacted"] is True and gone["text"] == ""
    return outcome(reply)


async def facilitator_channel(scene: Scene, role: str) -> str:
    reply = await send(scene.socket(role), scene.sid, "between us", channel="facilitators")
    if reply["ok"]:
        assert reply["data"]["channel"] == "facilitators"
        got = await scene.fiona.wait_for_event("message", lambda m: m["channel"] != "group")
        assert got["text"] == "between us"
    return outcome(reply)


async def signal_pause(scene: Scene, role: str) -> str:
    reply = await scene.socket(role).call("pause_signal", {"session_id": scene.sid,
                                                           "note": "need a minute"})
    if reply["ok"]:
        assert reply["data"] == {"message": PAUSE_ACK}
        signal = await scene.fiona.wait_for_event("pause_signal")
        assert signal["user_id"] == scene.person(role).user_id
        assert signal["note"] == "need a minute"
    return outcome(reply)


async def see_pause_signals(scene: Scene, role: str) -> str:
    """Theo signals; does this role's socket get the event? Outside the group: cannot join."""
    me = scene.socket(role)
    refusal = None
    if role not in scene.room:
        refusal = outcome(await me.call("join", {"session_id": scene.sid}))
    await scene.observer.ok("pause_signal", {"session_id": scene.sid, "note": "too close"})
    await me.barrier()
    got = me.received("pause_signal")
    if refusal is not None:
        assert got == []
        return refusal
    if not got:
        return NOTHING
    assert got[0]["user_id"] == scene.theo.user_id and got[0]["note"] == "too close"
    assert got[0]["display_name"] == "Theo"
    return "ok"


async def change_settings(scene: Scene, role: str) -> str:
    path = f"/api/groups/{scene.gid}/settings"
    result, data = await http(scene, role, "PUT", path, {"durations": {"check_in": 3}})
    if result == "ok":
        assert data["durations"]["check_in"] == 3
        _, again = await scene.cast.trainee.api.get(path)
        assert again["data"]["durations"]["check_in"] == 3
    return result


async def manage_programmes(scene: Scene, role: str) -> str:
    result, data = await http(scene, role, "POST", "/api/programmes",
                              {"name": "Severn Deanery"}, ok_status=201)
    if result == "ok":
        status, reply = await scene.cast.admin.api.post(
            "/api/groups", {"programme_id": data["id"], "name": "Monday group"})
        assert status == 201, reply
    return result


Prepare = Callable[[Scene], Awaitable[None]]
Attempt = Callable[[Scene, str], Awaitable[str]]
ACTIONS: dict[str, tuple[Prepare | None, Attempt]] = {
    "view_group": (None, view_group),
    "join_room": (None, join_room),
    "post_message": (None, post_message),
    "invite_member": (None, invite_member),
    "open_session": (prepare_open_session, open_session),
    "end_session": (None, end_session),
    "control_flow": (None, control_flow),
    "raise_hand": (None, raise_hand),
    "give_floor": (prepare_give_floor, give_floor),
    "admit": (prepare_admit, admit),
    "lock_room": (prepare_lock, lock_room),
    "mute": (None, mute),
    "remove_member": (None, remove_member),
    "redact": (prepare_redact, redact),
    "facilitator_channel": (None, facilitator_channel),
    "signal_pause": (None, signal_pause),
    "see_pause_signals": (None, see_pause_signals),
    "change_settings": (None, change_settings),
    "manage_programmes": (None, manage_programmes),
}

CELLS = [(action, role) for action in ACTIONS for role in ROLES]


def test_the_matrix_covers_every_action_and_role() -> None:
    """The table above names every Action there is, once, with an answer for all six roles:
    a new Action without a row fails here. Each is tried end to end below or in TABLE_ONLY's
    file."""
    assert set(EXPECTED) == {action.value for action in Action}
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())
    assert set(ACTIONS) | set(TABLE_ONLY) == set(EXPECTED)
    assert not set(ACTIONS) & set(TABLE_ONLY)


# A person holding each column's role, as roles_for builds it from the store.
ROLE_SETS = {
    "member": roles_for(membership_role="member"),
    "presenter": roles_for(membership_role="member", is_presenter=True),
    "facilitator": roles_for(membership_role="facilitator"),
    "programme_lead": roles_for(membership_role=None, is_lead=True),
    "administrator": roles_for(membership_role=None, is_admin=True),
    "outsider": roles_for(membership_role=None),
}


@pytest.mark.parametrize(("action", "role"), [(a, r) for a in EXPECTED for r in ROLES])
def test_permission_table_cell(action: str, role: str) -> None:
    """The table itself gives each cell's answer (the refusal's code; a pause signal not
    delivered is a refusal too)."""
    expected = EXPECTED[action][ROLES.index(role)]
    try:
        check(ROLE_SETS[role], Action(action))
        got = "ok"
    except AppError as err:
        got = NOTHING if expected == NOTHING else err.code
    assert got == expected, f"{role} trying {action}: expected {expected}, got {got}"


# Cells the table allows but the session's phase refuses in the scene: the presenter may lower
# a hand raised before being chosen, but while holding the floor has none to raise.
FLOW_REFUSALS = {("raise_hand", "presenter"): "presenter_has_floor"}


@pytest.mark.parametrize(("action", "role"), CELLS)
async def test_permission_cell(scene: Scene, action: str, role: str) -> None:
    """Each role gets exactly the table's answer (or the phase's refusal, FLOW_REFUSALS): the
    action happens, or the exact refusal."""
    expected = FLOW_REFUSALS.get((action, role), EXPECTED[action][ROLES.index(role)])
    prepare, attempt = ACTIONS[action]
    if prepare is not None:
        await prepare(scene)
    before = await store_snapshot(scene)
    got = await attempt(scene, role)
    assert got == expected, f"{role} trying {action}: expected {expected}, got {got}"
    if expected != "ok":
        assert await store_snapshot(scene) == before, f"a refused {action} changed the store"
