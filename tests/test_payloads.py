"""Payloads parsed at the edge (server/payloads.py) refuse bad input with our codes and words,
never msgspec's."""

from __future__ import annotations

from typing import Any

import pytest

from server import payloads
from server.errors import AppError

SEND = {"session_id": "s1", "client_id": "abcdefgh", "text": "Hello"}


def refusal(kind: type[payloads.Payload], data: Any) -> tuple[str, str]:
    with pytest.raises(AppError) as caught:
        payloads.parse(kind, data)
    return caught.value.code, caught.value.message


@pytest.mark.parametrize(("data", "message"), [
    ([], "The request must be a JSON object."),
    (None, "The request must be a JSON object."),
    ("send", "The request must be a JSON object."),
    ({**SEND, "text": 5}, "The field 'text' is missing or has the wrong type."),
    ({"session_id": "s1", "client_id": "abcdefgh"},
     "The field 'text' is missing or has the wrong type."),
    ({**SEND, "channel": ["group"]}, "The field 'channel' is missing or has the wrong type."),
    ({**SEND, "session_id": True}, "The field 'session_id' is missing or has the wrong type."),
])
def test_a_malformed_payload_is_bad_payload_in_our_words(data: Any, message: str) -> None:
    code, said = refusal(payloads.Send, data)
    assert (code, said) == ("bad_payload", message)
    assert "Expected" not in said and "$." not in said  # msgspec's own wording


def test_numbers_are_whole_numbers_not_booleans_or_fractions() -> None:
    for since in (True, 1.0, "1"):
        assert refusal(payloads.History, {"session_id": "s1", "since_seq": since})[0] \
            == "bad_payload"
    assert refusal(payloads.Join, {"session_id": "s1", "since_seq": -1}) == (
        "bad_payload", "since_seq cannot be negative.")
    assert payloads.parse(payloads.Join, {"session_id": "s1", "since_seq": None}).since == 0


def test_a_message_meets_the_text_rules_as_it_is_parsed() -> None:
    sent = payloads.parse(payloads.Send, {**SEND, "text": "  Cafe\u0301  ", "extra": 1})
    assert sent.text == "Caf\u00e9" and sent.channel_named == "group"
    assert refusal(payloads.Send, {**SEND, "client_id": "short"})[0] == "bad_client_id"
    assert refusal(payloads.Send, {**SEND, "text": "   "})[0] == "empty_text"
    assert refusal(payloads.Send, {**SEND, "text": "x" * 4001})[0] == "too_long"
    assert refusal(payloads.Send, {**SEND, "text": "bell \x07"})[0] == "bad_text"
    # An empty channel name is a wrong channel (rooms.channel_for), not the group's.
    assert payloads.parse(payloads.Send, {**SEND, "channel": ""}).channel_named == ""


def test_a_target_is_named_or_left_out_never_empty() -> None:
    assert refusal(payloads.Mute, {"session_id": "s1", "muted": True, "user_id": ""}) == (
        "bad_payload", "Say whom this is for.")
    assert payloads.parse(payloads.GiveFloor, {"session_id": "s1", "user_id": None}).user_id \
        is None


def test_from_is_read_under_its_json_name() -> None:
    asked = payloads.parse(payloads.NotifySupervisors, {"group_id": "g", "from": "2026-01-01"})
    assert asked.from_ == "2026-01-01" and asked.to is None
