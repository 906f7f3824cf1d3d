"""A group's term: its scheduled sessions, added, moved or cancelled one by one, and the
waiting room that opens by itself before each.

Times are stored as instants (unix seconds) and shown in the group's time zone
(server/schedule.py does the arithmetic). A move or a cancellation bumps the session's
`sequence`, which calendars read to replace what they hold (server/actions/calendar.py).
A scheduled session is opened through `groups.open_session`, the one way a session opens, by
the scheduler (as the console's operator) or early by a facilitator.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from server import ids, schedule
from server.actions import groups
from server.actions.accounts import User
from server.actions.roles import Actor, group_roles
from server.errors import AppError, not_found
from server.keys import Services
from server.payloads import NewScheduled, NewTerm, ScheduleSettings
from server.permissions import OPERATOR, Action, Role, check

log = logging.getLogger("balint.schedule")

SLOTS = ("SELECT s.id, s.group_id, s.starts_at, s.minutes, s.status, s.sequence,"
         " s.session_id, s.updated_at, x.state AS session_state FROM scheduled_sessions s"
         " LEFT JOIN sessions x ON x.id = s.session_id")


# -- the group's schedule settings -------------------------------------------------------------

async def settings(svc: Services, group_id: str) -> tuple[str, int]:
    """The group's time zone and how many minutes before the start its waiting room opens."""
    row = await svc.db.fetch_one(
        "SELECT timezone, open_minutes FROM group_schedules WHERE group_id = ?", (group_id,))
    if row is None:
        return schedule.DEFAULT_TIMEZONE, schedule.DEFAULT_OPEN_MINUTES
    return row["timezone"], row["open_minutes"]


async def change_settings(svc: Services, actor: Actor, group_id: str,
                          data: ScheduleSettings) -> dict[str, Any]:
    check(await group_roles(svc, actor, group_id), Action.MANAGE_SCHEDULE)
    tz_name, before = await settings(svc, group_id)
    if data.timezone is not None:
        tz_name = schedule.zone(data.timezone).key
    if data.open_minutes is not None:
        before = schedule.open_minutes(data.open_minutes)
    await svc.db.execute_write(
        "INSERT INTO group_schedules (group_id, timezone, open_minutes) VALUES (?, ?, ?)"
        " ON CONFLICT (group_id) DO UPDATE SET timezone = excluded.timezone,"
        " open_minutes = excluded.open_minutes", (group_id, tz_name, before))
    return {"timezone": tz_name, "open_minutes": before}


# -- making, moving and cancelling sessions ----------------------------------------------------

async def add_term(svc: Services, actor: Actor, group_id: str,
                   data: NewTerm) -> dict[str, Any]:
    """A facilitator schedules a term: its sessions are made at once, each then on its own."""
    check(await group_roles(svc, actor, group_id), Action.MANAGE_SCHEDULE)
    term = schedule.term(data.first_date, data.start_time, data.every_weeks, data.count,
                         data.minutes, data.weekday)
    tz_name, _ = await settings(svc, group_id)
    now = svc.clock.now()
    term_id = ids.new_id()
    async with svc.db.write() as conn:
        await conn.execute(
            "INSERT INTO schedule_terms (id, group_id, first_date, start_time, every_weeks,"
            " count, minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (term_id, group_id, term.first_date.isoformat(), f"{term.start_time:%H:%M}",
             term.every_weeks, term.count, term.minutes, now))
        await conn.executemany(
            "INSERT INTO scheduled_sessions (id, group_id, term_id, starts_at, minutes,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(ids.new_id(), group_id, term_id, at, term.minutes, now, now)
             for at in term.instants(ZoneInfo(tz_name))])
    return await view(svc, actor, group_id)


async def add_session(svc: Services, actor: Actor, group_id: str,
                      data: NewScheduled) -> dict[str, Any]:
    """One extra session, outside any term's rhythm."""
    check(await group_roles(svc, actor, group_id), Action.MANAGE_SCHEDULE)
    tz_name, _ = await settings(svc, group_id)
    starts = schedule.instant(schedule.local_date(data.date),
                              schedule.local_time(data.start_time), ZoneInfo(tz_name))
    length = schedule.minutes(90 if data.minutes is None else data.minutes)
    now = svc.clock.now()
    slot_id = ids.new_id()
    await svc.db.execute_write(
        "INSERT INTO scheduled_sessions (id, group_id, starts_at, minutes, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?)", (slot_id, group_id, starts, length, now, now))
    return await slot_view(svc, slot_id, ZoneInfo(tz_name))


async def _slot_for_change(svc: Services, actor: Actor, slot_id: str) -> Any:
    row = await svc.db.fetch_one(
        "SELECT group_id, status, session_id, minutes FROM scheduled_sessions WHERE id = ?",
        (slot_id,))
    if row is None:
        raise not_found("scheduled_unknown", "There is no such scheduled session.")
    check(await group_roles(svc, actor, row["group_id"]), Action.MANAGE_SCHEDULE)
    if row["status"] == "cancelled":
        raise AppError("scheduled_cancelled", "That session was cancelled.", 409)
    if row["session_id"] is not None:
        raise AppError("scheduled_opened", "That session has been opened already; it can no "
                       "longer be moved or cancelled.", 409)
    return row


async def move(svc: Services, actor: Actor, slot_id: str,
               data: NewScheduled) -> dict[str, Any]:
    """Move one session; calendars see the new time (SEQUENCE goes up)."""
    row = await _slot_for_change(svc, actor, slot_id)
    tz_name, _ = await settings(svc, row["group_id"])
    starts = schedule.instant(schedule.local_date(data.date),
                              schedule.local_time(data.start_time), ZoneInfo(tz_name))
    length = row["minutes"] if data.minutes is None else schedule.minutes(data.minutes)
    await svc.db.execute_write(
        "UPDATE scheduled_sessions SET starts_at = ?, minutes = ?, sequence = sequence + 1,"
        " updated_at = ? WHERE id = ?", (starts, length, svc.clock.now(), slot_id))
    # Reminders already sent were for the old time: the new time earns its own.
    await svc.db.execute_write("DELETE FROM reminders_sent WHERE scheduled_id = ?", (slot_id,))
    return await slot_view(svc, slot_id, ZoneInfo(tz_name))


async def cancel(svc: Services, actor: Actor, slot_id: str) -> dict[str, Any]:
    """Cancel one session: calendars show it cancelled (STATUS:CANCELLED), nothing opens."""
    row = await _slot_for_change(svc, actor, slot_id)
    tz_name, _ = await settings(svc, row["group_id"])
    await svc.db.execute_write(
        "UPDATE scheduled_sessions SET status = 'cancelled', sequence = sequence + 1,"
        " updated_at = ? WHERE id = ?", (svc.clock.now(), slot_id))
    return await slot_view(svc, slot_id, ZoneInfo(tz_name))


# -- reading -----------------------------------------------------------------------------------

def state(row: Any) -> str:
    """scheduled | open | held | cancelled."""
    if row["status"] == "cancelled":
        return "cancelled"
    if row["session_state"] == "open":
        return "open"
    if row["session_state"] == "ended":
        return "held"
    return "scheduled"


def describe(row: Any, tz: ZoneInfo) -> dict[str, Any]:
    when = schedule.local(row["starts_at"], tz)
    return {
        "id": row["id"], "group_id": row["group_id"], "starts_at": row["starts_at"],
        "ends_at": row["starts_at"] + 60 * row["minutes"], "minutes": row["minutes"],
        "date": when.date().isoformat(), "start_time": f"{when:%H:%M}",
        "end_time": f"{schedule.local(row['starts_at'] + 60 * row['minutes'], tz):%H:%M}",
        "label": schedule.label(row["starts_at"], tz), "timezone": tz.key,
        "status": row["status"], "state": state(row), "sequence": row["sequence"],
        "session_id": row["session_id"],
    }


async def slot_view(svc: Services, slot_id: str, tz: ZoneInfo) -> dict[str, Any]:
    row = await svc.db.fetch_one(SLOTS + " WHERE s.id = ?", (slot_id,))
    assert row is not None
    return describe(row, tz)


async def view(svc: Services, actor: Actor, group_id: str) -> dict[str, Any]:
    """The group's schedule: every session, oldest first. Facilitators see who sent apologies
    and why; a member sees only their own."""
    roles = await group_roles(svc, actor, group_id)
    check(roles, Action.VIEW_SCHEDULE if Role.OPERATOR not in roles else Action.MANAGE_SCHEDULE)
    tz_name, before = await settings(svc, group_id)
    tz = ZoneInfo(tz_name)
    rows = await svc.db.fetch_all(SLOTS + " WHERE s.group_id = ? ORDER BY s.starts_at, s.id",
                                  (group_id,))
    reasons = Role.FACILITATOR in roles or Role.OPERATOR in roles
    apologies = await svc.db.fetch_all(
        "SELECT a.scheduled_id, a.user_id, a.reason, a.sent_at, u.display_name"
        " FROM apologies a JOIN scheduled_sessions s ON s.id = a.scheduled_id"
        " JOIN users u ON u.id = a.user_id WHERE s.group_id = ?1"
        " AND (?2 OR a.user_id = ?3) ORDER BY u.display_name COLLATE NOCASE",
        (group_id, int(reasons), getattr(actor, "id", "")))
    by_slot: dict[str, list[dict[str, Any]]] = {}
    for a in apologies:
        by_slot.setdefault(a["scheduled_id"], []).append({
            "user_id": a["user_id"], "display_name": a["display_name"], "reason": a["reason"],
            "sent_at": a["sent_at"]})
    sessions = []
    for row in rows:
        slot = describe(row, tz)
        slot["apologies"] = by_slot.get(row["id"], [])
        sessions.append(slot)
    return {"group_id": group_id, "timezone": tz_name, "open_minutes": before,
            "can_manage": reasons, "sessions": sessions}


async def upcoming(svc: Services, user: User, limit: int = 6) -> dict[str, Any]:
    """For my home page: the next sessions of each of my groups, whether I sent apologies."""
    now = svc.clock.now()
    groups_of = await svc.db.fetch_all(
        "SELECT g.id, g.name, m.role FROM memberships m JOIN groups g ON g.id = m.group_id"
        " WHERE m.user_id = ? ORDER BY g.name", (user.id,))
    out = []
    for g in groups_of:
        check(await group_roles(svc, user, g["id"]), Action.VIEW_SCHEDULE)
        tz_name, before = await settings(svc, g["id"])
        rows = await svc.db.fetch_all(
            SLOTS + " WHERE s.group_id = ? AND s.starts_at + 60 * s.minutes > ?"
            " ORDER BY s.starts_at, s.id LIMIT ?", (g["id"], now, limit))
        mine = {r["scheduled_id"]: r["reason"] for r in await svc.db.fetch_all(
            "SELECT a.scheduled_id, a.reason FROM apologies a JOIN scheduled_sessions s"
            " ON s.id = a.scheduled_id WHERE s.group_id = ? AND a.user_id = ?",
            (g["id"], user.id))}
        sessions = []
        for row in rows:
            slot = describe(row, ZoneInfo(tz_name))
            slot["my_apologies"] = ({"reason": mine[row["id"]]} if row["id"] in mine else None)
            sessions.append(slot)
        out.append({"id": g["id"], "name": g["name"], "role": g["role"],
                    "timezone": tz_name, "open_minutes": before, "sessions": sessions})
    return {"groups": out}


# -- opening -----------------------------------------------------------------------------------

async def _open(svc: Services, actor: Actor, row: Any) -> str:
    """Open the room for a scheduled session (or adopt the one already open), and link them."""
    tz_name, _ = await settings(svc, row["group_id"])
    try:
        session_id = await groups.open_session(svc, actor, row["group_id"],
                                               schedule.label(row["starts_at"],
                                                              ZoneInfo(tz_name)))
    except AppError as err:
        if err.code != "session_already_open" or not err.details:
            raise
        # A facilitator opened one by hand already: that is this meeting.
        session_id = str(err.details["session_id"])
    await svc.db.execute_write(
        "UPDATE scheduled_sessions SET session_id = ? WHERE id = ? AND session_id IS NULL",
        (session_id, row["id"]))
    return session_id


async def open_early(svc: Services, user: User, slot_id: str) -> dict[str, str]:
    """A facilitator opens a scheduled session's room before its set time."""
    row = await svc.db.fetch_one("SELECT * FROM scheduled_sessions WHERE id = ?", (slot_id,))
    if row is None:
        raise not_found("scheduled_unknown", "There is no such scheduled session.")
    check(await group_roles(svc, user, row["group_id"]), Action.OPEN_SESSION)
    if row["status"] == "cancelled":
        raise AppError("scheduled_cancelled", "That session was cancelled.", 409)
    if row["session_id"] is not None:
        return {"session_id": row["session_id"]}
    return {"session_id": await _open(svc, user, row)}


async def open_due(svc: Services) -> list[str]:
    """Open every scheduled session whose waiting room is due now (the scheduler's tick).

    Due: not cancelled, not opened yet, from `open_minutes` before its start until its end. A
    session whose whole time passed while the server was down is left alone: nobody would come.
    """
    now = svc.clock.now()
    rows = await svc.db.fetch_all(
        "SELECT s.* FROM scheduled_sessions s LEFT JOIN group_schedules g"
        " ON g.group_id = s.group_id WHERE s.status = 'scheduled' AND s.session_id IS NULL"
        " AND s.starts_at - 60 * COALESCE(g.open_minutes, ?) <= ?"
        " AND s.starts_at + 60 * s.minutes > ? ORDER BY s.starts_at",
        (schedule.DEFAULT_OPEN_MINUTES, now, now))
    opened = []
    for row in rows:
        try:
            opened.append(await _open(svc, OPERATOR, row))
        except AppError as err:
            log.warning("event=scheduled_open outcome=refused code=%s", err.code)
    return opened

