"""One open session per group (issue 17): a second is refused with words that say what to do,
also when two facilitators press *Open a session now* at once, also from the console; opening
and ending tell the group's home pages; a past session has a page of its own for its notes."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from server.actions import ending, groups
from server.errors import AppError
from server.permissions import OPERATOR
from tests.conftest import Cast
from tests.support import LiveServer


async def open_via_http(cast: Cast, who: str = "facilitator",
                        title: str = "Week 4") -> tuple[int, dict]:
    person = getattr(cast, who)
    return await person.api.post(f"/api/groups/{cast.group_id}/sessions", {"title": title})


async def open_count(cast: Cast) -> int:
    return int(await cast.server.svc.db.fetch_value(
        "SELECT COUNT(*) FROM sessions WHERE group_id = ? AND state = 'open'", (cast.group_id,)))


async def test_a_second_session_is_refused_with_what_to_do(cast: Cast) -> None:
    status, reply = await open_via_http(cast)
    assert status == 409, reply
    error = reply["error"]
    assert error["code"] == "session_already_open"
    assert "“Week 3” is already open" in error["message"]
    assert "Enter the open session or end it first" in error["message"]
    assert error["details"] == {"session_id": cast.session_id}
    assert await open_count(cast) == 1
    # The refused attempt leaves no keys behind.
    keyed = await cast.server.svc.keystore.fetch_all("SELECT DISTINCT session_id FROM session_keys")
    assert [r["session_id"] for r in keyed] == [cast.session_id]
    # Once it has ended, the next one opens.
    await ending.end(cast.server.svc, cast.session_id, "facilitator")
    status, reply = await open_via_http(cast)
    assert status == 201, reply


async def test_concurrent_opens_make_exactly_one_session(cast: Cast) -> None:
    await ending.end(cast.server.svc, cast.session_id, "facilitator")
    svc = cast.server.svc
    tries = [open_via_http(cast, who, f"Race {i}")
             for i, who in enumerate(["facilitator", "admin"] * 4)]
    tries.append(groups.open_session(svc, OPERATOR, cast.group_id, "Console"))  # type: ignore[arg-type]
    results = await asyncio.gather(*tries, return_exceptions=True)
    made = [r for r in results if isinstance(r, str) or (isinstance(r, tuple) and r[0] == 201)]
    refused = [r for r in results if (isinstance(r, AppError) and r.code == "session_already_open")
               or (isinstance(r, tuple) and r[0] == 409
                   and r[1]["error"]["code"] == "session_already_open")]
    assert len(made) == 1 and len(refused) == len(results) - 1, results
    assert await open_count(cast) == 1
    opened = await svc.db.fetch_value(
        "SELECT id FROM sessions WHERE group_id = ? AND state = 'open'", (cast.group_id,))
    keyed = {r["session_id"] for r in await svc.keystore.fetch_all(
        "SELECT session_id FROM session_keys")}
    assert opened in keyed and len(keyed - {cast.session_id}) == 1, "refused opens left keys"


async def test_the_console_is_refused_too(cast: Cast, server: LiveServer) -> None:
    with pytest.raises(AppError) as caught:
        await groups.open_session(server.svc, OPERATOR, cast.group_id, "From the console")
    assert caught.value.code == "session_already_open"
    env = {"BALINT_DATA_DIR": str(server.config.data_dir), "PATH": "/usr/bin:/bin"}
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "server", "open-session", "--group",
                         cast.group_id, "--title", "Console"],
        env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Enter the open session or end it first" in done.stderr
    assert await open_count(cast) == 1


async def test_opening_and_ending_tell_the_groups_home_pages(cast: Cast) -> None:
    await ending.end(cast.server.svc, cast.session_id, "facilitator")
    tom_home = await cast.trainee.connect(cast.server)
    olly_home = await cast.outsider.connect(cast.server)  # another group: hears nothing
    status, reply = await open_via_http(cast)
    assert status == 201, reply
    await tom_home.wait_for(lambda: len(tom_home.received("sessions_changed")) == 1)
    assert tom_home.received("sessions_changed") == [{"group_id": cast.group_id}]
    status, me = await cast.trainee.api.get("/api/me")
    sessions = next(g for g in me["data"]["groups"] if g["id"] == cast.group_id)["sessions"]
    assert [s["title"] for s in sessions if s["state"] == "open"] == ["Week 4"]
    await ending.end(cast.server.svc, reply["data"]["id"], "facilitator")
    await tom_home.wait_for(lambda: len(tom_home.received("sessions_changed")) == 2)
    assert olly_home.received("sessions_changed") == []


async def test_a_past_session_page_for_members_only(cast: Cast) -> None:
    await ending.end(cast.server.svc, cast.session_id, "facilitator")
    path = f"/api/sessions/{cast.session_id}"
    for member in (cast.trainee, cast.facilitator):
        status, reply = await member.api.get(path)
        assert status == 200, reply
        page = reply["data"]
        assert (page["title"], page["state"], page["group_name"]) == (
            "Week 3", "ended", "Tuesday Balint group")
        assert page["note_days"] == 30
        assert page["notes_until"] == pytest.approx(page["ended_at"] + 30 * 86400)
        # The notes endpoints answer for a past session too.
        status, reply = await member.api.get(path + "/notes")
        assert status == 200 and reply["data"]["session_id"] == cast.session_id
    for outsider, code in ((cast.outsider, "not_a_member"), (cast.lead, "lead_not_in_rooms")):
        for url in (path, path + "/notes"):
            status, reply = await outsider.api.get(url)
            assert (status, reply["error"]["code"]) == (403, code), url
    status, reply = await cast.trainee.api.get("/api/sessions/no-such-session")
    assert (status, reply["error"]["code"]) == (404, "session_unknown")
