"""Checks on user-supplied fields, each failing with a message that says how to fix it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from server.errors import bad_request

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,31}")
MAX_MESSAGE_CHARS = 4000
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
# Unicode's control characters (category Cc, a fixed set) and surrogates (Cs): one regex search
# instead of a category lookup per character, on every chat message (tests/test_validate.py
# checks it against unicodedata for every code point).
UNSTORABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
UNSTORABLE_KEEPING_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Far deeper than any payload of ours (a certificate is 4 levels), far shallower than the
# recursion limit that code walking a payload would hit.
MAX_DEPTH = 20
# The largest whole number a JavaScript client can send exactly; SQLite's own limit is 2**63.
SAFE_INTEGER = 2**53 - 1


def json_input(value: Any) -> None:
    """Refuse, at the door, JSON that no check further in should have to think about.

    Lone surrogates (JSON may spell them, "\\ud800", but they cannot be stored as UTF-8: the
    store would raise), whole numbers beyond what a JSON client can represent (SQLite cannot
    bind them either), and nesting deeper than MAX_DEPTH. Called on every HTTP body and every
    socket event's payload before any handler sees it.
    """
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise bad_request("The request contains characters we cannot store.",
                                      "bad_text") from None
        elif isinstance(item, int) and not isinstance(item, bool):
            if not -SAFE_INTEGER <= item <= SAFE_INTEGER:
                raise bad_request("A number in the request is too large.", "bad_payload")
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise bad_request("The request is nested too deeply.", "bad_payload")
            if isinstance(item, dict):
                stack.extend((key, depth + 1) for key in item)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)


def field(payload: Any, name: str, kind: type) -> Any:
    """Fetch one field of a JSON object, refusing a missing field or a wrong type."""
    if not isinstance(payload, dict):
        raise bad_request("The request must be a JSON object.", "bad_payload")
    value = payload.get(name)
    # bool is an int in Python; a JSON true is never a valid number here.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise bad_request(f"The field '{name}' is missing or has the wrong type.", "bad_payload")
    return value


def optional(payload: Any, name: str, kind: type, default: Any) -> Any:
    if isinstance(payload, dict) and payload.get(name) is None:
        return default
    return field(payload, name, kind)


def clean_text(value: str, what: str, max_chars: int, *, allow_newlines: bool = False) -> str:
    """Normalise user text and refuse control characters and lone surrogates."""
    text = unicodedata.normalize("NFC", value).strip()
    if (UNSTORABLE_KEEPING_LINES if allow_newlines else UNSTORABLE).search(text):
        raise bad_request(f"The {what} contains characters we cannot store.", "bad_text")
    if not text:
        raise bad_request(f"The {what} cannot be empty.", "empty_text")
    if len(text) > max_chars:
        raise bad_request(
            f"The {what} is too long: {len(text):,} characters, at most {max_chars:,}.",
            "too_long",
        )
    return text


def email_address(value: str, what: str, whose: str) -> str:
    """An email address as people type it (something@somewhere, no spaces); the message names
    `whose` address is wanted ("your", "the supervisor's")."""
    email = clean_text(value, what, 254)
    if "@" not in email or " " in email:
        raise bad_request(f"Give {whose} email address, like name@nhs.net.", "bad_email")
    return email


def username(value: str) -> str:
    name = value.strip().lower()
    if not USERNAME.fullmatch(name):
        raise bad_request(
            "Choose a sign-in name of 3 to 32 letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit.",
            "bad_username",
        )
    return name


def password(value: str) -> str:
    if len(value) < 10:
        raise bad_request("Choose a password of at least 10 characters.", "weak_password")
    if len(value) > 200:
        raise bad_request("That password is too long (at most 200 characters).", "bad_password")
    return value


def message_text(value: str) -> str:
    return clean_text(value, "message", MAX_MESSAGE_CHARS, allow_newlines=True)


def client_id(value: str) -> str:
    if not CLIENT_ID.fullmatch(value):
        raise bad_request("The message id is not valid.", "bad_client_id")
    return value
