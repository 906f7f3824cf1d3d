"""Text checks: the regexes that refuse unstorable characters match Unicode's own categories."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from server import validate
from server.errors import AppError


def test_the_regexes_match_unicode_control_and_surrogate_categories_exactly() -> None:
    for point in range(sys.maxunicode + 1):
        ch = chr(point)
        unstorable = unicodedata.category(ch) in ("Cc", "Cs")
        assert bool(validate.UNSTORABLE.search(ch)) is unstorable, hex(point)
        assert (bool(validate.UNSTORABLE_KEEPING_LINES.search(ch))
                is (unstorable and ch not in "\n\t")), hex(point)


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "del\x7f", "c1\x85 inside", "lone \ud800"])
def test_messages_with_control_characters_or_lone_surrogates_are_refused(text: str) -> None:
    with pytest.raises(AppError) as refused:
        validate.message_text(text)
    assert refused.value.code == "bad_text"


def test_messages_keep_lines_and_tabs_other_text_does_not() -> None:
    assert validate.message_text("one\n\ttwo") == "one\n\ttwo"
    with pytest.raises(AppError):
        validate.clean_text("one\ntwo", "title", 100)
    assert validate.clean_text("  Cafe\u0301  ", "title", 100) == "Caf\u00e9"  # NFC, trimmed


@pytest.mark.parametrize("typed", ["no at sign", "name @nhs.net", "  "])
def test_an_email_address_that_is_not_one_says_whose_is_wanted(typed: str) -> None:
    with pytest.raises(AppError) as refused:
        validate.email_address(typed, "supervisor's email", "the supervisor's")
    if typed.strip():
        assert refused.value.code == "bad_email"
        assert refused.value.message == (
            "Give the supervisor's email address, like name@nhs.net.")
    assert validate.email_address(" a.b@nhs.net ", "email address", "your") == "a.b@nhs.net"
