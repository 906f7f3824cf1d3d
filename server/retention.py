"""Retention policies: what each group keeps, for how long, and the words every room shows.

The one place for these rules. A group's facilitators choose within limits set by their
programme's lead; a lead lowering a limit shortens every group's policy at once (the effective
value is the smaller of the two). The sweeper (server/actions/sweeper.py) applies them.

- chat transcript: deleted when the session ends (0) or 1 hour to 30 days after it
- facilitators' channel: 0 to 30 days after the session (default 7)
- case notes: 0 to 365 days after the session (default 30); authors may delete sooner
- attendance records: pseudonymous, kept for the programme's period (default 3 years)
- audit log: content-free, kept BALINT_AUDIT_YEARS (default 6)
"""

from __future__ import annotations

import json

from server.errors import AppError, bad_request

HOUR, DAY = 3600, 86400
# Backups: the chat, facilitators' channel and case notes in a backup can be opened for at most
# this many days after the UTC day it was taken began; then the sweeper destroys that day's
# epoch key (server/backup/keyfile.py). So a chat deleted today can be read from no backup
# after 7 days.
BACKUP_CHAT_DAYS = 7

GROUP_DEFAULTS: dict[str, int] = {"chat_hours": 0, "facilitator_days": 7, "note_days": 30}
GROUP_RANGES: dict[str, tuple[int, int]] = {
    "chat_hours": (0, 30 * 24), "facilitator_days": (0, 30), "note_days": (0, 365),
}
# Each group field and the programme limit that caps it.
CAPPED_BY = {"chat_hours": "max_chat_hours", "facilitator_days": "max_facilitator_days",
             "note_days": "max_note_days"}

LIMIT_DEFAULTS: dict[str, int] = {
    "max_chat_hours": 30 * 24, "max_facilitator_days": 30, "max_note_days": 90,
    "attendance_years": 3,
}
LIMIT_RANGES: dict[str, tuple[int, int]] = {
    "max_chat_hours": (0, 30 * 24), "max_facilitator_days": (0, 30), "max_note_days": (0, 365),
    "attendance_years": (1, 10),
}
_LABELS = {
    "chat_hours": "chat", "facilitator_days": "facilitators' channel", "note_days": "case notes",
    "max_chat_hours": "chat limit", "max_facilitator_days": "facilitators' channel limit",
    "max_note_days": "case notes limit", "attendance_years": "attendance period",
}
_UNITS = {"chat_hours": "hours", "facilitator_days": "days", "note_days": "days",
          "max_chat_hours": "hours", "max_facilitator_days": "days", "max_note_days": "days",
          "attendance_years": "years"}


def out_of_range(name: str, ranges: dict[str, tuple[int, int]]) -> AppError:
    """The refusal for a value that is not a whole number within its range (also used by
    server/payloads.py for a wrong type, so both say the same)."""
    low, high = ranges[name]
    return bad_request(f"The {_LABELS[name]} must be a whole number from {low} to {high} "
                       f"{_UNITS[name]}.", "bad_retention")


def _checked(changes: dict[str, int], ranges: dict[str, tuple[int, int]]) -> dict[str, int]:
    """The typed changes (server/payloads.py checked the names and types), each in range."""
    for name, value in changes.items():
        low, high = ranges[name]
        if not low <= value <= high:
            raise out_of_range(name, ranges)
    return dict(changes)


def limits(stored: str | None) -> dict[str, int]:
    """A programme's limits, defaults filled in."""
    return {**LIMIT_DEFAULTS, **json.loads(stored or "{}")}


def change_limits(current: dict[str, int], changes: dict[str, int]) -> dict[str, int]:
    """A lead changes the programme's limits; out-of-range values are refused."""
    return {**current, **_checked(changes, LIMIT_RANGES)}


def group_policy(stored: dict[str, int] | None, programme_limits: dict[str, int]) -> dict[str, int]:
    """What a group keeps in effect: its choice, never beyond its programme's limit."""
    chosen = {**GROUP_DEFAULTS, **(stored or {})}
    policy = {name: min(chosen[name], programme_limits[cap]) for name, cap in CAPPED_BY.items()}
    policy["attendance_years"] = programme_limits["attendance_years"]
    return policy


def change_group_policy(current: dict[str, int] | None, changes: dict[str, int],
                        programme_limits: dict[str, int]) -> dict[str, int]:
    """Facilitators change their group's policy within the programme's limits."""
    checked = _checked(changes, GROUP_RANGES)
    for name, value in checked.items():
        cap = programme_limits[CAPPED_BY[name]]
        if value > cap:
            raise bad_request(
                f"Your programme keeps {_LABELS[name]} for at most {cap} {_UNITS[name]}; "
                f"choose {cap} or less.", "over_programme_limit")
    return {**GROUP_DEFAULTS, **(current or {}), **checked}


def _after(amount: int, unit: str, what: str, event: str) -> str:
    if amount == 0:
        return f"{what} deleted when the {event} ends."
    if unit == "hour" and amount % 24 == 0 and amount >= 48:
        amount, unit = amount // 24, "day"
    plural = "" if amount == 1 else "s"
    return f"{what} deleted {amount} {unit}{plural} after the {event} ends."


def describe(policy: dict[str, int]) -> dict[str, str]:
    """The policy in plain words, shown in every room."""
    return {
        "chat": _after(policy["chat_hours"], "hour", "This chat is", "session"),
        "facilitators": _after(policy["facilitator_days"], "day",
                               "The facilitators' channel is", "session"),
        "notes": _after(policy["note_days"], "day", "Case notes are", "session")
        + ("" if policy["note_days"] == 0 else " Authors can delete theirs sooner."),
    }


def deadlines(policy: dict[str, int], ended_at: float) -> dict[str, float]:
    """When each retention class of a session that ended at `ended_at` must be gone."""
    return {
        "chat": ended_at + policy["chat_hours"] * HOUR,
        "facilitators": ended_at + policy["facilitator_days"] * DAY,
        "notes": ended_at + policy["note_days"] * DAY,
    }
