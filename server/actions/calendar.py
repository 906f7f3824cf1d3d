"""Calendars: a group's term as an `.ics` file, and a personal subscription feed of all my
groups' sessions, built with the `icalendar` library (RFC 5545), never by hand.

A feed carries each group's name and its sessions' times only: no member's name, nothing said,
no link into a room. Each scheduled session keeps one UID for life; a move or a cancellation
raises its SEQUENCE, and a cancelled one stays in the feed with STATUS:CANCELLED, which is how
Outlook, Google Calendar and Apple Calendar learn to drop it.

The subscription URL holds a secret token of its own (calendar apps fetch it with no cookie;
the sign-in cookie must never sit in a URL). Only a hash of it is kept; making a new one or
revoking retires the old, whose URL then answers 404.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from server import ids, schedule
from server.actions.accounts import User
from server.actions.roles import group_roles
from server.actions.schedule import settings
from server.errors import not_found
from server.keys import Services
from server.permissions import Action, check

PRODID = "-//Balint Rooms//Term calendar//EN"
UID_DOMAIN = "balint-rooms"
FEED_PATH = "/calendar/{token}.ics"


def uid(slot_id: str) -> str:
    return f"{slot_id}@{UID_DOMAIN}"


def build(groups: list[tuple[str, str, list[Any]]], stamp: float) -> bytes:
    """An iCalendar file of these groups' scheduled sessions: (group name, time zone, rows)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", groups[0][0] if len(groups) == 1 else "Balint groups")
    dtstamp = datetime.fromtimestamp(stamp, UTC)
    for name, tz_name, rows in groups:
        tz = ZoneInfo(tz_name)
        for row in rows:
            start = schedule.local(row["starts_at"], tz)
            event = icalendar.Event()
            event.add("uid", uid(row["id"]))
            event.add("dtstamp", dtstamp)
            # LAST-MODIFIED lets a client that ignores SEQUENCE still see the change.
            event.add("last-modified", datetime.fromtimestamp(row["updated_at"], UTC))
            event.add("summary", name)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=row["minutes"]))
            event.add("sequence", row["sequence"])
            event.add("status", "CANCELLED" if row["status"] == "cancelled" else "CONFIRMED")
            event.add("transp", "OPAQUE")
            cal.add_component(event)
    # VTIMEZONE blocks for every TZID used: Outlook needs them to place local times.
    cal.add_missing_timezones()
    return cal.to_ical()


async def _rows(svc: Services, group_id: str) -> list[Any]:
    return await svc.db.fetch_all(
        "SELECT id, starts_at, minutes, status, sequence, updated_at FROM scheduled_sessions"
        " WHERE group_id = ? ORDER BY starts_at, id", (group_id,))


async def group_file(svc: Services, user: User, group_id: str) -> tuple[bytes, str]:
    """The group's term as a file to download and open in a calendar (its file name too)."""
    check(await group_roles(svc, user, group_id), Action.VIEW_SCHEDULE)
    name = await svc.db.fetch_value("SELECT name FROM groups WHERE id = ?", (group_id,))
    tz_name, _ = await settings(svc, group_id)
    return build([(name, tz_name, await _rows(svc, group_id))], svc.clock.now()), "term.ics"


async def feed(svc: Services, token: str) -> bytes:
    """The subscription feed behind a token: every session of every group its owner is in
    now. An unknown or revoked token is "not found", the same answer as any wrong address."""
    user_id = await svc.db.fetch_value(
        "SELECT user_id FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL",
        (ids.token_hash(token),))
    if user_id is None:
        raise not_found("not_found", "There is nothing at this address. Check the link.")
    groups = await svc.db.fetch_all(
        "SELECT g.id, g.name FROM memberships m JOIN groups g ON g.id = m.group_id"
        " WHERE m.user_id = ? ORDER BY g.name, g.id", (user_id,))
    parts = []
    for g in groups:
        tz_name, _ = await settings(svc, g["id"])
        parts.append((g["name"], tz_name, await _rows(svc, g["id"])))
    return build(parts or [("Balint groups", schedule.DEFAULT_TIMEZONE, [])], svc.clock.now())


async def feed_status(svc: Services, user: User) -> dict[str, Any]:
    """Whether I have a subscription; its URL is shown once, when it is made."""
    since = await svc.db.fetch_value(
        "SELECT MAX(created_at) FROM calendar_feeds WHERE user_id = ? AND revoked_at IS NULL",
        (user.id,))
    return {"active": since is not None, "created_at": since, "url": None}


async def new_feed(svc: Services, user: User) -> dict[str, Any]:
    """A new personal subscription URL; any earlier one stops working."""
    token = ids.new_token()
    now = svc.clock.now()
    async with svc.db.write() as conn:
        await conn.execute("UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ?"
                           " AND revoked_at IS NULL", (now, user.id))
        await conn.execute("INSERT INTO calendar_feeds (token_hash, user_id, created_at)"
                           " VALUES (?, ?, ?)", (ids.token_hash(token), user.id, now))
    url = svc.config.base_url + FEED_PATH.format(token=token)
    return {"active": True, "created_at": now, "url": url}


async def revoke_feed(svc: Services, user: User) -> dict[str, Any]:
    await svc.db.execute_write("UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ?"
                               " AND revoked_at IS NULL", (svc.clock.now(), user.id))
    return {"active": False, "created_at": None, "url": None}
