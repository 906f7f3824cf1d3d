"""The programme lead's anonymised attendance report, its CSV, and asking supervisors to follow
up, without the lead ever learning a name.

Built on `attendance.load`, which reads sessions, memberships and attendance rows only: nothing
here touches messages, notes or users' names. Counts of people pass through
`disclosure.protect` (small-number and complementary suppression); counts of sessions are
events, not people, and are shown as they are. Per-session rates are shown only when both the
trainees expected and those present reach the threshold. Trainees appear only as pseudonyms,
and only where listing them cannot reveal a suppressed count.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections import defaultdict
from collections.abc import Hashable
from typing import Any

from server import attendance, disclosure, payloads, validate
from server.actions import apologies, audit
from server.actions import attendance as recorded
from server.actions.accounts import User
from server.actions.roles import admin_roles, programme_roles
from server.errors import bad_request, not_found
from server.keys import Services
from server.permissions import Action, check

ALL = "all"  # the row of sums over the programme's groups


async def settings(svc: Services, programme_id: str) -> dict[str, Any]:
    """The programme's expected rate, threshold and pseudonym secret (made on first use)."""
    await svc.db.execute_write(
        "INSERT OR IGNORE INTO programme_attendance (programme_id, pseudonym_key)"
        " SELECT id, ? FROM programmes WHERE id = ?", (secrets.token_bytes(32), programme_id))
    row = await svc.db.fetch_one(
        "SELECT p.name, a.* FROM programmes p JOIN programme_attendance a"
        " ON a.programme_id = p.id WHERE p.id = ?", (programme_id,))
    if row is None:
        raise not_found("programme_unknown", "There is no such programme.")
    return dict(row)


async def get_settings(svc: Services, user: User, programme_id: str) -> dict[str, int]:
    check(await programme_roles(svc, user, programme_id), Action.VIEW_ATTENDANCE_REPORT)
    row = await settings(svc, programme_id)
    return {"expected_rate": row["expected_rate"], "min_count": row["min_count"]}


async def change_settings(svc: Services, user: User, programme_id: str,
                          data: payloads.ReportSettings) -> dict[str, int]:
    """Administrators only: a lead who could lower the threshold could undo the suppression,
    and changing the bands between reports would let two reports be differenced."""
    check(admin_roles(user), Action.MANAGE_PROGRAMMES)
    rate, minimum = data.expected_rate, data.min_count
    if rate is not None and not 50 <= rate <= 100:
        raise bad_request("The expected rate must be a whole percentage from 50 to 100.",
                          "bad_setting")
    if minimum is not None and not 3 <= minimum <= 50:
        raise bad_request("The smallest count shown must be from 3 to 50.", "bad_setting")
    # Only now: settings() makes the programme's row on first use, and a refused request
    # must leave nothing behind.
    current = await settings(svc, programme_id)
    rate = current["expected_rate"] if rate is None else rate
    minimum = current["min_count"] if minimum is None else minimum
    await svc.db.execute_write(
        "UPDATE programme_attendance SET expected_rate = ?, min_count = ? WHERE programme_id = ?",
        (rate, minimum, programme_id))
    return {"expected_rate": rate, "min_count": minimum}


def _tallies(records: list[recorded.SessionRecord]) -> dict[str, tuple[int, int]]:
    """Each trainee's (sessions present, sessions expected) over ended sessions."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        for e in r.people.values():
            if e.role == "member":
                counts[e.user_id][0] += e.present
                counts[e.user_id][1] += 1
    return {uid: (p, n) for uid, (p, n) in counts.items()}


def relations(row_keys: list[str], bands: list[attendance.Bucket]) -> list[disclosure.Relation]:
    """Every additive relation between the report's cells: within each row, trainees = the sum
    of the bands and "below expected" = the sum of the bands under the expected rate; down each
    column, the programme's row = the sum of the groups' rows."""
    rels = []
    columns = [b.key for b in bands] + ["below_expected", "trainees"]
    under = [b.key for b in bands if b.below_expected]
    over = [b.key for b in bands if not b.below_expected]
    for row in [*row_keys, ALL]:
        rels.append(disclosure.Relation((row, "trainees"), tuple((row, b.key) for b in bands)))
        rels.append(disclosure.Relation((row, "below_expected"), tuple((row, k) for k in under)))
        rels.append(disclosure.Relation((row, "trainees"),
                                        ((row, "below_expected"), *((row, k) for k in over))))
    for col in columns:
        rels.append(disclosure.Relation((ALL, col), tuple((row, col) for row in row_keys)))
    return rels


def listed_exactly(row_keys: list[str]) -> set[Hashable]:
    """Cells the report gives exactly when shown: a group's count below the expected rate comes
    with that many pseudonyms, so rounding it would hide nothing. (Not the programme's row.)"""
    return {(row, "below_expected") for row in row_keys if row != ALL}


def table(row_keys: list[str], tallies: dict[str, dict[str, tuple[int, int]]], rate: int,
          k: int) -> tuple[dict[Hashable, int], dict[Hashable, str], dict[str, list[str]]]:
    """The counts of people in the report, their disclosure states, and (kept on the server)
    who is below the expected rate in each group. Pure, so bench/lead_report_bench.py times
    exactly what the server runs."""
    bands = attendance.buckets(rate)
    values: dict[Hashable, int] = {}
    below: dict[str, list[str]] = {}
    for row in row_keys:
        counts = tallies[row]
        below[row] = sorted(uid for uid, (p, n) in counts.items()
                            if attendance.below(p, n, rate))
        for b in bands:
            values[(row, b.key)] = sum(b.holds(p, n) for p, n in counts.values())
        values[(row, "below_expected")] = len(below[row])
        values[(row, "trainees")] = len(counts)
    for col in [b.key for b in bands] + ["below_expected", "trainees"]:
        values[(ALL, col)] = sum(values[(row, col)] for row in row_keys)
    state = disclosure.protect(values, relations(row_keys, bands), k, listed_exactly(row_keys))
    return values, state, below


def row_cells(values: dict[Hashable, int], state: dict[Hashable, str], row: str,
              bands: list[attendance.Bucket], k: int) -> dict[str, Any]:
    """One row of the table as it travels to a lead."""
    def one(col: str) -> dict[str, Any]:
        return disclosure.cell(values[(row, col)], state[(row, col)], k,
                               (row, col) in listed_exactly([row]))

    return {"trainees": one("trainees"), "below_expected": one("below_expected"),
            "bands": {b.key: one(b.key) for b in bands}}


async def _build(svc: Services, programme_id: str,
                 params: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report a lead sees, and (kept on the server) who is below the expected rate."""
    start, end = attendance.term(params, svc.clock.now())  # before settings() may write
    conf = await settings(svc, programme_id)
    k, rate = conf["min_count"], conf["expected_rate"]
    groups = await svc.db.fetch_all(
        "SELECT id, name FROM groups WHERE programme_id = ? ORDER BY name, id", (programme_id,))
    bands = attendance.buckets(rate)
    records = await recorded.load(svc, [g["id"] for g in groups],
                                  *attendance.term_bounds(start, end), ended_only=True)
    by_group: dict[str, list[recorded.SessionRecord]] = defaultdict(list)
    for r in records:
        by_group[r.group_id].append(r)
    tallies = {g["id"]: _tallies(by_group[g["id"]]) for g in groups}
    values, state, below = await svc.offload.run(table, [g["id"] for g in groups], tallies,
                                                 rate, k)
    sent = await apologies.counts(svc, [r.id for r in records])

    def cells(row: str) -> dict[str, Any]:
        return row_cells(values, state, row, bands, k)

    everyone = sorted({uid for g in groups for uid in _tallies(by_group[g["id"]])})
    with_contact = {r["user_id"] for r in await svc.db.fetch_all(
        "SELECT user_id FROM supervisor_contacts WHERE user_id IN (SELECT value FROM"
        " json_each(?))", (json.dumps(everyone),))}
    out_groups = []
    for g in groups:
        sessions = []
        for r in by_group[g["id"]]:
            trainees = [e for e in r.people.values() if e.role == "member"]
            here = sum(e.present for e in trainees)
            shown = len(trainees) >= k and here >= k
            pct = attendance.percent(here, len(trainees)) if shown else None
            sessions.append({"date": r.date, "minutes": r.length_minutes, "rate": pct,
                             "display": f"{pct}%" if pct is not None else "withheld"})
        listed = state[(g["id"], "below_expected")] == disclosure.SHOWN
        out_groups.append({
            "id": g["id"], "name": g["name"], "sessions_held": len(sessions),
            "sessions": sessions, "cells": cells(g["id"]),
            "apologies": apologies.lead_cell(sent.get(g["id"]), k),
            "places_filled": places_filled([tallies[g["id"]]], k),
            "no_supervisor": no_supervisor_cell(
                values[(g["id"], "trainees")], state[(g["id"], "trainees")],
                sum(uid not in with_contact for uid in tallies[g["id"]]), k),
            # Pseudonyms only when their number is shown anyway; never with their rates,
            # which would give away the suppressed bands.
            "below_expected_pseudonyms": (
                sorted(disclosure.pseudonym(conf["pseudonym_key"], u) for u in below[g["id"]])
                if listed else None),
        })
    report = {
        "programme": {"id": programme_id, "name": conf["name"]},
        "term": {"from": start.isoformat(), "to": end.isoformat()},
        "expected_rate": rate, "min_count": k,
        "bands": [{"key": b.key, "label": b.label, "below_expected": b.below_expected}
                  for b in bands],
        "groups": out_groups,
        "all_groups": {"sessions_held": len(records), "cells": cells(ALL),
                       "apologies": apologies.lead_total(list(sent.values()), k),
                       "places_filled": places_filled(list(tallies.values()), k),
                       # Events, not people: shown as they are, like sessions_held.
                       "groups_running": sum(1 for g in groups if by_group[g["id"]]),
                       "hours_met": round(sum(r.length_minutes for r in records) / 60)},
    }
    return report, {"below": below, "key": conf["pseudonym_key"], "rate": rate,
                    "tallies": tallies}


def places_filled(tallies: list[dict[str, tuple[int, int]]], k: int) -> dict[str, Any]:
    """The share of places filled by the trainees of these tallies (disclosure.places_filled)."""
    counts = [pn for t in tallies for pn in t.values()]
    return disclosure.places_filled(sum(p for p, _ in counts), sum(n for _, n in counts),
                                    len(counts), k)


def no_supervisor_cell(trainees: int, trainees_state: str, missing: int,
                       k: int) -> dict[str, Any]:
    """How many of a group's trainees have no educational supervisor on record, so a lead knows
    some could not be followed up. Only beside a trainee count that is itself shown, and only
    when neither it nor its complement (those with a supervisor) is a small count: otherwise
    "<k" or "withheld", as every other count of people."""
    if missing == 0:  # "none" is said exactly, never "about 0"
        return disclosure.cell(0, disclosure.SHOWN, k, exact=True)
    if trainees_state != disclosure.SHOWN:  # a hidden total: say only "none" or "some"
        return disclosure.cell(missing, disclosure.SMALL if missing < k else disclosure.WITHHELD,
                               k)
    if 0 < missing < k:
        return disclosure.cell(missing, disclosure.SMALL, k)
    if 0 < trainees - missing < k:
        return disclosure.cell(missing, disclosure.WITHHELD, k)
    return disclosure.cell(missing, disclosure.SHOWN, k)


async def report(svc: Services, user: User, programme_id: str,
                 params: dict[str, str], *, via: str = "page") -> dict[str, Any]:
    """The anonymised report for a programme lead (or an administrator)."""
    check(await programme_roles(svc, user, programme_id), Action.VIEW_ATTENDANCE_REPORT)
    built, _ = await _build(svc, programme_id, params)
    # Kept so that an unusual run of overlapping terms (a differencing attempt) can be seen.
    await audit.record(svc, f"attendance_report_{via}", "attendance",
                       f"programme:{programme_id} by:{user.id} term:{built['term']['from']}.."
                       f"{built['term']['to']}", {})
    return built


def _safe(text: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: neutralise it.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(built: dict[str, Any]) -> str:
    """The same figures as the page, one per line, suppressed cells as they are shown."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")

    def line(*values: Any) -> None:
        writer.writerow([_safe(v) if isinstance(v, str) else v for v in values])

    line("programme", "term_from", "term_to", "group", "measure", "category", "value",
         "rounded_to")
    head = (built["programme"]["name"], built["term"]["from"], built["term"]["to"])
    labels = {b["key"]: b["label"] for b in built["bands"]}

    def count(c: dict[str, Any]) -> tuple[Any, Any]:
        # A number a spreadsheet can add up, and beside it how it was rounded.
        return (c["value"], c.get("rounded_to", "")) if c["state"] == "shown" else (
            c["display"], "")

    def table(group: str, cells: dict[str, Any], held: int, filled: dict[str, Any]) -> None:
        line(*head, group, "sessions_held", "", held)
        # Derived from attendances and places rounded to 5 (disclosure.places_filled).
        line(*head, group, "places_filled_percent", "",
             "withheld" if filled["rate"] is None else filled["rate"], "")
        line(*head, group, "trainees", "", *count(cells["trainees"]))
        for key, c in cells["bands"].items():
            line(*head, group, "trainees_by_attendance_rate", labels[key], *count(c))
        line(*head, group, "trainees_below_expected_rate", f"under {built['expected_rate']}%",
             *count(cells["below_expected"]))

    def sent(group: str, apologies_cell: dict[str, Any] | None) -> None:
        if apologies_cell is not None:  # only groups that held scheduled sessions
            line(*head, group, "apologies_sent", "", *count(apologies_cell))

    for g in built["groups"]:
        table(g["name"], g["cells"], g["sessions_held"], g["places_filled"])
        sent(g["name"], g["apologies"])
        for s in g["sessions"]:
            line(*head, g["name"], "session_attendance_rate", s["date"], s["display"])
    table("All groups", built["all_groups"]["cells"], built["all_groups"]["sessions_held"],
          built["all_groups"]["places_filled"])
    sent("All groups", built["all_groups"]["apologies"])
    return buf.getvalue()


async def notify_supervisors(svc: Services, user: User, programme_id: str,
                             data: payloads.NotifySupervisors) -> dict[str, str]:
    """Queue a note to the educational supervisor of each trainee in a group who is below the
    expected rate for the term (or only the one with `pseudonym`). The answer is the same
    whoever and however many that is, so the lead learns nothing about anyone."""
    check(await programme_roles(svc, user, programme_id), Action.NOTIFY_SUPERVISOR)
    group_id, wanted = data.group_id, data.pseudonym
    params = {"from": data.from_ or "", "to": data.to or ""}
    built, private = await _build(svc, programme_id, params)
    if group_id not in private["below"]:
        raise not_found("group_unknown", "There is no such group in this programme.")
    targets = [u for u in private["below"][group_id]
               if wanted is None or disclosure.pseudonym(private["key"], u) == wanted]
    contacts = {r["user_id"] for r in await svc.db.fetch_all(
        "SELECT user_id FROM supervisor_contacts WHERE user_id IN (SELECT value FROM"
        " json_each(?))", (json.dumps(targets),))}
    now = svc.clock.now()
    tallies = private["tallies"][group_id]
    async with svc.db.write() as conn:
        for uid in targets:
            present, expected = tallies[uid]
            await conn.execute(
                "INSERT OR IGNORE INTO supervisor_outbox (created_at, programme_id, group_id,"
                " user_id, term_from, term_to, rate, expected_rate, status)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, programme_id, group_id, uid, built["term"]["from"], built["term"]["to"],
                 attendance.percent(present, expected), private["rate"],
                 "pending" if uid in contacts else "no_contact"))
    await audit.record(svc, "supervisor_notification", "attendance",
                       f"group:{group_id} by:{user.id} term:{built['term']['from']}.."
                       f"{built['term']['to']}", {"queued": len(targets)})
    return {"message": "Done. If any trainee this covers is below the expected rate, their "
                       "educational supervisor will be asked to follow up. You will not be "
                       "told who they are."}


# -- educational supervisors -----------------------------------------------------------------

async def supervisor(svc: Services, user: User) -> dict[str, str] | None:
    row = await svc.db.fetch_one("SELECT name, email FROM supervisor_contacts WHERE user_id = ?",
                                 (user.id,))
    return None if row is None else dict(row)


async def set_supervisor(svc: Services, user: User, target_id: str,
                         data: payloads.Supervisor) -> dict[str, str]:
    """A trainee names their own educational supervisor; an administrator may for anyone."""
    if target_id != user.id:
        check(admin_roles(user), Action.MANAGE_PROGRAMMES)
        if await svc.db.fetch_value("SELECT 1 FROM users WHERE id = ?", (target_id,)) is None:
            raise not_found("user_unknown", "There is no such person.")
    name = validate.clean_text(data.name, "supervisor's name", 120)
    email = validate.email_address(data.email, "supervisor's email", "the supervisor's")
    await svc.db.execute_write(
        "INSERT INTO supervisor_contacts (user_id, name, email, set_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET name = excluded.name,"
        " email = excluded.email, set_by = excluded.set_by, updated_at = excluded.updated_at",
        (target_id, name, email, user.id, svc.clock.now()))
    return {"name": name, "email": email}
