"""Payloads parsed at the edge (server/payloads.py) refuse bad input with our codes and words,
never msgspec's."""

from __future__ import annotations

from typing import Any

import msgspec
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


# -- bodies that keep their own codes for a wrong shape (docs/protocol.md lists them) -----------


@pytest.mark.parametrize(("data", "code", "message"), [
    ({"max_chat_hours": "5"}, "bad_retention",
     "The chat limit must be a whole number from 0 to 720 hours."),
    ({"attendance_years": True}, "bad_retention",
     "The attendance period must be a whole number from 1 to 10 years."),
    ({"max_note_days": 5.0}, "bad_retention",
     "The case notes limit must be a whole number from 0 to 365 days."),
    ({"max_facilitator_days": None}, "bad_retention",
     "The facilitators' channel limit must be a whole number from 0 to 30 days."),
    ({"max_chats": 5}, "bad_setting", "Unknown retention setting: max_chats."),
])
def test_retention_limits_of_the_wrong_shape_keep_their_codes(data: Any, code: str,
                                                              message: str) -> None:
    assert refusal(payloads.RetentionLimits, data) == (code, message)


def test_retention_limits_are_a_partial_update() -> None:
    assert payloads.parse(payloads.RetentionLimits, {"max_note_days": 20}).given() \
        == {"max_note_days": 20}
    assert payloads.parse(payloads.RetentionLimits, {}).given() == {}


@pytest.mark.parametrize(("data", "code", "message"), [
    ({"colour": "blue"}, "bad_setting", "Unknown setting: colour."),
    ({"durations": [5]}, "bad_duration", "Durations must map phase names to minutes."),
    ({"auto_admit": "yes"}, "bad_payload",
     "The field 'auto_admit' is missing or has the wrong type."),
    ({"ground_rules": None}, "bad_payload",
     "The field 'ground_rules' is missing or has the wrong type."),
    ({"retention": 7}, "bad_payload", "Retention settings must be a JSON object."),
    ({"retention": {"chat_hours": "2"}}, "bad_retention",
     "The chat must be a whole number from 0 to 720 hours."),
    ({"retention": {"notes": 2}}, "bad_setting", "Unknown retention setting: notes."),
    ({"language_reflection": True}, "bad_setting",
     "Language reflection must be an object with 'enabled' and/or 'extra_terms'."),
    ({"language_reflection": {"on": True}}, "bad_setting",
     "Unknown language reflection setting: on."),
    ({"language_reflection": {"enabled": "yes"}}, "bad_setting",
     "Language reflection is either on (true) or off (false)."),
    ({"language_reflection": {"extra_terms": ["ok", 3]}}, "bad_setting",
     "The extra words must be a list of words or short phrases."),
])
def test_group_settings_of_the_wrong_shape_keep_their_codes(data: Any, code: str,
                                                            message: str) -> None:
    code_said, said = refusal(payloads.GroupSettings, data)
    assert (code_said, said) == (code, message)
    assert "Expected" not in said and "$." not in said


def test_group_settings_are_a_partial_update() -> None:
    changes = payloads.parse(payloads.GroupSettings,
                             {"retention": {"note_days": 3}, "language_reflection": {}})
    assert changes.auto_admit is msgspec.UNSET and changes.durations is msgspec.UNSET
    assert changes.retention is not msgspec.UNSET
    assert changes.retention.given() == {"note_days": 3}
    assert changes.language_reflection is not msgspec.UNSET
    assert changes.language_reflection.given() == {}


def test_a_certificate_of_the_wrong_shape_is_not_a_certificate_never_an_error() -> None:
    signature = {"algorithm": "Ed25519", "key_id": "k1", "value": "abc"}
    good = {"format": "f", "certificate": {"minutes": 55, "x": [1.5]}, "signature": signature}
    parsed = payloads.certificate(good)
    assert parsed is not None and parsed.document() == good  # nothing dropped or converted
    bad: Any
    for bad in ({**good, "extra": 1}, {**good, "certificate": []}, {**good, "format": 5},
                {**good, "signature": {**signature, "value": 5}},
                {**good, "signature": {**signature, "note": "x"}}, {"hello": 1}, [], None):
        assert payloads.certificate(bad) is None
