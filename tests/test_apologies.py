"""Apologies (issue 23, acceptance 3): Tom can't come and says so ahead, with a reason only
Fiona reads; the register tells his absence apart from Theo's unexplained one; the lead's
report counts apologies apart and never carries the reason (a canary scan of all they see).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from server.actions import apologies, attendance, ending
from tests.conftest import Cast
from tests.session_support import add_person, close_people

LONDON = ZoneInfo("Europe/London")
CANARY = "CANARY-dentist-appointment-7Q"


def local(unix: float) -> dict[str, str]:
    when = datetime.fromtimestamp(unix, LONDON)
    return {"date": when.date().isoformat(), "start_time": f"{when:%H:%M}"}


async def schedule_at(cast: Cast, hours_ahead: list[float]) -> list[dict[str, Any]]:
    """Fiona schedules sessions this many hours from now (on the minute), 60 minutes each."""
    now = cast.server.clock.now()
    base = (now // 300 + 1) * 300
    made = []
    for hours in hours_ahead:
        status, reply = await cast.facilitator.api.post(
            f"/api/groups/{cast.group_id}/scheduled",
            {**local(base + hours * 3600), "minutes": 60})
        assert status == 201, reply
        made.append(reply["data"])
    return made


async def hold(cast: Cast, slot: dict[str, Any], attendees: list[str]) -> str:
    """The session's time comes; the room opens, these people are in it for the hour, it ends."""
    svc = cast.server.svc
    cast.server.clock.set(slot["starts_at"] - 60)
    status, reply = await cast.facilitator.api.post(f"/api/scheduled/{slot['id']}/open")
    assert status == 201, reply
    session_id = reply["data"]["session_id"]
    cast.server.clock.set(slot["starts_at"])
    for user_id in attendees:
        await attendance.arrived(svc, session_id, user_id)
    cast.server.clock.set(slot["ends_at"])
    await ending.end(svc, session_id, "facilitator")
    return session_id


async def test_apologies_reach_facilitators_only_and_are_sent_ahead(cast: Cast) -> None:
    await ending.end(cast.server.svc, cast.session_id, "facilitator")
    (slot,) = await schedule_at(cast, [2])
    url = f"/api/scheduled/{slot['id']}/apologies"
    status, reply = await cast.trainee.api.request("PUT", url, {"reason": CANARY})
    assert status == 200 and reply["data"]["reason"] == CANARY
    status, reply = await cast.trainee2.api.request("PUT", url, {})
    assert status == 200 and reply["data"]["reason"] is None
    for person, code in ((cast.facilitator, "not_allowed"), (cast.lead, "lead_not_in_rooms"),
                         (cast.outsider, "not_a_member")):
        status, reply = await person.api.request("PUT", url, {"reason": "x"})
        assert (status, reply["error"]["code"]) == (403, code)

    schedule_url = f"/api/groups/{cast.group_id}/schedule"
    _, seen = await cast.facilitator.api.get(schedule_url)
    sent = seen["data"]["sessions"][0]["apologies"]
    assert [(a["display_name"], a["reason"]) for a in sent] == [("Tara", None), ("Tom", CANARY)]
    _, seen = await cast.trainee2.api.get(schedule_url)  # Tara sees her own, not Tom's reason
    assert [a["display_name"] for a in seen["data"]["sessions"][0]["apologies"]] == ["Tara"]
    assert CANARY not in json.dumps(seen)
    _, home = await cast.trainee.api.get("/api/me/schedule")
    assert home["data"]["groups"][0]["sessions"][0]["my_apologies"] == {"reason": CANARY}

    status, _ = await cast.trainee2.api.request("DELETE", url)  # Tara can come after all
    assert status == 200
    cast.server.clock.set(slot["starts_at"] + 1)
    status, reply = await cast.trainee.api.request("PUT", url, {"reason": "late"})
    assert (status, reply["error"]["code"]) == (409, "too_late")


async def test_register_and_lead_report_count_apologies_apart_and_never_the_reason(
        cast: Cast) -> None:
    """Five sessions held: Tom sent apologies for each, Theo never came and said nothing, Tara
    came to all. A sixth was cancelled and counts for nobody."""
    svc = cast.server.svc
    await ending.end(svc, cast.session_id, "facilitator")
    theo = await add_person(cast, "theo", "Theo")
    try:
        slots = await schedule_at(cast, [1, 2, 3, 4, 5, 6])
        status, _ = await cast.facilitator.api.post(f"/api/scheduled/{slots[5]['id']}/cancel")
        assert status == 200
        for slot in slots[:5]:
            status, _ = await cast.trainee.api.request(
                "PUT", f"/api/scheduled/{slot['id']}/apologies", {"reason": CANARY})
            assert status == 200
        for slot in slots[:5]:
            await hold(cast, slot, [cast.trainee2.user_id, cast.facilitator.user_id])

        _, register = await cast.facilitator.api.get(f"/api/groups/{cast.group_id}/register")
        latest = {p["display_name"]: p for p in register["data"]["sessions"][0]["people"]}
        assert (latest["Tom"]["present"], latest["Tom"]["apologies"],
                latest["Tom"]["apology_reason"]) == (False, True, CANARY)
        assert (latest["Theo"]["present"], latest["Theo"]["apologies"]) == (False, False)
        assert (latest["Tara"]["present"], latest["Tara"]["apologies"]) == (True, False)

        # Rates are over the sessions held, whether Tom came or not: the five scheduled ones
        # and the cast's "Week 3" (opened by hand, held too); the cancelled one counts for
        # nobody. Apologies explain an absence; they do not excuse it from the rate.
        _, mine = await cast.trainee.api.get("/api/me/attendance")
        group = next(g for g in mine["data"]["groups"] if g["id"] == cast.group_id)
        assert (group["expected"], group["present"], group["rate"]) == (6, 0, 0)
        assert [s["apologies"] for s in group["sessions"]] == [False] + [True] * 5

        lead_url = f"/api/programmes/{cast.programme_id}/attendance"
        _, report = await cast.lead.api.get(lead_url)
        ours = next(g for g in report["data"]["groups"] if g["id"] == cast.group_id)
        assert ours["apologies"]["display"] == "about 5"
        other = next(g for g in report["data"]["groups"] if g["id"] == cast.other_group_id)
        assert other["apologies"] is None  # no scheduled sessions: not "0 apologies"
        assert report["data"]["all_groups"]["apologies"]["display"] == "about 5"
        async with cast.lead.api.http.get(cast.server.url + lead_url + ".csv") as resp:
            csv_text = await resp.text()
        assert "apologies_sent,,5,5\r\n" in csv_text  # 5, rounded to 5
        # Everything the lead can reach: none of it carries the reason.
        seen = [json.dumps(report), csv_text]
        for path in ("/api/me", f"/api/programmes/{cast.programme_id}/attendance-settings",
                     "/api/me/schedule", f"/api/groups/{cast.group_id}/schedule",
                     f"/api/groups/{cast.group_id}/register"):
            _, answer = await cast.lead.api.get(path)
            seen.append(json.dumps(answer))
        for text in seen:
            assert CANARY not in text and "dentist" not in text
        # The facilitator's own register does carry it: the canary is a real one.
        assert CANARY in json.dumps(register)
        # A month after, the reason is gone; the apology stays in the register.
        cast.server.clock.set(slots[4]["ends_at"] + 30 * 86400 + 60)
        await apologies.forget_old_reasons(svc)
        kept = await svc.db.fetch_all("SELECT reason FROM apologies")
        assert [r["reason"] for r in kept] == [None] * 5
    finally:
        await close_people([theo])
