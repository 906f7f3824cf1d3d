"""Attendance arithmetic: minutes, lateness, leaving early, presence and terms. Pure: no I/O.

A person's time in a session is the union of their stretches in the room, clipped to the
session's running time (from "Start the session", or from opening when it never started, to
the end), so a reconnect or a second tab never counts twice and waiting before the start is
not counted. Rates compare whole numbers (100 * present against rate * expected), so a trainee
exactly on the expected rate is never pushed below it by floating-point rounding.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from server.errors import bad_request

GRACE_SECONDS = 5 * 60  # arriving within 5 minutes of the start is not late
PRESENT_SHARE = 0.5  # present = in the room for at least half of the session
DEFAULT_TERM_DAYS = 182  # "the last 6 months"
MAX_TERM_DAYS = 3 * 366 + 1


@dataclass(frozen=True)
class SessionTimes:
    opened_at: float
    started_at: float | None
    ended_at: float | None  # None while the session is open

    @property
    def begins(self) -> float:
        return self.started_at if self.started_at is not None else self.opened_at

    def end(self, now: float) -> float:
        return self.ended_at if self.ended_at is not None else max(now, self.begins)

    def length_minutes(self, now: float) -> int:
        return int(max(0.0, self.end(now) - self.begins) // 60)


@dataclass(frozen=True)
class Measure:
    minutes: int
    present: bool
    late: bool
    left_early: bool
    first_join: float | None
    last_leave: float | None


Interval = tuple[float, float | None]  # (joined_at, left_at or None while in the room)


def union_seconds(intervals: Iterable[tuple[float, float]], low: float, high: float) -> float:
    """Seconds covered by the union of `intervals`, counting only inside [low, high]."""
    clipped = sorted((max(a, low), min(b, high)) for a, b in intervals)
    total, reach = 0.0, low
    for start, stop in clipped:
        start = max(start, reach)
        if stop > start:
            total += stop - start
            reach = stop
    return total


def measure(intervals: Iterable[Interval], times: SessionTimes, now: float,
            removed_at: float | None = None) -> Measure:
    """What one person's stretches in the room add up to.

    Open stretches last until the session ended (or now); a member who was removed stops
    counting at their removal, because their socket may linger after the room shut them out.
    """
    end = times.end(now)
    if removed_at is not None:
        end = min(end, max(removed_at, times.begins))
    closed = [(a, end if b is None else min(b, end)) for a, b in intervals]
    closed = [(a, b) for a, b in closed if b >= a]
    if not closed:
        return Measure(0, False, False, False, None, None)
    seconds = union_seconds(closed, times.begins, end)
    length = max(0.0, times.end(now) - times.begins)
    first = min(a for a, _ in closed)
    last = max(b for _, b in closed)
    present = seconds > 0 and (length == 0 or seconds >= PRESENT_SHARE * length)
    late = first > times.begins + GRACE_SECONDS
    early = times.ended_at is not None and last < times.ended_at - GRACE_SECONDS
    return Measure(int(seconds // 60), present, late, early, first, last)


def percent(part: int, whole: int) -> int | None:
    """A whole-number percentage, rounded down so 79.9% never shows as 80%."""
    return None if whole <= 0 else (100 * part) // whole


def below(present: int, expected: int, expected_rate: int) -> bool:
    """True when present/expected is under expected_rate percent (exact integer comparison)."""
    return expected > 0 and 100 * present < expected_rate * expected


@dataclass(frozen=True)
class Bucket:
    key: str
    low: int  # percent, inclusive
    high: int  # percent, exclusive unless `closed`
    closed: bool  # the top band includes its upper edge (100%)
    below_expected: bool

    @property
    def label(self) -> str:
        if self.low == self.high:
            return f"{self.low}%"
        if self.closed:
            return f"{self.low}% to {self.high}%"
        return f"under {self.high}%" if self.low == 0 else f"{self.low}% to under {self.high}%"

    def holds(self, present: int, expected: int) -> bool:
        scaled = 100 * present
        if scaled < self.low * expected:
            return False
        return scaled <= self.high * expected if self.closed else scaled < self.high * expected


def buckets(expected_rate: int) -> list[Bucket]:
    """Rate bands 0-50, 50-80, 80-100, split at the expected rate so that "below expected" is
    exactly a sum of bands (which keeps every total in the report an exact sum of its cells)."""
    edges = sorted({0, 50, 80, expected_rate, 100})
    out = [Bucket(f"{low}-{high}", low, high, False, high <= expected_rate)
           for low, high in itertools.pairwise(edges)]
    if expected_rate == 100:
        out.append(Bucket("100-100", 100, 100, True, False))
    else:
        last = out[-1]
        out[-1] = Bucket(last.key, last.low, last.high, True, False)
    return out


def bucket_of(present: int, expected: int, bands: list[Bucket]) -> Bucket:
    for band in bands:
        if band.holds(present, expected):
            return band
    raise ValueError("a rate outside 0..100%")


def term(params: Mapping[str, str], now: float) -> tuple[date, date]:
    """The dates a report covers, from `from`/`to` (YYYY-MM-DD, inclusive, UTC).

    Without them: the last 6 months up to today.
    """
    today = datetime.fromtimestamp(now, UTC).date()
    try:
        end = date.fromisoformat(params["to"]) if params.get("to") else today
        start = (date.fromisoformat(params["from"]) if params.get("from")
                 else end - timedelta(days=DEFAULT_TERM_DAYS))
    except (ValueError, OverflowError):  # OverflowError: 6 months before 0001-01-01
        raise bad_request("Give dates as YYYY-MM-DD, for example 2026-03-31.", "bad_term") from None
    if start > end:
        raise bad_request("The start date is after the end date.", "bad_term")
    if (end - start).days > MAX_TERM_DAYS:
        raise bad_request("Choose a period of at most 3 years.", "bad_term")
    return start, end


def term_bounds(start: date, end: date) -> tuple[float, float]:
    """Unix seconds [from midnight UTC of `start`, midnight after `end`)."""
    low = datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp()
    high = datetime(end.year, end.month, end.day, tzinfo=UTC).timestamp() + 86400
    return low, high


def day(unix: float) -> str:
    """The UTC date of a time, as YYYY-MM-DD (what reports and certificates show)."""
    return datetime.fromtimestamp(unix, UTC).date().isoformat()
