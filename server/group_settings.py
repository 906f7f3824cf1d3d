"""A group's settings: phase lengths, how members get in, the ground rules they accept, and
the group's retention policy (whose rules live in server/retention.py).

One place for the defaults and for validating what a facilitator changes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from server import flow, retention, validate
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
    "retention": dict(retention.GROUP_DEFAULTS),
}
MAX_RULES_CHARS = 3000


def effective(stored: str | None, limits: dict[str, int]) -> dict[str, Any]:
    """The group's settings with defaults filled in and retention capped by its programme."""
    data = json.loads(stored or "{}")
    merged = {**DEFAULTS, **data}
    merged["durations"] = flow.validate_durations(data.get("durations"))
    merged["retention"] = retention.group_policy(data.get("retention"), limits)
    merged["retention_words"] = retention.describe(merged["retention"])
    return merged


def changed(stored: str | None, changes: Any, limits: dict[str, int]) -> dict[str, Any]:
    """The settings to store after a facilitator's changes; unknown or bad values are refused."""
    if not isinstance(changes, dict):
        raise bad_request("Settings must be a JSON object.", "bad_payload")
    unknown = set(changes) - set(DEFAULTS)
    if unknown:
        raise bad_request(f"Unknown setting: {sorted(unknown)[0][:40]}.", "bad_setting")
    result = json.loads(stored or "{}")
    if "durations" in changes:
        durations = changes["durations"]
        if not isinstance(durations, dict):
            raise bad_request("Durations must map phase names to minutes.", "bad_duration")
        current = flow.validate_durations(result.get("durations"))
        result["durations"] = flow.validate_durations({**current, **durations})
    if "auto_admit" in changes:
        result["auto_admit"] = validate.field(changes, "auto_admit", bool)
    if "ground_rules" in changes:
        result["ground_rules"] = validate.clean_text(
            validate.field(changes, "ground_rules", str), "ground rules", MAX_RULES_CHARS,
            allow_newlines=True)
    if "retention" in changes:
        result["retention"] = retention.change_group_policy(result.get("retention"),
                                                            changes["retention"], limits)
    return result


def rules_hash(rules: str) -> bytes:
    return hashlib.sha256(rules.encode("utf-8")).digest()
