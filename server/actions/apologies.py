"""Apologies: a trainee says ahead of time that they cannot come to a scheduled session.

The optional reason is for the group's facilitators only (their schedule view and register).
What leaves this module for anyone else is a count: `counts` reads no reason, and the
programme lead's report (server/actions/attendance_report.py) uses only that.
"""

from __future__ import annotations

import json
from typing import Any

from server import disclosure, validate
from server.actions.accounts import User
from server.actions.roles import group_roles
from server.errors import AppError, not_found
from server.keys import Services
from server.payloads import Apologies
from server.permissions import Action, check

MAX_REASON_CHARS = 280
# A reason ("my daughter's hospital appointment") is for the facilitators around the session;
# the register keeps the fact of the apology with the rest of the attendance record.
REASON_DAYS = 30


async def _slot(svc: Services, user: User, slot_id: str) -> Any:
    row = await svc.db.fetch_one(
        "SELECT group_id, starts_at, status FROM scheduled_sessions WHERE id = ?", (slot_id,))
    if row is None:
        raise not_found("scheduled_unknown", "There is no such scheduled session.")
    check(await group_roles(svc, user, row["group_id"]), Action.SEND_APOLOGIES)
    if row["status"] == "cancelled":
        raise AppError("scheduled_cancelled", "That session was cancelled: no apologies "
                       "needed.", 409)
    if row["starts_at"] <= svc.clock.now():
        raise AppError("too_late", "That session has started. Apologies are sent ahead of "
                       "time; tell your facilitator directly.", 409)
    return row


async def send(svc: Services, user: User, slot_id: str, data: Apologies) -> dict[str, Any]:
    """Send (or change) my apologies for a scheduled session that has not started yet."""
    await _slot(svc, user, slot_id)
    reason = None
    if data.reason is not None and data.reason.strip():
        reason = validate.clean_text(data.reason, "reason", MAX_REASON_CHARS)
    now = svc.clock.now()
    await svc.db.execute_write(
        "INSERT INTO apologies (scheduled_id, user_id, reason, sent_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (scheduled_id, user_id) DO UPDATE SET reason = excluded.reason,"
        " sent_at = excluded.sent_at", (slot_id, user.id, reason, now))
    return {"scheduled_id": slot_id, "reason": reason, "sent_at": now}


async def withdraw(svc: Services, user: User, slot_id: str) -> dict[str, Any]:
    """I can come after all."""
    await _slot(svc, user, slot_id)
    await svc.db.execute_write(
        "DELETE FROM apologies WHERE scheduled_id = ? AND user_id = ?", (slot_id, user.id))
    return {"scheduled_id": slot_id, "reason": None, "sent_at": None}


async def forget_old_reasons(svc: Services) -> None:
    """Clear the reasons of apologies for sessions that ended over REASON_DAYS ago (the
    scheduler's tick); the apologies themselves stay."""
    await svc.db.execute_write(
        "UPDATE apologies SET reason = NULL WHERE reason IS NOT NULL AND scheduled_id IN"
        " (SELECT id FROM scheduled_sessions WHERE starts_at + 60 * minutes < ?)",
        (svc.clock.now() - REASON_DAYS * 86400,))


async def for_register(svc: Services, session_ids: list[str]) -> dict[tuple[str, str], Any]:
    """(session, person) -> their reason (or None) for each apology sent for a scheduled
    session that was held in one of these rooms. For the facilitators' register only."""
    rows = await svc.db.fetch_all(
        "SELECT s.session_id, a.user_id, a.reason FROM apologies a"
        " JOIN scheduled_sessions s ON s.id = a.scheduled_id"
        " WHERE s.session_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(session_ids))),))
    return {(r["session_id"], r["user_id"]): r["reason"] for r in rows}


async def counts(svc: Services, session_ids: list[str]) -> dict[str, int]:
    """Per group that held any of these sessions as scheduled ones, how many apologies its
    trainees sent for them (0 included); groups that hold no scheduled sessions are absent, as
    nobody there could send any. A count only: the reason column is never read here."""
    rows = await svc.db.fetch_all(
        "SELECT s.group_id, COUNT(m.user_id) AS n FROM scheduled_sessions s"
        " LEFT JOIN apologies a ON a.scheduled_id = s.id"
        " LEFT JOIN memberships m ON m.group_id = s.group_id AND m.user_id = a.user_id"
        " AND m.role = 'member'"
        " WHERE s.session_id IN (SELECT value FROM json_each(?)) GROUP BY s.group_id",
        (json.dumps(sorted(set(session_ids))),))
    return {r["group_id"]: r["n"] for r in rows}


def lead_cell(sent: int | None, k: int) -> dict[str, Any] | None:
    """A group's apologies in the lead's report: a count apart from unexplained absence,
    never a reason or who. Small counts are "<k" and the rest rounded to 5, as every count a
    lead sees; none at all is a plain 0. None for a group that held no scheduled session
    (nobody could send apologies there)."""
    if sent is None:
        return None
    return disclosure.cell(sent, disclosure.SMALL if 0 < sent < k else disclosure.SHOWN, k,
                           exact=sent == 0)


def lead_total(sent: list[int], k: int) -> dict[str, Any] | None:
    """The programme's total: withheld whenever a group's count is "<k", since subtracting
    the shown ones would give it back."""
    if not sent:
        return None
    total = sum(sent)
    if 0 < total < k:
        return disclosure.cell(total, disclosure.SMALL, k)
    hidden = any(0 < n < k for n in sent)
    return disclosure.cell(total, disclosure.WITHHELD if hidden else disclosure.SHOWN, k)
