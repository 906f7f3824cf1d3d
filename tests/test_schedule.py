"""Terms and calendars (issue 23): Fiona schedules a fortnightly term across the October
clock change, moves one session and cancels another; the group puts it in their calendars.

The term is in autumn 2027, ahead of the cast's clock (today): UK clocks go back on Sunday
31 October 2027.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import aiohttp
import icalendar

from server import schedule
from server.actions import ending
from tests.conftest import Cast

TERM = {"first_date": "2027-09-14", "start_time": "19:00", "every_weeks": 2, "count": 8,
        "minutes": 90}


async def scheduled_term(cast: Cast) -> list[dict[str, Any]]:
    """Fiona's term of 8 fortnightly Tuesday sessions at 19:00, from 14 September 2027."""
    await ending.end(cast.server.svc, cast.session_id, "facilitator")
    status, reply = await cast.facilitator.api.post(f"/api/groups/{cast.group_id}/terms", TERM)
    assert status == 201, reply
    return list(reply["data"]["sessions"])


def utc_hour(unix: float) -> int:
    return datetime.fromtimestamp(unix, UTC).hour


def test_local_time_is_kept_across_the_clock_change_not_the_hours_between() -> None:
    """14 days after 19:00 BST is 19:00 GMT, not 18:00: each date is placed in local time."""
    term = schedule.term("2027-10-19", "19:00", 2, 2, 90)
    before, after = term.instants(schedule.zone("Europe/London"))
    assert (utc_hour(before), utc_hour(after)) == (18, 19)
    assert after - before == 14 * 86400 + 3600
    monday = schedule.term("2027-09-14", "19:00", 1, 1, 90, weekday="Thursday")
    assert monday.first_date.isoformat() == "2027-09-16"


async def test_fiona_schedules_a_term_that_stays_at_seven_across_the_change(cast: Cast) -> None:
    """Eight fortnightly sessions: all at 19:00 London time, the UTC hour moving at the change."""
    sessions = await scheduled_term(cast)
    assert [s["date"] for s in sessions] == [
        "2027-09-14", "2027-09-28", "2027-10-12", "2027-10-26",
        "2027-11-09", "2027-11-23", "2027-12-07", "2027-12-21"]
    assert {s["start_time"] for s in sessions} == {"19:00"}
    assert [utc_hour(s["starts_at"]) for s in sessions] == [18] * 4 + [19] * 4
    assert sessions[3]["label"] == "Tue 26 Oct 2027, 19:00"
    # Tom reads the same term; it is his group's.
    status, reply = await cast.trainee.api.get(f"/api/groups/{cast.group_id}/schedule")
    assert status == 200 and len(reply["data"]["sessions"]) == 8
    assert reply["data"]["timezone"] == "Europe/London"
    assert reply["data"]["can_manage"] is False


async def test_only_the_groups_facilitators_change_its_schedule(cast: Cast) -> None:
    sessions = await scheduled_term(cast)
    first = sessions[0]["id"]
    move = {"date": "2027-09-15", "start_time": "18:30"}
    for person, code in ((cast.trainee, "facilitators_only"), (cast.lead, "lead_not_in_rooms"),
                         (cast.outsider, "not_a_member"), (cast.admin, "not_a_member")):
        status, reply = await person.api.request("PUT", f"/api/scheduled/{first}", move)
        assert (status, reply["error"]["code"]) == (403, code)
        status, reply = await person.api.post(f"/api/groups/{cast.group_id}/terms", TERM)
        assert (status, reply["error"]["code"]) == (403, code)
    for person, code in ((cast.lead, "lead_not_in_rooms"), (cast.outsider, "not_a_member")):
        status, reply = await person.api.get(f"/api/groups/{cast.group_id}/schedule")
        assert (status, reply["error"]["code"]) == (403, code)
    status, reply = await cast.facilitator.api.get(f"/api/groups/{cast.group_id}/schedule")
    assert [s["sequence"] for s in reply["data"]["sessions"]] == [0] * 8


async def test_bad_terms_are_refused_in_words(cast: Cast) -> None:
    url = f"/api/groups/{cast.group_id}/terms"
    for change, code in (({"start_time": "7pm"}, "bad_time"), ({"count": 0}, "bad_count"),
                         ({"first_date": "14/09/2027"}, "bad_date"),
                         ({"every_weeks": 9}, "bad_every"), ({"minutes": 600}, "bad_minutes"),
                         ({"weekday": "Caturday"}, "bad_weekday")):
        status, reply = await cast.facilitator.api.post(url, {**TERM, **change})
        assert (status, reply["error"]["code"]) == (400, code), change
    settings_url = f"/api/groups/{cast.group_id}/schedule-settings"
    status, reply = await cast.facilitator.api.request("PUT", settings_url,
                                                       {"timezone": "../../etc/passwd"})
    assert (status, reply["error"]["code"]) == (400, "bad_timezone")
    status, reply = await cast.facilitator.api.request("PUT", settings_url,
                                                       {"timezone": "Europe/Dublin",
                                                        "open_minutes": 10})
    assert status == 200 and reply["data"] == {"timezone": "Europe/Dublin", "open_minutes": 10}
    status, reply = await cast.facilitator.api.get(f"/api/groups/{cast.group_id}/schedule")
    assert reply["data"]["sessions"] == []  # nothing half-made by the refusals


def events(data: bytes) -> dict[str, icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(data)
    assert cal.get("prodid") and cal.get("version") == "2.0"
    assert any(c.name == "VTIMEZONE" and str(c["tzid"]) == "Europe/London" for c in cal.walk())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


async def test_the_term_goes_into_calendars_moves_and_cancellations_included(
        cast: Cast) -> None:
    """Acceptance 1: the .ics and the personal feed carry 8 sessions at 19:00 London time; a
    moved one has SEQUENCE 1 and its new time, a cancelled one STATUS:CANCELLED; a revoked
    feed answers 404; the feed names no member."""
    sessions = await scheduled_term(cast)
    moved, cancelled = sessions[2], sessions[5]
    status, _ = await cast.facilitator.api.request(
        "PUT", f"/api/scheduled/{moved['id']}", {"date": "2027-10-13", "start_time": "18:30"})
    assert status == 200
    status, reply = await cast.facilitator.api.post(f"/api/scheduled/{cancelled['id']}/cancel")
    assert status == 200 and reply["data"]["state"] == "cancelled"

    async with cast.trainee.api.http.get(
            f"{cast.server.url}/api/groups/{cast.group_id}/calendar.ics") as resp:
        assert resp.status == 200 and resp.content_type == "text/calendar"
        download = await resp.read()
    found = events(download)
    assert len(found) == 8
    assert set(found) == {f"{s['id']}@balint-rooms" for s in sessions}  # UID stable per session
    for s in sessions:
        event = found[f"{s['id']}@balint-rooms"]
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/London"
        assert str(event["summary"]) == "Tuesday Balint group"
        if s is moved:
            assert (start.date().isoformat(), f"{start:%H:%M}") == ("2027-10-13", "18:30")
            assert (event["sequence"], str(event["status"])) == (1, "CONFIRMED")
        elif s is cancelled:
            assert (event["sequence"], str(event["status"])) == (1, "CANCELLED")
        else:
            assert f"{start:%H:%M}" == "19:00" and event["sequence"] == 0
            assert (event.decoded("dtend") - start).total_seconds() == 90 * 60
    assert [utc_hour(found[f"{s['id']}@balint-rooms"].decoded("dtstart").timestamp())
            for s in sessions if s is not moved] == [18] * 3 + [19] * 4

    status, reply = await cast.trainee.api.post("/api/me/calendar-feed")
    assert status == 201
    url = reply["data"]["url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    async with aiohttp.ClientSession() as anonymous:  # a calendar app: no cookie
        async with anonymous.get(url) as resp:
            assert resp.status == 200
            feed = await resp.read()
        assert events(feed).keys() == found.keys()
        for name in ("Tom", "Tara", "Fiona", "Week 3"):
            assert name.encode() not in feed and name.encode() not in download
        rows = await cast.server.svc.db.fetch_all("SELECT * FROM calendar_feeds")
        assert token.encode() not in b"".join(bytes(r["token_hash"]) for r in rows)
        status, reply = await cast.trainee.api.get("/api/me/calendar-feed")
        assert reply["data"]["active"] is True and reply["data"]["url"] is None
        status, _ = await cast.trainee.api.request("DELETE", "/api/me/calendar-feed")
        assert status == 200
        async with anonymous.get(url) as resp:
            assert resp.status == 404
        # A new subscription works; the revoked one stays dead.
        status, reply = await cast.trainee.api.post("/api/me/calendar-feed")
        async with anonymous.get(reply["data"]["url"]) as resp:
            assert resp.status == 200
        async with anonymous.get(url) as resp:
            assert resp.status == 404
    status, reply = await cast.outsider.api.get(f"/api/groups/{cast.group_id}/calendar.ics")
    assert (status, reply["error"]["code"]) == (403, "not_a_member")


async def test_an_opened_or_cancelled_session_cannot_be_moved(cast: Cast) -> None:
    sessions = await scheduled_term(cast)
    api = cast.facilitator.api
    await api.post(f"/api/scheduled/{sessions[0]['id']}/cancel")
    status, reply = await api.post(f"/api/scheduled/{sessions[0]['id']}/cancel")
    assert (status, reply["error"]["code"]) == (409, "scheduled_cancelled")
    status, reply = await api.post(f"/api/scheduled/{sessions[1]['id']}/open")
    assert status == 201
    status, reply = await api.request("PUT", f"/api/scheduled/{sessions[1]['id']}",
                                      {"date": "2027-10-01", "start_time": "19:00"})
    assert (status, reply["error"]["code"]) == (409, "scheduled_opened")
    status, reply = await api.post(f"/api/groups/{cast.group_id}/scheduled",
                                   {"date": "2027-12-14", "start_time": "19:30"})
    assert status == 201 and reply["data"]["label"] == "Tue 14 Dec 2027, 19:30"
