"""What the settings screens need beside the values themselves: the limits each choice must
keep to and who set them, in one answer, so the page can say "from 0 to 30 days, set by your
programme lead" beside each field. The values are changed through the existing endpoints
(PUT /api/groups/{id}/settings, PUT /api/programmes/{id}/retention-limits), whose checks stay
the one authority; these limits only let the page warn before sending.
"""

from __future__ import annotations

from typing import Any

from server import flow, group_settings, retention
from server.actions.accounts import User
from server.actions.groups import get_settings
from server.actions.roles import group_roles, programme_roles
from server.errors import not_found
from server.guard import DEFAULT_TERMS
from server.keys import Services
from server.permissions import Action, check, is_allowed

DEFAULT_EXPECTED_RATE = 80  # as server/store/migrations/005_attendance.sql


async def _expected_rate(svc: Services, programme_id: str) -> int:
    rate = await svc.db.fetch_value(
        "SELECT expected_rate FROM programme_attendance WHERE programme_id = ?", (programme_id,))
    return DEFAULT_EXPECTED_RATE if rate is None else int(rate)


def _retention_ranges(limits: dict[str, int]) -> dict[str, dict[str, int]]:
    """Each group retention field: the widest range, and the cap the programme's lead set."""
    return {name: {"min": low, "max": min(high, limits[retention.CAPPED_BY[name]]),
                   "widest": high, "lead_cap": limits[retention.CAPPED_BY[name]]}
            for name, (low, high) in retention.GROUP_RANGES.items()}


async def group_form(svc: Services, user: User, group_id: str) -> dict[str, Any]:
    """A group's settings as its facilitators edit them, with every limit."""
    check(await group_roles(svc, user, group_id), Action.CHANGE_SETTINGS)
    row = await svc.db.fetch_one(
        "SELECT g.name, g.programme_id, p.name AS programme, p.retention_limits FROM groups g"
        " JOIN programmes p ON p.id = g.programme_id WHERE g.id = ?", (group_id,))
    if row is None:  # deleted between the check and here
        raise not_found("group_unknown", "There is no such group.")
    limits = retention.limits(row["retention_limits"])
    return {
        "group": {"id": group_id, "name": row["name"], "programme": row["programme"]},
        "settings": await get_settings(svc, group_id),
        "phases": [{"key": p, "label": flow.PHASE_LABELS[p]} for p in flow.TIMED_PHASES],
        "minutes": {"min": flow.MIN_MINUTES, "max": flow.MAX_MINUTES},
        "retention": _retention_ranges(limits),
        "attendance_years": limits["attendance_years"],
        "expected_rate": await _expected_rate(svc, row["programme_id"]),
        "ground_rules_max": group_settings.MAX_RULES_CHARS,
        "reflection": {"max_terms": group_settings.MAX_REFLECTION_TERMS,
                       "max_chars": group_settings.MAX_REFLECTION_TERM_CHARS,
                       "always": list(DEFAULT_TERMS)},
    }


async def programme_form(svc: Services, user: User, programme_id: str) -> dict[str, Any]:
    """A programme's limits as its lead sets them; the expected rate, which only an
    administrator changes (server/actions/attendance_report.py says why)."""
    roles = await programme_roles(svc, user, programme_id)
    check(roles, Action.SET_RETENTION_LIMITS)
    row = await svc.db.fetch_one("SELECT name, retention_limits FROM programmes WHERE id = ?",
                                 (programme_id,))
    if row is None:
        raise not_found("programme_unknown", "There is no such programme.")
    return {
        "programme": {"id": programme_id, "name": row["name"]},
        "limits": retention.limits(row["retention_limits"]),
        "ranges": {k: {"min": lo, "max": hi} for k, (lo, hi) in retention.LIMIT_RANGES.items()},
        "expected_rate": await _expected_rate(svc, programme_id),
        "may_change_rate": is_allowed(roles, Action.MANAGE_PROGRAMMES),
        "groups": [dict(g) for g in await svc.db.fetch_all(
            "SELECT id, name FROM groups WHERE programme_id = ? ORDER BY name", (programme_id,))],
    }
