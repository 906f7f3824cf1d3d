"""Terms and their sessions in a group's local time. Pure: no I/O, the clock is passed in.

A term is written the way a facilitator thinks of it: "from Tuesday 15 September, 19:00, every
2 weeks, 8 sessions of 90 minutes", in the group's time zone. Each session is worked out in
local wall-clock time first and only then turned into an instant, so 19:00 stays 19:00 on both
sides of a daylight-saving change (adding 14 days of seconds would drift to 18:00 or 20:00).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.errors import bad_request

DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_OPEN_MINUTES = 15
MAX_OPEN_MINUTES = 120
MAX_SESSIONS = 52
MAX_EVERY_WEEKS = 8
MIN_MINUTES, MAX_MINUTES = 15, 240
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}")


def zone(name: str) -> ZoneInfo:
    """The time zone called `name` (an IANA name such as Europe/London), or a clear refusal."""
    if not _ZONE.fullmatch(name or ""):
        raise bad_request("Choose a time zone such as Europe/London.", "bad_timezone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise bad_request(f"There is no time zone called {name}. Choose one such as "
                          "Europe/London.", "bad_timezone") from None


def local_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise bad_request("Give the date as YYYY-MM-DD, for example 2026-09-15.",
                          "bad_date") from None


def local_time(text: str) -> time:
    found = _TIME.fullmatch(text or "")
    if found is None:
        raise bad_request("Give the time as HH:MM on the 24-hour clock, for example 19:00.",
                          "bad_time")
    return time(int(found.group(1)), int(found.group(2)))


def minutes(value: int) -> int:
    if not MIN_MINUTES <= value <= MAX_MINUTES:
        raise bad_request(f"A session lasts from {MIN_MINUTES} to {MAX_MINUTES} minutes.",
                          "bad_minutes")
    return value


def open_minutes(value: int) -> int:
    if not 0 <= value <= MAX_OPEN_MINUTES:
        raise bad_request(f"The waiting room opens from 0 to {MAX_OPEN_MINUTES} minutes before "
                          "the start.", "bad_open_minutes")
    return value


def instant(day: date, at: time, tz: ZoneInfo) -> float:
    """Unix seconds of a local wall-clock time. A time that does not exist (the hour skipped in
    spring) is read as the same wall time an hour later, as zoneinfo does with fold=0."""
    return datetime.combine(day, at, tzinfo=tz).timestamp()


def local(unix: float, tz: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(unix, tz)


@dataclass(frozen=True)
class Term:
    first_date: date
    start_time: time
    every_weeks: int
    count: int
    minutes: int

    def dates(self) -> list[date]:
        step = timedelta(weeks=self.every_weeks)
        return [self.first_date + i * step for i in range(self.count)]

    def instants(self, tz: ZoneInfo) -> list[float]:
        """Each session's start, local wall-clock time kept across daylight-saving changes."""
        return [instant(d, self.start_time, tz) for d in self.dates()]


def term(first_date: str, start_time: str, every_weeks: int, count: int, length: int,
         weekday: str | None = None) -> Term:
    """A term from what the facilitator typed. With `weekday`, the first session is on the
    first such day on or after `first_date` ("from 14 September, on Tuesdays")."""
    first = local_date(first_date)
    if weekday is not None:
        if weekday.lower() not in WEEKDAYS:
            raise bad_request("Choose a day of the week, for example Tuesday.", "bad_weekday")
        first += timedelta(days=(WEEKDAYS.index(weekday.lower()) - first.weekday()) % 7)
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise bad_request(f"Sessions repeat every 1 to {MAX_EVERY_WEEKS} weeks.", "bad_every")
    if not 1 <= count <= MAX_SESSIONS:
        raise bad_request(f"A term has 1 to {MAX_SESSIONS} sessions.", "bad_count")
    return Term(first, local_time(start_time), every_weeks, count, minutes(length))


def opens_at(starts_at: float, open_before: int) -> float:
    """When a scheduled session's waiting room opens by itself."""
    return starts_at - 60 * open_before


def label(unix: float, tz: ZoneInfo) -> str:
    """How a session is named where a title is needed: "Tue 6 Oct 2026, 19:00" (local)."""
    when = local(unix, tz)
    return f"{when:%a} {when.day} {when:%b %Y, %H:%M}"
