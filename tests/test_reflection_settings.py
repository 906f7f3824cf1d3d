"""Language reflection as a group setting: off by default, only facilitators switch it or edit
its extra labels, bad values are refused in plain words, and open rooms hear of a change."""

from __future__ import annotations

from typing import Any

import pytest

from server.group_settings import MAX_REFLECTION_TERM_CHARS, MAX_REFLECTION_TERMS
from tests.conftest import Cast
from tests.session_support import connect, enter
from tests.support import Person

OFF = {"enabled": False, "extra_terms": []}


async def put(person: Person, cast: Cast, reflection: Any) -> tuple[int, dict[str, Any]]:
    return await person.api.request("PUT", f"/api/groups/{cast.group_id}/settings",
                                    {"language_reflection": reflection})


async def reflection_seen_by(person: Person, cast: Cast) -> dict[str, Any]:
    status, reply = await person.api.get(f"/api/groups/{cast.group_id}/settings")
    assert status == 200, reply
    return reply["data"]["language_reflection"]


async def test_off_by_default_for_everyone_in_the_group(cast: Cast) -> None:
    """A new group has reflection off and no extra labels, as its members read it."""
    assert await reflection_seen_by(cast.trainee, cast) == OFF
    assert await reflection_seen_by(cast.facilitator, cast) == OFF


async def test_a_facilitator_switches_it_on_edits_labels_and_switches_it_off(cast: Cast) -> None:
    """On with tidied labels; switching off keeps the labels for next time."""
    status, reply = await put(cast.facilitator, cast, {
        "enabled": True,
        "extra_terms": ["  worried   well ", "Worried Well", "", "non-compliant",
                        "Hypocondr\u00edaco"],
    })
    assert status == 200, reply
    on = {"enabled": True, "extra_terms": ["worried well", "non-compliant", "Hypocondr\u00edaco"]}
    assert reply["data"]["language_reflection"] == on
    assert await reflection_seen_by(cast.trainee, cast) == on

    status, reply = await put(cast.facilitator, cast, {"enabled": False})
    assert status == 200, reply
    assert await reflection_seen_by(cast.trainee, cast) == {**on, "enabled": False}
    # Other settings are untouched by it, and it by them.
    status, reply = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", {"auto_admit": False})
    assert status == 200 and reply["data"]["language_reflection"] == {**on, "enabled": False}


TOO_MANY = [f"label {chr(ord('a') + i)}" for i in range(MAX_REFLECTION_TERMS + 1)]


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        (True, "bad_setting", "Language reflection must be an object"),
        ({"enabled": "yes"}, "bad_setting", "either on (true) or off (false)"),
        ({"enabled": 1}, "bad_setting", "either on (true) or off (false)"),
        ({"on": True}, "bad_setting", "Unknown language reflection setting: on."),
        ({"extra_terms": "heartsink"}, "bad_setting", "a list of words or short phrases"),
        ({"extra_terms": ["ok", 3]}, "bad_setting", "a list of words or short phrases"),
        ({"extra_terms": TOO_MANY}, "too_many_terms",
         f"keep the list to {MAX_REFLECTION_TERMS} words or phrases at most (this one has 21)"),
        ({"extra_terms": ["same"] * 101}, "too_many_terms", "(this one has 101 lines)"),
        ({"extra_terms": ["x" * (MAX_REFLECTION_TERM_CHARS + 1)]}, "too_long",
         f"at most {MAX_REFLECTION_TERM_CHARS}"),
        ({"extra_terms": ["two\nlines"]}, "bad_text", "characters we cannot store"),
        ({"extra_terms": ["bell\u0007"]}, "bad_text", "characters we cannot store"),
        ({"extra_terms": ["---"]}, "bad_text", "needs at least one letter"),
    ],
)
async def test_bad_values_are_refused_in_plain_words_and_change_nothing(
    cast: Cast, value: Any, code: str, words: str
) -> None:
    """Each bad value gets its own code and a message saying how to put it right."""
    status, reply = await put(cast.facilitator, cast, {"enabled": True, "extra_terms": ["good"]})
    assert status == 200, reply
    status, reply = await put(cast.facilitator, cast, value)
    assert status == 400, reply
    assert reply["error"]["code"] == code
    assert words in reply["error"]["message"]
    assert await reflection_seen_by(cast.trainee, cast) == {"enabled": True,
                                                            "extra_terms": ["good"]}


async def test_the_longest_list_allowed_is_accepted(cast: Cast) -> None:
    """Exactly the maximum count of maximum-length labels is fine: the limits are not off by one."""
    terms = [f"{chr(ord('a') + i)}" * MAX_REFLECTION_TERM_CHARS
             for i in range(MAX_REFLECTION_TERMS)]
    status, reply = await put(cast.facilitator, cast, {"extra_terms": terms})
    assert status == 200, reply
    assert reply["data"]["language_reflection"]["extra_terms"] == terms


@pytest.mark.parametrize(
    ("who", "code"),
    [("trainee", "facilitators_only"), ("lead", "lead_not_in_rooms"),
     ("admin", "not_a_member"), ("outsider", "not_a_member")],
)
async def test_only_the_groups_facilitators_may_change_it(cast: Cast, who: str, code: str) -> None:
    """Everyone else is refused with the permission table's words, and nothing changes."""
    status, reply = await put(getattr(cast, who), cast, {"enabled": True})
    assert status == 403, reply
    assert reply["error"]["code"] == code
    assert await reflection_seen_by(cast.trainee, cast) == OFF


async def test_an_open_room_hears_of_the_change_at_once(cast: Cast) -> None:
    """People in the room get the new choice without rejoining; other changes send nothing."""
    tom, _ = await enter(cast.trainee, cast.server, cast.session_id)
    outsider = await connect(cast.outsider, cast.server)

    status, _ = await cast.facilitator.api.request(
        "PUT", f"/api/groups/{cast.group_id}/settings", {"auto_admit": True})
    assert status == 200
    status, _ = await put(cast.facilitator, cast,
                          {"enabled": True, "extra_terms": ["worried well"]})
    assert status == 200
    await tom.wait_for(lambda: bool(tom.received("language_reflection")))
    assert tom.received("language_reflection") == [
        {"session_id": cast.session_id, "enabled": True, "extra_terms": ["worried well"]}]
    assert outsider.received("language_reflection") == []
