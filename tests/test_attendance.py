"""Attendance: minutes from real sockets, the facilitators' register and its corrections, the
programme lead's anonymised report and CSV, suppression that survives differencing, and who
may see what."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import random
import re
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from server import disclosure
from server.actions import groups
from server.permissions import OPERATOR
from tests.attendance_support import (
    Seeded,
    published_range,
    report_table,
    seed,
    unrecoverable,
)
from tests.conftest import Cast
from tests.support import PASSWORD, ApiClient, LiveServer, Member, Person

MIN = 60


async def enter(person: Person, server: LiveServer, session_id: str) -> Member:
    member = await person.connect(server)
    await member.ok("accept_rules", {"session_id": session_id})
    data = await member.ok("join", {"session_id": session_id})
    assert data["status"] == "admitted"
    return member


async def left(server: LiveServer, session_id: str, user_id: str) -> None:
    """Wait until the server has recorded that `user_id` left (their disconnect is async)."""
    deadline = time.monotonic() + 5
    while await server.svc.db.fetch_value(
            "SELECT COUNT(*) FROM attendance_intervals WHERE session_id = ? AND user_id = ?"
            " AND left_at IS NULL", (session_id, user_id)):
        assert time.monotonic() < deadline, "the departure was never recorded"
        await asyncio.sleep(0.01)


async def register(cast: Cast, group_id: str | None = None) -> dict[str, Any]:
    status, reply = await cast.facilitator.api.get(
        f"/api/groups/{group_id or cast.group_id}/register")
    assert status == 200, reply
    return reply["data"]


def by_name(session: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["display_name"]: p for p in session["people"]}


async def test_minutes_from_real_joins_leaves_and_a_reconnect(cast: Cast) -> None:
    """Joins and leaves from real sockets, a reconnect and a second tab give the right minutes,
    lateness and leaving early."""
    server, sid = cast.server, cast.session_id
    fiona = await enter(cast.facilitator, server, sid)
    await fiona.ok("flow", {"session_id": sid, "action": "start"})
    server.clock.advance(2 * MIN)
    tom = await enter(cast.trainee, server, sid)  # 2 minutes after the start: within the grace
    server.clock.advance(8 * MIN)
    tara = await enter(cast.trainee2, server, sid)  # 10 minutes after: late
    server.clock.advance(20 * MIN)
    await tom.close()  # the connection drops at 30 minutes...
    await left(server, sid, cast.trainee.user_id)
    server.clock.advance(5 * MIN)
    await enter(cast.trainee, server, sid)  # ...and he is back at 35
    server.clock.advance(5 * MIN)
    second_tab = await enter(cast.trainee, server, sid)  # a second tab must not count twice
    server.clock.advance(10 * MIN)
    await second_tab.close()  # closing one tab of two: still in the room
    server.clock.advance(10 * MIN)
    await tara.close()  # Tara leaves at 60 minutes, 30 before the end
    await left(server, sid, cast.trainee2.user_id)
    server.clock.advance(30 * MIN)
    await fiona.ok("flow", {"session_id": sid, "action": "end"})

    session = (await register(cast))["sessions"][0]
    assert session["minutes"] == 90 and session["state"] == "ended"
    people = by_name(session)
    assert {k: people["Tom"][k] for k in ("minutes", "present", "late", "left_early")} == {
        "minutes": 28 + 55, "present": True, "late": False, "left_early": False}
    assert {k: people["Tara"][k] for k in ("minutes", "present", "late", "left_early")} == {
        "minutes": 50, "present": True, "late": True, "left_early": True}
    assert people["Fiona"]["role"] == "facilitator" and people["Fiona"]["minutes"] == 90
    # Only ids and times are stored: nothing to un-pseudonymise but the ids.
    rows = await server.svc.db.fetch_all("SELECT * FROM attendance_intervals")
    assert set(rows[0].keys()) == {"id", "session_id", "user_id", "joined_at", "left_at"}
    assert len([r for r in rows if r["user_id"] == cast.trainee.user_id]) == 2


async def test_lateness_counts_from_opening_when_never_started_and_removal_stops_the_clock(
        cast: Cast) -> None:
    """Without a start, lateness counts from the opening; a removed member's minutes stop at
    their removal even though their socket lingers."""
    server, sid = cast.server, cast.session_id
    fiona = await enter(cast.facilitator, server, sid)
    server.clock.advance(6 * MIN)
    await enter(cast.trainee, server, sid)
    tara = await enter(cast.trainee2, server, sid)
    server.clock.advance(14 * MIN)
    await fiona.ok("remove", {"session_id": sid, "user_id": cast.trainee2.user_id})
    server.clock.advance(40 * MIN)
    assert tara.sio.connected
    await fiona.ok("flow", {"session_id": sid, "action": "end"})
    people = by_name((await register(cast))["sessions"][0])
    assert people["Tom"]["late"] and people["Tom"]["minutes"] == 54
    assert people["Tara"]["minutes"] == 14 and not people["Tara"]["present"]


async def test_facilitator_corrects_the_register_and_the_change_is_kept(cast: Cast) -> None:
    """A correction sets presence and minutes with a reason; who, when, before and after are
    kept and shown; only the group's facilitators may make one."""
    server, sid = cast.server, cast.session_id
    fiona = await enter(cast.facilitator, server, sid)
    server.clock.advance(60 * MIN)
    await fiona.ok("flow", {"session_id": sid, "action": "end"})
    path = f"/api/sessions/{sid}/register/corrections"
    fix = {"user_id": cast.trainee2.user_id, "present": True, "minutes": 55,
           "reason": "Attended by phone"}
    status, reply = await cast.facilitator.api.post(path, fix)
    assert status == 201, reply
    row = reply["data"]
    assert (row["present"], row["minutes"]) == (True, 55)
    assert row["measured"] == {"present": False, "minutes": 0}
    [change] = row["corrections"]
    assert change["by"] == "Fiona" and change["reason"] == "Attended by phone"
    assert change["before"] == {"present": False, "minutes": 0}
    assert change["after"] == {"present": True, "minutes": 55}
    assert by_name((await register(cast))["sessions"][0])["Tara"]["corrections"] == [change]
    status, reply = await cast.trainee2.api.get("/api/me/attendance")
    [mine] = [s for g in reply["data"]["groups"] for s in g["sessions"]]
    assert mine["present"] and mine["corrected"] and mine["minutes"] == 55

    for who, code in ((cast.trainee, "facilitators_only"), (cast.lead, "lead_not_in_rooms"),
                      (cast.admin, "not_a_member"), (cast.outsider, "not_a_member")):
        status, reply = await who.api.post(path, fix)
        assert (status, reply["error"]["code"]) == (403, code)
    for change_, code in (({"minutes": 500}, "bad_minutes"), ({"reason": " "}, "empty_text"),
                          ({"user_id": "nobody"}, "not_in_register"),
                          ({"present": "yes"}, "bad_payload")):
        status, reply = await cast.facilitator.api.post(path, {**fix, **change_})
        assert reply["error"]["code"] == code, (change_, reply)


async def test_who_may_see_whose_attendance(cast: Cast) -> None:
    """A member sees only their own attendance; a facilitator only their own group's register;
    leads and administrators never a register with names."""
    server, sid = cast.server, cast.session_id
    await enter(cast.trainee, server, sid)
    await enter(cast.trainee2, server, sid)
    for who, code in ((cast.trainee, "facilitators_only"), (cast.lead, "lead_not_in_rooms"),
                      (cast.admin, "not_a_member"), (cast.outsider, "not_a_member")):
        status, reply = await who.api.get(f"/api/groups/{cast.group_id}/register")
        assert (status, reply["error"]["code"]) == (403, code)
    status, reply = await cast.facilitator.api.get(f"/api/groups/{cast.other_group_id}/register")
    assert (status, reply["error"]["code"]) == (403, "not_a_member")
    status, reply = await cast.facilitator.api.get(f"/api/groups/{cast.group_id}/register")
    assert status == 200 and {"Tom", "Tara"} <= set(by_name(reply["data"]["sessions"][0]))

    status, reply = await cast.trainee.api.get("/api/me/attendance")
    assert status == 200
    raw = json.dumps(reply)
    assert "Tara" not in raw and cast.trainee2.user_id not in raw
    [group] = reply["data"]["groups"]
    assert [s["minutes"] for s in group["sessions"]] == [0]
    for who in (cast.trainee, cast.facilitator, cast.outsider):
        for path in (f"/api/programmes/{cast.programme_id}/attendance",
                     f"/api/programmes/{cast.programme_id}/attendance.csv",
                     f"/api/programmes/{cast.programme_id}/attendance-settings"):
            status, reply = await who.api.get(path)
            assert (status, reply["error"]["code"]) == (403, "programme_leads_only"), path
    status, reply = await cast.lead.api.get(f"/api/me/certificates/{cast.group_id}")
    assert (status, reply["error"]["code"]) == (403, "lead_not_in_rooms")


# -- the programme lead's report ------------------------------------------------------------------

async def sign_in(server: LiveServer, username: str) -> ApiClient:
    api = ApiClient(server.url)
    status, reply = await api.post("/api/sign-in", {"username": username, "password": PASSWORD})
    assert status == 200, reply
    return api


@pytest.fixture
async def programme(cast: Cast) -> AsyncIterator[Seeded]:
    """The cast's programme with three more groups and four months of sessions, and one real
    session of the cast's group where Tom and Tara talk."""
    server = cast.server
    now = server.clock.now()
    seeded = await seed(server.svc, programme_id=cast.programme_id, lead=None,
                        last=now - 3 * 86400, sessions=[14, 13, 13],
                        groups_spec=[("Monday group", [.95, .9, .9, .85, .8, .7, .6, .3, .95]),
                                     ("Wednesday group", [.9, .9, .5, .95, .9, .4, .9]),
                                     ("Friday group", [.9, .95, .6, .9])])
    fiona = await enter(cast.facilitator, server, cast.session_id)
    tom = await enter(cast.trainee, server, cast.session_id)
    await enter(cast.trainee2, server, cast.session_id)
    await tom.ok("send", {"session_id": cast.session_id, "client_id": uuid.uuid4().hex,
                          "text": "Mrs Quaxley came back about her migraine again"})
    server.clock.advance(80 * MIN)
    await fiona.ok("flow", {"session_id": cast.session_id, "action": "end"})
    yield seeded


def wide_term(server: LiveServer) -> str:
    """A query string for the two years up to tomorrow (longer than the default 6 months)."""
    today = datetime.fromtimestamp(server.clock.now(), UTC).date()
    return f"?from={today - timedelta(days=730)}&to={today + timedelta(days=1)}"


class SqlTrace:
    """Every statement the server reads with, while a lead's requests run."""

    def __init__(self, server: LiveServer) -> None:
        self.statements: list[str] = []
        db = server.svc.db
        for name in ("fetch_all", "fetch_one", "fetch_value"):
            original = getattr(db, name)

            def traced(sql: str, params: Any = (), _original: Any = original) -> Any:
                self.statements.append(sql)
                return _original(sql, params)

            setattr(db, name, traced)


async def test_lead_endpoints_give_no_names_no_messages_and_no_small_counts(
        cast: Cast, programme: Seeded) -> None:
    """Every endpoint a lead can reach: no name or sign-in name of anyone, nothing said, no
    message table read, and no count of people below the threshold."""
    server = cast.server
    trace = SqlTrace(server)
    pid = cast.programme_id
    bodies: list[bytes] = []
    for path in (f"/api/programmes/{pid}/attendance", f"/api/programmes/{pid}/attendance.csv",
                 f"/api/programmes/{pid}/attendance{wide_term(server)}",
                 f"/api/programmes/{pid}/attendance-settings", "/api/me"):
        async with cast.lead.api.http.get(server.url + path) as resp:
            assert resp.status == 200, path
            bodies.append(await resp.read())
            if path.endswith(".csv"):
                assert resp.content_type == "text/csv"
                assert resp.headers["Content-Disposition"].startswith("attachment;")
    report = json.loads(bodies[0])["data"]
    for group in report["groups"]:
        status, reply = await cast.lead.api.post(
            f"/api/programmes/{pid}/supervisor-notifications", {"group_id": group["id"]})
        assert status == 202, reply
        bodies.append(json.dumps(reply).encode())

    names = [p.display_name for p in cast.everyone() if p is not cast.lead] + programme.words
    # ("admin" is also a field of /api/me; the administrator's display name is checked above.)
    usernames = [p.username for p in cast.everyone() if p not in (cast.lead, cast.admin)]
    blob = b"\n".join(bodies).decode()
    for name in names:
        assert name not in blob, name
    for username in usernames:
        assert not re.search(rf"\b{re.escape(username)}\b", blob), username
    assert "Quaxley" not in blob and "migraine" not in blob and "Week" not in blob
    lead_sql = " ".join(trace.statements).lower()
    for table in ("messages", "notes", "note_readers", "display_name", "username"):
        assert table not in lead_sql, table

    k = report["min_count"]
    cells = [g["cells"] for g in report["groups"]] + [report["all_groups"]["cells"]]
    for c in (x for cs in cells for x in (cs["trainees"], cs["below_expected"],
                                           *cs["bands"].values())):
        assert (c["value"] is None) == (c["state"] != "shown")
        assert c["value"] is None or c["value"] >= k
        # Shown counts are rounded to 5 and say so, or are exact beside as many pseudonyms.
        assert (c["display"] in (f"<{k}", "withheld")
                or (c.get("rounded_to") == 5 and c["display"] == f"about {c['value']}")
                or int(c["display"]) >= k)
    assert any(c["bands"][b]["state"] == "small" for c in cells for b in c["bands"])
    rows = list(csv.DictReader(io.StringIO(bodies[1].decode())))
    for row in rows:
        if row["measure"].startswith("trainees"):
            assert row["value"] in (f"<{k}", "withheld") or int(row["value"]) >= k, row
            assert row["rounded_to"] in ("", "5"), row
    # A session's rate shows only when the trainees expected and present both reach k.
    for group in report["groups"]:
        if group["id"] in programme.facilitators:
            reg = await sign_in(server, programme.facilitators[group["id"]])
        elif group["id"] == cast.group_id:
            reg = cast.facilitator.api
        else:
            assert group["sessions"] == []  # the Thursday group has not met
            continue
        status, reply = await reg.get(f"/api/groups/{group['id']}/register")
        ended = sorted((s for s in reply["data"]["sessions"] if s["state"] == "ended"),
                       key=lambda s: s["opened_at"])
        for published, actual in zip(group["sessions"], ended, strict=True):
            trainees = [p for p in actual["people"] if p["role"] == "member"]
            here = sum(p["present"] for p in trainees)
            assert (published["rate"] is not None) == (len(trainees) >= k and here >= k)
        # Places filled: attendances over places, each rounded to 5 before dividing, and only
        # for 3 trainees or more with k attendances or more.
        members = [p for s in ended for p in s["people"] if p["role"] == "member"]
        attended = sum(p["present"] for p in members)
        people = len({p["user_id"] for p in members})
        filled = group["places_filled"]
        if people < 3 or attended < k:
            assert filled == {"rate": None, "display": "withheld"}, filled
        else:
            rate = 100 * (5 * round(attended / 5)) // (5 * round(len(members) / 5))
            assert filled == {"rate": rate, "display": f"about {rate}%", "rounded_to": 5}
        if reg is not cast.facilitator.api:
            await reg.close()
    for group in report["groups"]:
        if group["below_expected_pseudonyms"] is not None:
            assert group["cells"]["below_expected"]["state"] == "shown"
            listed = group["below_expected_pseudonyms"]
            assert len(listed) == group["cells"]["below_expected"]["value"]
            assert all(re.fullmatch(r"T-[0-9a-f]{8}", p) for p in listed)


def check_table(report: dict[str, Any]) -> None:
    ranges, hidden, relations = report_table(report)
    unrecoverable(ranges, hidden, relations)


async def test_suppression_survives_differencing_in_the_page_and_the_csv(
        cast: Cast, programme: Seeded) -> None:
    """Every total the report and its CSV show, taken together, leaves every suppressed cell
    with at least two possible values."""
    pid = cast.programme_id
    for term in ("", wide_term(cast.server)):
        status, reply = await cast.lead.api.get(f"/api/programmes/{pid}/attendance{term}")
        assert status == 200, reply
        report = reply["data"]
        states = {c["state"] for g in [*report["groups"], report["all_groups"]]
                  for c in [g["cells"]["trainees"], g["cells"]["below_expected"],
                            *g["cells"]["bands"].values()]}
        assert {"small", "shown"} <= states  # the test has something to test
        check_table(report)
        async with cast.lead.api.http.get(
                f"{cast.server.url}/api/programmes/{pid}/attendance.csv{term}") as resp:
            rows = list(csv.DictReader(io.StringIO(await resp.text())))
        names = {g["name"]: g for g in report["groups"]}
        labels = {b["label"]: b["key"] for b in report["bands"]}
        def as_csv(cell: dict[str, Any]) -> list[str]:
            if cell["state"] == "shown":
                return [str(cell["value"]), str(cell.get("rounded_to", ""))]
            return [cell["display"], ""]

        for row in rows:
            cells = (names[row["group"]]["cells"] if row["group"] in names
                     else report["all_groups"]["cells"])
            got = [row["value"], row["rounded_to"]]
            if row["measure"] == "trainees":
                assert got == as_csv(cells["trainees"]), row
            elif row["measure"] == "trainees_below_expected_rate":
                assert got == as_csv(cells["below_expected"]), row
            elif row["measure"] == "trainees_by_attendance_rate":
                assert got == as_csv(cells["bands"][labels[row["category"]]]), row


def random_table(rng: random.Random, n_groups: int, bands: list[str], under: list[str]
                 ) -> tuple[dict[Any, int], list[disclosure.Relation]]:
    """A programme table of counts like the report's: bands, "below" and trainees per group,
    and the programme's row of sums."""
    values: dict[Any, int] = {}
    for g in range(n_groups):
        for b in bands:
            values[(g, b)] = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 17, 28])
        values[(g, "below")] = sum(values[(g, b)] for b in under)
        values[(g, "trainees")] = sum(values[(g, b)] for b in bands)
    for col in [*bands, "below", "trainees"]:
        values[("ALL", col)] = sum(values[(g, col)] for g in range(n_groups))
    rels = []
    for row in [*range(n_groups), "ALL"]:
        rels += [disclosure.Relation((row, "trainees"), tuple((row, b) for b in bands)),
                 disclosure.Relation((row, "below"), tuple((row, b) for b in under)),
                 disclosure.Relation((row, "trainees"), ((row, "below"), *(
                     (row, b) for b in bands if b not in under)))]
    for col in [*bands, "below", "trainees"]:
        rels.append(disclosure.Relation(("ALL", col), tuple((g, col) for g in range(n_groups))))
    return values, rels


def as_published(values: dict[Any, int], state: dict[Any, str], k: int,
                 exact: set[Any]) -> tuple[dict[Any, tuple[int, int]], list[Any]]:
    """What a reader knows of each cell, from the cells as the server sends them, read the way
    the test's attacker reads a report (published_range), not by the server's known_range."""
    ranges, hidden = {}, []
    for c, v in values.items():
        sent = disclosure.cell(v, state[c], k, c in exact)
        ranges[c] = published_range(sent, k)
        if state[c] != "shown":
            hidden.append(c)
        elif c not in exact:  # rounded to the nearest 5, as the page says
            assert sent["value"] % 5 == 0 and abs(sent["value"] - v) <= 2, (v, sent)
    return ranges, hidden


def test_protect_leaves_no_cell_recoverable_in_random_tables() -> None:
    """The method itself, on 60 random programme tables (some with a count known exactly, as
    when pseudonyms are listed), checked by the independent integer-programming attacker."""
    rng = random.Random(20261205)
    for _ in range(60):
        k = rng.choice([3, 5, 5, 10])
        bands = rng.choice([["low", "mid", "high"], ["low", "mid", "high", "top"]])
        under = bands[:rng.choice([1, 2])]
        values, rels = random_table(rng, rng.randint(1, 5), bands, under)
        exact = {c for c in values if c[1] == "below" and c[0] != "ALL" and rng.random() < 0.5}
        state = disclosure.protect(values, rels, k, exact)
        assert all(state[c] == "small" for c, v in values.items() if v < k)
        ranges, hidden = as_published(values, state, k, exact)
        unrecoverable(ranges, hidden, [(r.total, r.parts) for r in rels])


# A programme of one group where rounding alone gives a small count away: 12 + "<5" + 12 = 28,
# published as "about 10" + "<5" + "about 10" = "about 30". The sum can reach 28 only with 12,
# 4 and 12: the "<5" must be 4.
PINNED_BY_ROUNDING = {"low": 12, "mid": 4, "high": 12}


def test_the_check_fails_on_weakened_methods() -> None:
    """The independent check can fail: it catches small counts given away by suppression
    without rounding, and by rounding without the server's safety net; the real method
    protects the same tables."""
    k, bands, under = 5, ["low", "mid", "high"], ["low", "mid"]
    values, rels = random_table(random.Random(0), 1, bands, under)
    values.update({(row, b): v for row in (0, "ALL") for b, v in PINNED_BY_ROUNDING.items()})
    for row in (0, "ALL"):
        values[(row, "below")] = sum(values[(row, b)] for b in under)
        values[(row, "trainees")] = sum(values[(row, b)] for b in bands)
    relations = [(r.total, r.parts) for r in rels]

    # Weakened 1: small counts suppressed, every other count shown exactly.
    ranges = {c: (0, k - 1) if v < k else (v, v) for c, v in values.items()}
    hidden = [c for c, v in values.items() if v < k]
    with pytest.raises(AssertionError, match="can be worked out"):
        unrecoverable(ranges, hidden, relations)
    # Weakened 2: suppression and rounding, without the witness search.
    plain = {c: "small" if v < k else "shown" for c, v in values.items()}
    ranges, hidden = as_published(values, plain, k, set())
    with pytest.raises(AssertionError, match=r"\(0, 'mid'\): 4"):
        unrecoverable(ranges, hidden, relations)
    # The method as the server runs it.
    state = disclosure.protect(values, rels, k)
    assert "withheld" in state.values()
    ranges, hidden = as_published(values, state, k, set())
    unrecoverable(ranges, hidden, relations)


def test_pseudonyms_are_stable_in_a_programme_and_unlinkable_across() -> None:
    """The same trainee has one pseudonym per programme, and a different one in another."""
    one, two = b"\x01" * 32, b"\x02" * 32
    assert disclosure.pseudonym(one, "user-a") == disclosure.pseudonym(one, "user-a")
    assert disclosure.pseudonym(one, "user-a") != disclosure.pseudonym(two, "user-a")
    assert re.fullmatch(r"T-[0-9a-f]{8}", disclosure.pseudonym(one, "user-a"))


async def test_supervisor_is_told_without_the_lead_learning_who(cast: Cast,
                                                                 programme: Seeded) -> None:
    """Trainees (or an administrator) name a supervisor; a lead's request queues a content-free
    notification for those below the expected rate, and the lead's answer never varies."""
    server, pid = cast.server, cast.programme_id
    status, reply = await cast.trainee.api.request("PUT", "/api/me/supervisor",
                                                   {"name": "Dr Ruth Ames",
                                                    "email": "ruth.ames@nhs.net"})
    assert status == 200, reply
    status, reply = await cast.trainee.api.request(
        "PUT", f"/api/users/{cast.trainee2.user_id}/supervisor",
        {"name": "Dr X", "email": "x@nhs.net"})
    assert (status, reply["error"]["code"]) == (403, "administrators_only")
    status, reply = await cast.admin.api.request(
        "PUT", f"/api/users/{cast.trainee2.user_id}/supervisor",
        {"name": "Dr Sam Okafor", "email": "sam.okafor@nhs.net"})
    assert status == 200, reply
    status, reply = await cast.trainee.api.get("/api/me/supervisor")
    assert reply["data"] == {"name": "Dr Ruth Ames", "email": "ruth.ames@nhs.net"}

    path = f"/api/programmes/{pid}/supervisor-notifications"
    answers = set()
    for body in ({"group_id": cast.group_id}, {"group_id": cast.group_id, "pseudonym": "T-0"},
                 {"group_id": programme.group_ids[0]}):
        status, reply = await cast.lead.api.post(path, body)
        assert status == 202, reply
        answers.add(json.dumps(reply))
    assert len(answers) == 1
    # Tom and Tara each attended 1 of 1 sessions: nobody in the cast's group is below.
    rows = await server.svc.db.fetch_all("SELECT * FROM supervisor_outbox")
    assert rows and {r["group_id"] for r in rows} == {programme.group_ids[0]}
    assert all(r["rate"] < r["expected_rate"] == 80 for r in rows)
    audit = await server.svc.db.fetch_all(
        "SELECT * FROM audit_log WHERE event = 'supervisor_notification'")
    assert len(audit) == 3
    assert "Zelda" not in json.dumps([dict(a) for a in audit])
    for who in (cast.facilitator, cast.trainee):
        status, reply = await who.api.post(path, {"group_id": cast.group_id})
        assert (status, reply["error"]["code"]) == (403, "programme_leads_only")


async def test_programme_settings_are_an_administrators_choice(cast: Cast) -> None:
    """Leads read the expected rate and threshold; only an administrator changes them."""
    path = f"/api/programmes/{cast.programme_id}/attendance-settings"
    status, reply = await cast.lead.api.get(path)
    assert reply["data"] == {"expected_rate": 80, "min_count": 5}
    status, reply = await cast.lead.api.request("PUT", path, {"min_count": 3})
    assert (status, reply["error"]["code"]) == (403, "administrators_only")
    status, reply = await cast.admin.api.request("PUT", path, {"min_count": 1})
    assert reply["error"]["code"] == "bad_setting"
    status, reply = await cast.admin.api.request("PUT", path, {"expected_rate": 90})
    assert reply["data"] == {"expected_rate": 90, "min_count": 5}
    status, reply = await cast.lead.api.get(f"/api/programmes/{cast.programme_id}/attendance")
    assert [b["key"] for b in reply["data"]["bands"]] == ["0-50", "50-80", "80-90", "90-100"]


async def test_a_lead_can_ask_for_one_pseudonymous_trainee_when_the_count_is_shown(
        server: LiveServer) -> None:
    """With 6 of 12 trainees below the expected rate (a count that may be shown), their
    pseudonyms are listed without rates, and asking about one queues exactly that trainee."""
    seeded = await seed(server.svc, groups_spec=[("Big group", [0.0] * 6 + [1.0] * 6)],
                        sessions=[5], last=server.clock.now() - 86400)
    lena = await sign_in(server, "lena")
    try:
        status, reply = await lena.get(f"/api/programmes/{seeded.programme_id}/attendance")
        [group] = reply["data"]["groups"]
        assert group["cells"]["below_expected"] == {"value": 6, "display": "6", "state": "shown"}
        listed = group["below_expected_pseudonyms"]
        assert len(listed) == 6 == len(set(listed))
        check_table(reply["data"])
        status, reply = await lena.post(
            f"/api/programmes/{seeded.programme_id}/supervisor-notifications",
            {"group_id": group["id"], "pseudonym": listed[0]})
        assert status == 202
        rows = await server.svc.db.fetch_all("SELECT user_id, rate, status FROM supervisor_outbox")
        assert [(r["rate"], r["status"]) for r in rows] == [(0, "no_contact")]
        key = await server.svc.db.fetch_value(
            "SELECT pseudonym_key FROM programme_attendance WHERE programme_id = ?",
            (seeded.programme_id,))
        assert disclosure.pseudonym(key, rows[0]["user_id"]) == listed[0]
    finally:
        await lena.close()


async def test_a_large_programme_report_does_not_pause_the_rooms(cast: Cast) -> None:
    """The report's table is built in a worker process, so chat goes on meanwhile, however
    large the programme (the method's speed itself is measured by bench/lead_report_bench.py)."""
    for i in range(18):  # the cast's 2 groups + 18
        await groups.create_group(cast.server.svc, OPERATOR, cast.programme_id, f"Extra group {i}")
    tom = await cast.trainee.connect(cast.server)
    await tom.ok("accept_rules", {"session_id": cast.session_id})
    await tom.ok("join", {"session_id": cast.session_id})
    started = time.monotonic()
    report = asyncio.ensure_future(
        cast.lead.api.get(f"/api/programmes/{cast.programme_id}/attendance"))
    slowest, sent = 0.0, 0
    while not report.done():
        asked = time.monotonic()
        await tom.ok("send", {"session_id": cast.session_id,
                              "client_id": f"during-report-{sent:04d}", "text": "still here"})
        slowest = max(slowest, time.monotonic() - asked)
        sent += 1
        cast.server.clock.advance(1)  # stay under the message rate limit
        await asyncio.sleep(0.05)
    status, reply = await report
    assert status == 200, reply
    assert time.monotonic() - started < 30
    assert sent >= 1 and slowest < 0.5, (sent, slowest)
