"""Push-to-talk ("only the speaker unmutes", issue 22) as a group setting: off by default, only
the group's facilitators switch it, a wrong value is refused in words, and open rooms hear of a
change at once (each browser keeps the rule on its own microphone: web/media.js)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cast
from tests.session_support import connect, enter
from tests.support import Person


async def put(person: Person, cast: Cast, value: Any) -> tuple[int, dict[str, Any]]:
    return await person.api.request("PUT", f"/api/groups/{cast.group_id}/settings",
                                    {"push_to_talk": value})


async def seen_by(person: Person, cast: Cast) -> bool:
    status, reply = await person.api.get(f"/api/groups/{cast.group_id}/settings")
    assert status == 200, reply
    return bool(reply["data"]["push_to_talk"])


async def test_off_by_default_then_a_facilitator_turns_it_on_and_off(cast: Cast) -> None:
    assert await seen_by(cast.trainee, cast) is False
    status, reply = await put(cast.facilitator, cast, True)
    assert status == 200 and reply["data"]["push_to_talk"] is True, reply
    assert await seen_by(cast.trainee, cast) is True
    status, reply = await put(cast.facilitator, cast, False)
    assert status == 200 and reply["data"]["push_to_talk"] is False, reply


@pytest.mark.parametrize("value", ["yes", 1, None, {"enabled": True}])
async def test_a_wrong_value_is_refused_in_words(cast: Cast, value: Any) -> None:
    status, reply = await put(cast.facilitator, cast, value)
    assert status == 400, reply
    assert reply["error"] == {"code": "bad_setting",
                              "message": "Push-to-talk is either on (true) or off (false)."}
    assert await seen_by(cast.trainee, cast) is False


@pytest.mark.parametrize(("who", "code"), [("trainee", "facilitators_only"),
                                           ("outsider", "not_a_member")])
async def test_only_the_groups_facilitators_may_switch_it(cast: Cast, who: str,
                                                           code: str) -> None:
    status, reply = await put(getattr(cast, who), cast, True)
    assert status == 403 and reply["error"]["code"] == code, reply
    assert await seen_by(cast.trainee, cast) is False


async def test_an_open_room_hears_of_the_change_at_once(cast: Cast) -> None:
    """People in the room are told without rejoining; other settings' changes say nothing."""
    tom, _ = await enter(cast.trainee, cast.server, cast.session_id)
    outsider = await connect(cast.outsider, cast.server)
    status, _ = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", {"auto_admit": True})
    assert status == 200
    status, _ = await put(cast.facilitator, cast, True)
    assert status == 200
    await tom.wait_for(lambda: bool(tom.received("push_to_talk")))
    assert tom.received("push_to_talk") == [{"session_id": cast.session_id, "enabled": True}]
    assert outsider.received("push_to_talk") == []
