"""A group's settings: phase lengths, how members get in, and the ground rules they accept.

One place for the defaults and for validating what a facilitator changes. Retention settings
join here when they land (see server/retention.py).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from server import flow, validate
from server.errors import bad_request

DEFAULT_GROUND_RULES = "\n".join([
    "What is said in the group stays in the group. Nothing is attributed to anyone outside it.",
    "Patients are never named or identifiable: no names, dates of birth, NHS numbers, "
    "addresses or other details that could point to them.",
    "Join from a private space where nobody else can see or hear the session.",
    "One person speaks at a time. The presenter is not interrupted, and listens in silence "
    "while the group discusses their case.",
    "If you drop out, say so in the chat when you can; the group waits a couple of minutes.",
    "This is not a crisis service. If you need urgent help, contact your GP, NHS 111 or, in an "
    "emergency, 999.",
])

DEFAULTS: dict[str, Any] = {
    "durations": dict(flow.DEFAULT_DURATIONS),
    "auto_admit": False,
    "ground_rules": DEFAULT_GROUND_RULES,
}
MAX_RULES_CHARS = 3000


def effective(stored: str | None) -> dict[str, Any]:
    """The stored settings JSON with defaults filled in."""
    data = json.loads(stored or "{}")
    merged = {**DEFAULTS, **data}
    merged["durations"] = flow.validate_durations(data.get("durations"))
    return merged


def changed(current: dict[str, Any], changes: Any) -> dict[str, Any]:
    """Apply a facilitator's changes, refusing unknown settings and bad values clearly."""
    if not isinstance(changes, dict):
        raise bad_request("Settings must be a JSON object.", "bad_payload")
    unknown = set(changes) - set(DEFAULTS)
    if unknown:
        raise bad_request(f"Unknown setting: {sorted(unknown)[0][:40]}.", "bad_setting")
    result = dict(current)
    if "durations" in changes:
        durations = changes["durations"]
        if not isinstance(durations, dict):
            raise bad_request("Durations must map phase names to minutes.", "bad_duration")
        result["durations"] = flow.validate_durations({**current["durations"], **durations})
    if "auto_admit" in changes:
        result["auto_admit"] = validate.field(changes, "auto_admit", bool)
    if "ground_rules" in changes:
        result["ground_rules"] = validate.clean_text(
            validate.field(changes, "ground_rules", str), "ground rules", MAX_RULES_CHARS,
            allow_newlines=True)
    return result


def rules_hash(rules: str) -> bytes:
    return hashlib.sha256(rules.encode("utf-8")).digest()
