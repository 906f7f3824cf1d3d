"""The settings screens' data: each choice with the limits it must keep to, for the group's
facilitators and the programme's lead only."""

from __future__ import annotations

from tests.conftest import Cast


async def test_group_form_carries_the_leads_limits(cast: Cast) -> None:
    status, reply = await cast.lead.api.request(
        "PUT", f"/api/programmes/{cast.programme_id}/retention-limits", {"max_note_days": 60})
    assert status == 200, reply
    path = f"/api/groups/{cast.group_id}/settings-form"
    status, reply = await cast.facilitator.api.get(path)
    assert status == 200, reply
    form = reply["data"]
    assert form["group"]["name"] == "Tuesday Balint group"
    assert form["retention"]["note_days"] == {"min": 0, "max": 60, "widest": 365, "lead_cap": 60}
    assert form["retention"]["chat_hours"]["max"] == 720
    assert form["minutes"] == {"min": 1, "max": 120}
    assert [p["key"] for p in form["phases"]][:2] == ["check_in", "case_choice"]
    assert form["phases"][1]["label"] == "Who has a case?"
    assert form["expected_rate"] == 80 and form["attendance_years"] == 3
    assert "heartsink" in form["reflection"]["always"]
    for who in (cast.trainee, cast.lead, cast.outsider):
        status, _ = await who.api.get(path)
        assert status in (403, 404)


async def test_programme_form_for_the_lead(cast: Cast) -> None:
    path = f"/api/programmes/{cast.programme_id}/settings-form"
    status, reply = await cast.lead.api.get(path)
    assert status == 200, reply
    form = reply["data"]
    assert form["limits"]["max_note_days"] == 90
    assert form["ranges"]["attendance_years"] == {"min": 1, "max": 10}
    assert form["may_change_rate"] is False
    _, reply = await cast.admin.api.get(path)
    assert reply["data"]["may_change_rate"] is True
    status, reply = await cast.facilitator.api.get(path)
    assert status == 403 and reply["error"]["code"] == "programme_leads_only"
