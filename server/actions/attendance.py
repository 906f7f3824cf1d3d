"""Attendance: recording who is in each session's room, the facilitator's register with its
corrections, and a member's own attendance.

Recording is driven by the room (server/realtime/rooms_ns.py): the first socket of an admitted
person opens a stretch, their last socket closing ends it, and ending the session closes every
stretch still open. Only user ids and times are stored; names are joined in only for the
facilitators' register. `load` reads no name and no message, so the programme lead's report
(server/actions/attendance_report.py) is built on it too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from server import attendance, payloads, validate
from server.actions import apologies
from server.actions.accounts import User
from server.actions.roles import group_roles
from server.errors import bad_request, not_found
from server.keys import Services
from server.permissions import Action, check

MAX_REASON_CHARS = 280


# -- recording (called from the room) --------------------------------------------------------

async def arrived(svc: Services, session_id: str, user_id: str) -> None:
    """An admitted person's first socket entered the room: open a stretch (once)."""
    await svc.db.execute_write(
        "INSERT INTO attendance_intervals (session_id, user_id, joined_at)"
        " SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM attendance_intervals"
        " WHERE session_id = ?1 AND user_id = ?2 AND left_at IS NULL)",
        (session_id, user_id, svc.clock.now()),
    )


async def departed(svc: Services, session_id: str, user_id: str) -> None:
    """Their last socket left the room: close the open stretch."""
    await svc.db.execute_write(
        "UPDATE attendance_intervals SET left_at = ? WHERE session_id = ? AND user_id = ?"
        " AND left_at IS NULL",
        (svc.clock.now(), session_id, user_id),
    )


async def started(svc: Services, session_id: str) -> None:
    """The facilitator started the session: lateness counts from the first start."""
    await svc.db.execute_write(
        "INSERT OR IGNORE INTO attendance_session_starts (session_id, started_at) VALUES (?, ?)",
        (session_id, svc.clock.now()),
    )


async def session_ended(svc: Services, session_id: str, at: float | None = None) -> None:
    """Close every stretch still open when the session ends (`at`: a session that timed out
    ended at its limit, before the sweep that noticed it; no stretch ends before it began)."""
    await svc.db.execute_write(
        "UPDATE attendance_intervals SET left_at = MAX(joined_at, ?)"
        " WHERE session_id = ? AND left_at IS NULL",
        (svc.clock.now() if at is None else at, session_id),
    )


# -- reading -----------------------------------------------------------------------------------

@dataclass
class Entry:
    """One person in one session: what the room measured and what is in force after corrections."""

    user_id: str
    role: str  # member | facilitator
    measured: attendance.Measure
    present: bool
    minutes: int
    corrections: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SessionRecord:
    id: str
    group_id: str
    title: str
    state: str
    times: attendance.SessionTimes
    length_minutes: int
    people: dict[str, Entry]

    @property
    def date(self) -> str:
        return attendance.day(self.times.opened_at)


def _ids(values: Any) -> str:
    return json.dumps(sorted(set(values)))


async def load(svc: Services, group_ids: list[str], since: float, until: float, *,
               ended_only: bool = False, user_id: str | None = None) -> list[SessionRecord]:
    """Sessions of `group_ids` opened in [since, until), oldest first, with everyone expected
    (members who had joined the group by then) or present (anyone admitted). `user_id` keeps
    only that person. Reads no names and no messages."""
    sessions = await svc.db.fetch_all(
        "SELECT s.id, s.group_id, s.title, s.state, s.opened_at, s.ended_at, a.started_at"
        " FROM sessions s LEFT JOIN attendance_session_starts a ON a.session_id = s.id"
        " WHERE s.group_id IN (SELECT value FROM json_each(?)) AND s.opened_at >= ?"
        " AND s.opened_at < ? AND (? = 0 OR s.state = 'ended') ORDER BY s.opened_at, s.id",
        (_ids(group_ids), since, until, int(ended_only)),
    )
    if not sessions:
        return []
    ids = _ids(s["id"] for s in sessions)
    intervals: dict[tuple[str, str], list[attendance.Interval]] = defaultdict(list)
    for r in await svc.db.fetch_all(
            "SELECT session_id, user_id, joined_at, left_at FROM attendance_intervals"
            " WHERE session_id IN (SELECT value FROM json_each(?1))"
            " AND (?2 IS NULL OR user_id = ?2)", (ids, user_id)):
        intervals[(r["session_id"], r["user_id"])].append((r["joined_at"], r["left_at"]))
    removed = {(r["session_id"], r["user_id"]): r["updated_at"] for r in await svc.db.fetch_all(
        "SELECT session_id, user_id, updated_at FROM participants WHERE status = 'removed'"
        " AND session_id IN (SELECT value FROM json_each(?1))"
        " AND (?2 IS NULL OR user_id = ?2)", (ids, user_id))}
    corrections: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in await svc.db.fetch_all(
            "SELECT * FROM attendance_corrections"
            " WHERE session_id IN (SELECT value FROM json_each(?1))"
            " AND (?2 IS NULL OR user_id = ?2) ORDER BY id",
            (ids, user_id)):
        corrections[(r["session_id"], r["user_id"])].append(dict(r))
    members: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for r in await svc.db.fetch_all(
            "SELECT group_id, user_id, role, joined_at FROM memberships"
            " WHERE group_id IN (SELECT value FROM json_each(?1))"
            " AND (?2 IS NULL OR user_id = ?2)",
            (_ids(group_ids), user_id)):
        members[r["group_id"]].append((r["user_id"], r["role"], r["joined_at"]))
    now = svc.clock.now()
    out = []
    for s in sessions:
        times = attendance.SessionTimes(s["opened_at"], s["started_at"], s["ended_at"])
        end = times.end(now)
        roles = {uid: role for uid, role, _ in members[s["group_id"]]}
        expected = {uid for uid, role, joined in members[s["group_id"]]
                    if role == "member" and joined <= end}
        seen = {uid for sid, uid in intervals if sid == s["id"]}
        people = {}
        for uid in sorted(expected | seen | {u for sid, u in corrections if sid == s["id"]}):
            m = attendance.measure(intervals.get((s["id"], uid), []), times, now,
                                   removed.get((s["id"], uid)))
            fixes = corrections.get((s["id"], uid), [])
            last = fixes[-1] if fixes else None
            people[uid] = Entry(uid, roles.get(uid, "member"), m,
                                bool(last["present_after"]) if last else m.present,
                                last["minutes_after"] if last else m.minutes, fixes)
        out.append(SessionRecord(s["id"], s["group_id"], s["title"], s["state"], times,
                                 times.length_minutes(now), people))
    return out


# -- the facilitators' register ------------------------------------------------------------------

async def _names(svc: Services, user_ids: set[str]) -> dict[str, str]:
    rows = await svc.db.fetch_all(
        "SELECT id, display_name FROM users WHERE id IN (SELECT value FROM json_each(?))",
        (_ids(user_ids),))
    return {r["id"]: r["display_name"] for r in rows}


def _row(entry: Entry, names: dict[str, str], length: int,
         apology: tuple[bool, str | None] = (False, None)) -> dict[str, Any]:
    m = entry.measured
    return {
        # Sent ahead for a scheduled session (server/actions/apologies.py): an absence with
        # apologies is told apart from an unexplained one; the reason is for facilitators.
        "apologies": apology[0], "apology_reason": apology[1],
        "user_id": entry.user_id, "display_name": names.get(entry.user_id, ""),
        "role": entry.role, "present": entry.present, "minutes": entry.minutes,
        "measured": {"present": m.present, "minutes": m.minutes},
        "late": m.late, "left_early": m.left_early,
        "first_join": m.first_join, "last_leave": m.last_leave, "session_minutes": length,
        "corrections": [{
            "by": names.get(c["corrected_by"], ""), "at": c["corrected_at"],
            "reason": c["reason"],
            "before": {"present": bool(c["present_before"]), "minutes": c["minutes_before"]},
            "after": {"present": bool(c["present_after"]), "minutes": c["minutes_after"]},
        } for c in entry.corrections],
    }


def _session_view(record: SessionRecord, names: dict[str, str],
                  sent: dict[tuple[str, str], str | None] | None = None) -> dict[str, Any]:
    sent = sent or {}
    rows = sorted(record.people.values(),
                  key=lambda e: (e.role != "facilitator", names.get(e.user_id, "").lower()))
    return {
        "id": record.id, "title": record.title, "state": record.state,
        "opened_at": record.times.opened_at, "started_at": record.times.started_at,
        "ended_at": record.times.ended_at, "minutes": record.length_minutes,
        "people": [_row(e, names, record.length_minutes,
                        ((record.id, e.user_id) in sent, sent.get((record.id, e.user_id))))
                   for e in rows],
    }


async def register(svc: Services, user: User, group_id: str,
                   params: dict[str, str]) -> dict[str, Any]:
    """A facilitator's register of their group: every session in the term, newest first."""
    check(await group_roles(svc, user, group_id), Action.VIEW_REGISTER)
    start, end = attendance.term(params, svc.clock.now())
    records = await load(svc, [group_id], *attendance.term_bounds(start, end))
    everyone = {uid for r in records for uid in r.people}
    everyone |= {c["corrected_by"] for r in records for e in r.people.values()
                 for c in e.corrections}
    names = await _names(svc, everyone)
    group = await svc.db.fetch_one("SELECT name FROM groups WHERE id = ?", (group_id,))
    sent = await apologies.for_register(svc, [r.id for r in records])
    return {
        "group": {"id": group_id, "name": group["name"] if group else ""},
        "term": {"from": start.isoformat(), "to": end.isoformat()},
        "grace_minutes": attendance.GRACE_SECONDS // 60,
        "sessions": [_session_view(r, names, sent) for r in reversed(records)],
    }


async def correct(svc: Services, user: User, session_id: str,
                  data: payloads.Correction) -> dict[str, Any]:
    """A facilitator corrects one person's attendance, with a reason; the change is kept."""
    row = await svc.db.fetch_one("SELECT group_id, opened_at FROM sessions WHERE id = ?",
                                 (session_id,))
    if row is None:
        raise not_found("session_unknown", "There is no such session.")
    check(await group_roles(svc, user, row["group_id"]), Action.CORRECT_REGISTER)
    target, present, minutes = data.user_id, data.present, data.minutes
    reason = validate.clean_text(data.reason, "reason", MAX_REASON_CHARS)
    records = await load(svc, [row["group_id"]], row["opened_at"], row["opened_at"] + 1e-3,
                         user_id=target)
    record = next((r for r in records if r.id == session_id), None)
    entry = record.people.get(target) if record else None
    if record is None or entry is None:
        raise not_found("not_in_register", "That person is not in this session's register.")
    if not 0 <= minutes <= max(record.length_minutes, 1):
        raise bad_request(f"Minutes must be between 0 and the session's length "
                          f"({record.length_minutes}).", "bad_minutes")
    await svc.db.execute_write(
        "INSERT INTO attendance_corrections (session_id, user_id, corrected_by, corrected_at,"
        " present_before, minutes_before, present_after, minutes_after, reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (session_id, target, user.id, svc.clock.now(), entry.present, entry.minutes,
         present, minutes, reason),
    )
    records = await load(svc, [row["group_id"]], row["opened_at"], row["opened_at"] + 1e-3,
                         user_id=target)
    fixed = records[0].people[target]
    names = await _names(svc, {target, *(c["corrected_by"] for c in fixed.corrections)})
    return _row(fixed, names, records[0].length_minutes)


# -- a member's own attendance ------------------------------------------------------------------

def own_summary(records: list[SessionRecord], user_id: str) -> dict[str, Any]:
    """One person's sessions of one group and their rate (ended sessions they were expected
    at, or came to)."""
    sessions = []
    expected = present = 0
    for r in records:
        entry = r.people.get(user_id)
        if entry is None:
            continue
        if r.state == "ended":
            expected += 1
            present += entry.present
        sessions.append({
            "date": r.date, "opened_at": r.times.opened_at, "title": r.title, "state": r.state,
            "begins": r.times.begins, "ended_at": r.times.ended_at,
            "session_minutes": r.length_minutes, "minutes": entry.minutes,
            "present": entry.present, "late": entry.measured.late,
            "left_early": entry.measured.left_early, "corrected": bool(entry.corrections),
        })
    return {"sessions": sessions, "expected": expected, "present": present,
            "rate": attendance.percent(present, expected)}


async def mine(svc: Services, user: User, params: dict[str, str]) -> dict[str, Any]:
    """My attendance in each of my groups over the term (default: the last 6 months)."""
    start, end = attendance.term(params, svc.clock.now())
    since, until = attendance.term_bounds(start, end)
    groups = await svc.db.fetch_all(
        "SELECT g.id, g.name, p.name AS programme FROM memberships m"
        " JOIN groups g ON g.id = m.group_id JOIN programmes p ON p.id = g.programme_id"
        " WHERE m.user_id = ? ORDER BY g.name", (user.id,))
    out = []
    for g in groups:
        check(await group_roles(svc, user, g["id"]), Action.SEE_OWN_ATTENDANCE)
        records = await load(svc, [g["id"]], since, until, user_id=user.id)
        summary = own_summary(records, user.id)
        sent = await apologies.for_register(svc, [r.id for r in records])
        for record, row in zip((r for r in records if user.id in r.people),
                               summary["sessions"], strict=True):
            row["apologies"] = (record.id, user.id) in sent  # mine: shown to me as sent
        out.append({"id": g["id"], "name": g["name"], "programme": g["programme"],
                    **summary})
    return {"term": {"from": start.isoformat(), "to": end.isoformat()}, "groups": out,
            "grace_minutes": attendance.GRACE_SECONDS // 60}
