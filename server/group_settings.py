"""A group's settings: phase lengths, how members get in, the ground rules they accept, the
group's retention policy (whose rules live in server/retention.py), language reflection, and
push-to-talk for voice.

One place for the defaults and for validating what a facilitator changes.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from server import flow, retention, validate
from server.errors import bad_request

if TYPE_CHECKING:  # payloads imports retention; only the types are needed here
    from server.payloads import GroupSettings, LanguageReflection

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
    # Off until a facilitator chooses it: a private prompt in the sender's own browser when they
    # use a label like "heartsink" (server/guard.py's DEFAULT_TERMS, always included) or one of
    # the group's `extra_terms`. The server only stores the choice; nothing about a prompt
    # ever reaches it.
    "language_reflection": {"enabled": False, "extra_terms": []},
    # "Only the speaker unmutes" (issue 22): members' microphones send only while they hold
    # Space or the "Hold to talk" button. Kept by each browser (web/media.js), since media
    # never passes through the server; facilitators are not bound by it.
    "push_to_talk": False,
}
MAX_RULES_CHARS = 3000
# Short, so that a prompt stays rare enough to be read, and a term stays a label, not a sentence.
MAX_REFLECTION_TERMS = 20
MAX_REFLECTION_TERM_CHARS = 40


def effective(stored: str | None, limits: dict[str, int]) -> dict[str, Any]:
    """The group's settings with defaults filled in and retention capped by its programme."""
    data = json.loads(stored or "{}")
    merged = {**DEFAULTS, **data}
    merged["durations"] = flow.validate_durations(data.get("durations"))
    merged["retention"] = retention.group_policy(data.get("retention"), limits)
    merged["retention_words"] = retention.describe(merged["retention"])
    # A fresh copy: callers must never be able to change the shared DEFAULTS.
    reflection = {**DEFAULTS["language_reflection"], **data.get("language_reflection", {})}
    merged["language_reflection"] = {"enabled": reflection["enabled"],
                                     "extra_terms": list(reflection["extra_terms"])}
    return merged


def changed(stored: str | None, changes: GroupSettings,
            limits: dict[str, int]) -> dict[str, Any]:
    """The settings to store after a facilitator's changes (their shape checked at the edge,
    server/payloads.py); values out of range or breaking the text rules are refused here."""
    result = json.loads(stored or "{}")
    if changes.durations is not UNSET:
        current = flow.validate_durations(result.get("durations"))
        result["durations"] = flow.validate_durations({**current, **changes.durations})
    if changes.auto_admit is not UNSET:
        result["auto_admit"] = changes.auto_admit
    if changes.ground_rules is not UNSET:
        result["ground_rules"] = validate.clean_text(
            changes.ground_rules, "ground rules", MAX_RULES_CHARS, allow_newlines=True)
    if changes.retention is not UNSET:
        result["retention"] = retention.change_group_policy(result.get("retention"),
                                                            changes.retention.given(), limits)
    if changes.push_to_talk is not UNSET:
        result["push_to_talk"] = changes.push_to_talk
    if changes.language_reflection is not UNSET:
        result["language_reflection"] = _changed_reflection(result.get("language_reflection"),
                                                            changes.language_reflection)
    return result


def _changed_reflection(stored: Any, change: LanguageReflection) -> dict[str, Any]:
    """Switch language reflection on or off, or replace its extra terms; either may be left out."""
    result = {**DEFAULTS["language_reflection"], **(stored or {})}
    if change.enabled is not UNSET:
        result["enabled"] = change.enabled
    if change.extra_terms is not UNSET:
        result["extra_terms"] = reflection_terms(change.extra_terms)
    return result


def reflection_terms(value: Any) -> list[str]:
    """A facilitator's extra labels: a short list of short, plain words or phrases.

    Spaces are collapsed and repeats (whatever their case) dropped; each term must hold a
    letter, so a stray "-" cannot turn every dash into a prompt. The terms are matched as
    literal text in the browser, never as patterns, so no character is dangerous there.
    """
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise bad_request("The extra words must be a list of words or short phrases.",
                          "bad_setting")
    # Blank lines and repeats are forgiven below, but not without end.
    if len(value) > 5 * MAX_REFLECTION_TERMS:
        raise bad_request(f"Please keep the list to {MAX_REFLECTION_TERMS} words or phrases at "
                          f"most (this one has {len(value)} lines).", "too_many_terms")
    terms: dict[str, str] = {}
    for raw in value:
        if not raw.strip():
            continue  # an empty line in the facilitator's box
        term = " ".join(validate.clean_text(raw, "word or phrase", MAX_REFLECTION_TERM_CHARS)
                        .split())
        if not any(ch.isalpha() for ch in term):
            raise bad_request(f"\u201c{term}\u201d has no letters in it. Each extra word or "
                              "phrase needs at least one letter.", "bad_text")
        terms.setdefault(term.casefold(), term)
    if len(terms) > MAX_REFLECTION_TERMS:
        raise bad_request(f"Please keep the list to {MAX_REFLECTION_TERMS} words or phrases at "
                          f"most (this one has {len(terms)}).", "too_many_terms")
    return list(terms.values())


def rules_hash(rules: str) -> bytes:
    return hashlib.sha256(rules.encode("utf-8")).digest()
