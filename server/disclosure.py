"""What a programme lead may see: pseudonyms and small-number suppression. Pure: no I/O.

Pseudonyms are HMAC-SHA256(programme secret, user id): stable within a programme, so a lead can
follow "T-3f9a1c2b" from term to term, and unlinkable across programmes, whose secrets differ.

Suppression works on a table of counts of people and the additive relations between them
(each a total and its parts, e.g. a group's trainees = the sum of its rate bands). It is the
classic two-step method of statistical disclosure control:

1. Primary suppression: every count below the threshold k (zero included) is shown as "<k".
2. Secondary (complementary) suppression: while some suppressed cell can still be worked out
   from what is shown, withhold one more shown cell: one of a relation it belongs to, the
   smallest that protects it on its own, else the smallest (it costs the reader least). A cell
   "can be worked out" when a reader knowing the relations, the shown cells and that a "<k"
   cell lies in 0..k-1 while a withheld one is at least k (it was not small) can pin it to one
   value. Three tests, quickest first:
   - linear algebra: the shown cells determine it exactly (its unit vector lies in the row
     space of the equations over suppressed cells);
   - bounds: propagating the intervals through the relations leaves one value (two "<5" cells
     whose total is 8 must both be 4);
   - an exhaustive audit, exact for whole numbers: search for another table that fits
     everything shown yet gives the cell a different value. Only this catches a cell pinned by
     combining several relations with bounds. A search that runs out of budget counts as
     unsafe, so a very large programme loses more cells rather than leaking one.
   Withheld cells are shown as "withheld", never as "<k", since their values are not small.

The loop ends because every round withholds one more cell. tests/test_attendance.py checks the
result independently, on the report a lead receives and on random tables, by its own search.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SHOWN, SMALL, WITHHELD = "shown", "small", "withheld"
LOOKAHEAD = 6  # candidates tried for each exposed cell


def pseudonym(secret: bytes, user_id: str) -> str:
    """The name a programme's reports give one trainee: "T-" and 8 hex digits of an HMAC."""
    digest = hmac.new(secret, user_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"T-{digest[:8]}"


@dataclass(frozen=True)
class Relation:
    """total = sum(parts)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def protect(values: Mapping[Hashable, int], relations: Sequence[Relation],
            k: int) -> dict[Hashable, str]:
    """The state (SHOWN, SMALL or WITHHELD) of every cell, so no suppressed value is recoverable."""
    state = {cell: SMALL if value < k else SHOWN for cell, value in values.items()}
    order = {cell: i for i, cell in enumerate(values)}  # ties go to the caller's order
    given_up: set[Hashable] = set()
    while True:
        # The quick tests first (linear algebra, bounds); the exhaustive audit confirms.
        exposed = [c for c in recoverable(values, state, relations, k) if c not in given_up]
        if not exposed:
            last = audit(values, state, relations, k)
            if last is None or last in given_up:
                return state
            exposed = [last]
        cell = exposed[0]
        def rank(c: Hashable) -> tuple[int, int]:
            return values[c], order[c]

        # Its neighbours first; if all are hidden already, it is pinned through cells further
        # away, so any shown cell may be the one to withhold.
        options = (sorted({c for r in relations if cell in r.cells for c in r.cells
                           if state[c] == SHOWN}, key=rank)
                   or sorted((c for c in values if state[c] == SHOWN), key=rank))
        if not options:
            given_up.add(cell)  # everything is hidden: nothing more can be done
            continue
        # Prefer the smallest cell that protects `cell` on its own (a short look ahead), so
        # fewer cells are lost than by always taking the smallest.
        chosen = next((o for o in options[:LOOKAHEAD]
                       if cell not in recoverable(values, {**state, o: WITHHELD}, relations, k)),
                      options[0])
        state[chosen] = WITHHELD


def recoverable(values: Mapping[Hashable, int], state: Mapping[Hashable, str],
                relations: Sequence[Relation], k: int) -> list[Hashable]:
    """Suppressed cells a reader could work out exactly from the shown cells and the bounds."""
    hidden = [c for c in values if state[c] != SHOWN]
    if not hidden:
        return []
    found = set(_determined(values, state, relations, hidden))
    found |= {c for c, (lo, hi) in _bounds(values, state, relations, k).items() if lo == hi}
    return [c for c in hidden if c in found]


def _determined(values: Mapping[Hashable, int], state: Mapping[Hashable, str],
                relations: Sequence[Relation], hidden: list[Hashable]) -> list[Hashable]:
    """Hidden cells fixed by the equations alone: Gauss-Jordan elimination over the integers
    (fraction-free, rows kept sparse and divided by their gcd), exact like rationals but fast."""
    index = {c: i for i, c in enumerate(hidden)}
    rows: list[dict[int, int]] = []
    for rel in relations:
        row: dict[int, int] = {}
        for c, sign in ((rel.total, -1), *((p, 1) for p in rel.parts)):
            if c in index:
                row[index[c]] = row.get(index[c], 0) + sign
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    pivots: dict[int, dict[int, int]] = {}  # column -> its pivot row
    for row in rows:
        # Eliminate the existing pivots from the new row, then make it a pivot row itself.
        for col, prow in pivots.items():
            if col in row:
                row = _combine(row, prow, col)
        if not row:
            continue
        col = min(row)
        for other_col, prow in list(pivots.items()):
            if col in prow:
                pivots[other_col] = _combine(prow, row, col)
        pivots[col] = row
    # A hidden cell is determined when its pivot row mentions no other (free) cell.
    return [hidden[col] for col, row in pivots.items() if len(row) == 1]


def _combine(row: dict[int, int], pivot_row: dict[int, int], col: int) -> dict[int, int]:
    """`row` with `col` eliminated using `pivot_row`, scaled to coprime integers."""
    a, b = pivot_row[col], row[col]
    out = {k: a * v for k, v in row.items()}
    for k, v in pivot_row.items():
        out[k] = out.get(k, 0) - b * v
    out = {k: v for k, v in out.items() if v}
    divisor = math.gcd(*out.values()) if out else 1
    return {k: v // divisor for k, v in out.items()}


def _start(values: Mapping[Hashable, int], state: Mapping[Hashable, str],
           k: int) -> tuple[dict[Hashable, float], dict[Hashable, float]]:
    """What a reader knows of each cell before reasoning: shown values, "<k", or "at least k"."""
    lo: dict[Hashable, float] = {}
    hi: dict[Hashable, float] = {}
    for c, v in values.items():
        if state[c] == SHOWN:
            lo[c] = hi[c] = v
        elif state[c] == SMALL:
            lo[c], hi[c] = 0, k - 1
        else:
            lo[c], hi[c] = k, math.inf
    return lo, hi


def _narrow(lo: dict[Hashable, float], hi: dict[Hashable, float],
            relations: Sequence[Relation]) -> bool:
    """Tighten bounds through the relations until nothing changes; False if none fit."""
    changed = True
    while changed:  # bounds shrink by whole numbers, so this ends
        changed = False
        for r in relations:
            parts_lo = sum(lo[p] for p in r.parts)
            finite_hi = sum(hi[p] for p in r.parts if hi[p] != math.inf)
            unbounded = sum(1 for p in r.parts if hi[p] == math.inf)
            changed |= _tighten(lo, hi, r.total, parts_lo, math.inf if unbounded else finite_hi)
            for p in r.parts:
                others_lo = parts_lo - lo[p]
                if hi[p] == math.inf:
                    others_hi = math.inf if unbounded > 1 else finite_hi
                else:
                    others_hi = math.inf if unbounded else finite_hi - hi[p]
                # Sums taken before this loop may be stale (looser): the next pass, which
                # runs until nothing changes, tightens further.
                changed |= _tighten(lo, hi, p, lo[r.total] - others_hi, hi[r.total] - others_lo)
            if any(lo[c] > hi[c] for c in r.cells):
                return False
    return True


def _bounds(values: Mapping[Hashable, int], state: Mapping[Hashable, str],
            relations: Sequence[Relation], k: int) -> dict[Hashable, tuple[float, float]]:
    """Interval bounds a reader can derive for each suppressed cell (constraint propagation)."""
    lo, hi = _start(values, state, k)
    _narrow(lo, hi, relations)
    return {c: (lo[c], hi[c]) for c in values if state[c] != SHOWN}


class _OutOfBudget(Exception):
    pass


def _fitting(lo: dict[Hashable, float], hi: dict[Hashable, float],
             relations: Sequence[Relation], budget: list[int]) -> dict[Hashable, float] | None:
    """A table of whole numbers that fits the bounds, if there is one (search with
    propagation, splitting the narrowest open range in two at each step)."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _OutOfBudget
    lo, hi = dict(lo), dict(hi)
    if not _narrow(lo, hi, relations):
        return None
    open_ = [c for c in lo if lo[c] < hi[c]]
    if not open_:
        fits = all(lo[r.total] == sum(lo[p] for p in r.parts) for r in relations)
        return lo if fits else None
    cell = min(open_, key=lambda c: hi[c] - lo[c])
    middle = lo[cell] + 1 if hi[cell] == math.inf else (lo[cell] + hi[cell]) // 2
    return (_fitting(lo, {**hi, cell: middle}, relations, budget)
            or _fitting({**lo, cell: middle + 1}, hi, relations, budget))


def audit(values: Mapping[Hashable, int], state: Mapping[Hashable, str],
          relations: Sequence[Relation], k: int, budget: int = 20_000) -> Hashable | None:
    """The first suppressed cell that a reader could pin to one value by any reasoning over
    what is shown (exact: a search over whole-number tables), or None when there is none.

    The true table is one fitting table; a cell is safe when another fitting table gives it a
    different value, and each table found that way clears every cell it changes. A search that
    runs out of budget counts as unsafe, so more is withheld, never less.
    """
    lo, hi = _start(values, state, k)
    steps = [budget]
    safe: set[Hashable] = set()
    for c in values:
        if state[c] == SHOWN or c in safe:
            continue
        v = values[c]
        try:
            other = (_fitting(lo, {**hi, c: v - 1}, relations, steps)
                     or _fitting({**lo, c: v + 1}, hi, relations, steps))
        except _OutOfBudget:
            return c
        if other is None:
            return c
        safe |= {d for d, x in other.items() if x != values[d]}
    return None


def _tighten(lo: dict[Hashable, float], hi: dict[Hashable, float], cell: Hashable,
             new_lo: float, new_hi: float) -> bool:
    changed = False
    if new_lo > lo[cell]:
        lo[cell], changed = new_lo, True
    if new_hi < hi[cell]:
        hi[cell], changed = new_hi, True
    return changed


def cell(value: int, state: str, k: int) -> dict[str, Any]:
    """How one count travels to a lead: the number only when it is shown."""
    if state == SHOWN:
        return {"value": value, "display": str(value), "state": SHOWN}
    if state == SMALL:
        return {"value": None, "display": f"<{k}", "state": SMALL}
    return {"value": None, "display": "withheld", "state": WITHHELD}
