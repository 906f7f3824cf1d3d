"""What a programme lead may see: pseudonyms, small-number suppression and rounding. Pure: no I/O.

Pseudonyms are HMAC-SHA256(programme secret, user id): stable within a programme, so a lead can
follow "T-3f9a1c2b" from term to term, and unlinkable across programmes, whose secrets differ.

Counts of people follow the NHS Digital convention for published tables (docs/disclosure.md):

1. Suppression: a count below the threshold k (zero included) is shown as "<k".
2. Rounding: every other count, totals included, is rounded to the nearest 5 on its own
   ("about 45"). A reader then knows each shown count only to within +-2, so subtracting shown
   counts from a shown total leaves a range of values, not one small count.
3. A safety net: rounding protects almost every table, but not every one (when the shown
   counts around a small one all sit at the edges of their rounding ranges, it can run out of
   room: docs/disclosure.md has an example). So for each hidden cell we look for a witness,
   another whole-number table that fits everything shown (each count within its rounding
   range, each "<k" under k, each total the sum of its parts) yet gives that cell a different
   value. A witness is a small change to the true table, found by a short depth-first search
   that changes one cell and rebalances each total it unbalances. A cell with no witness found
   withholds shown cells (then shown as "withheld", known only to be at least k), first those
   the search could not move, until it has one; in practice this is rare.

A witness is checked against every relation before it counts, so the net never passes a cell
that could be worked out; a search that runs out of budget only withholds more. The cost is a
few dozen steps per hidden cell: linear in the size of the table (about 0.2 s of CPU for the
whole table of 300 groups, bench/lead_report_bench.py). tests/attendance_support.py checks the
result independently, with an integer-programming attacker over the shown table and its margins.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Hashable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

SHOWN, SMALL, WITHHELD = "shown", "small", "withheld"
BASE = 5  # counts are rounded to the nearest multiple of this
HALF = BASE // 2  # a shown count lies within this of its true value
MAX_CHANGES = 10  # cells one witness may change
BUDGET = 400  # search steps per hidden cell before a neighbour is withheld
BRANCH = 6  # cells tried to rebalance each total


def pseudonym(secret: bytes, user_id: str) -> str:
    """The name a programme's reports give one trainee: "T-" and 8 hex digits of an HMAC."""
    digest = hmac.new(secret, user_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"T-{digest[:8]}"


def rounded(value: int) -> int:
    """`value` to the nearest multiple of BASE (whole numbers never fall half-way)."""
    return BASE * ((value + HALF) // BASE)


def known_range(value: int, state: str, k: int, exact: bool = False) -> tuple[float, float]:
    """What a reader of the report knows of a cell: the whole numbers it may be. An `exact`
    cell is one the report shows unrounded when shown (a list of that many pseudonyms)."""
    if state == SMALL:
        return 0, k - 1
    if state == WITHHELD:
        return k, math.inf
    if exact:
        return value, value
    shown = rounded(value)
    return max(k, shown - HALF), shown + HALF


@dataclass(frozen=True)
class Relation:
    """total = sum(parts)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


class _Table:
    """The true table, what a reader knows of each cell, and the search for witnesses."""

    def __init__(self, values: Mapping[Hashable, int], relations: Sequence[Relation], k: int,
                 state: dict[Hashable, str], exact: Set[Hashable]) -> None:
        self.values, self.k, self.state, self.exact = values, k, state, exact
        # Each relation as {cell: +1 for a part, -1 for the total}: it holds when the
        # weighted sum of the changes to its cells is zero.
        self.weights: list[dict[Hashable, int]] = []
        self.of: dict[Hashable, list[int]] = {c: [] for c in values}
        for i, r in enumerate(relations):
            # The total first: in a long column it is the cell most worth trying.
            w = {r.total: -1}
            for p in r.parts:
                w[p] = w.get(p, 0) + 1
            self.weights.append(w)
            for c in w:
                self.of[c].append(i)
        self.range: dict[Hashable, tuple[float, float]] = {}
        self.blocked: set[Hashable] = set()
        for c in values:
            self.set_state(c, state[c])
        self.steps = 0

    def set_state(self, cell: Hashable, state: str) -> None:
        self.state[cell] = state
        self.range[cell] = known_range(self.values[cell], state, self.k, cell in self.exact)

    def fits(self, cell: Hashable, change: int) -> bool:
        lo, hi = self.range[cell]
        return lo <= self.values[cell] + change <= hi

    def witness(self, cell: Hashable) -> dict[Hashable, int] | None:
        """Changes to the true table that fit everything shown and move `cell`, or None."""
        self.steps = 0
        self.blocked = set()  # shown cells the search could not move
        for change in (1, -1):
            if self.fits(cell, change):
                delta = {cell: change}
                if self._balance(delta) and self._holds(delta):
                    return delta
        return None

    def _imbalance(self, rel: int, delta: Mapping[Hashable, int]) -> int:
        w = self.weights[rel]
        return sum(w[c] * d for c, d in delta.items() if c in w)

    def _open(self, delta: Mapping[Hashable, int]) -> dict[int, int]:
        """The relations `delta` touches, with how far each is out of balance."""
        out: dict[int, int] = {}
        for c in delta:
            for rel in self.of[c]:
                if rel not in out:
                    out[rel] = self._imbalance(rel, delta)
        return out

    def _balance(self, delta: dict[Hashable, int]) -> bool:
        """Depth-first: rebalance an unbalanced relation by changing one more cell."""
        self.steps += 1
        if self.steps > BUDGET:
            return False
        imbalance = self._open(delta)
        open_ = [r for r, e in imbalance.items() if e]
        if not open_:
            return True
        if len(delta) >= MAX_CHANGES:
            return False
        # The open relation with the fewest ways to rebalance it first: a forced change is
        # made at once, and a relation nothing can rebalance ends this branch at once.
        options = min((self._options(r, imbalance, delta) for r in open_), key=len)
        for cell, change in options:
            delta[cell] = change
            if self._balance(delta):
                return True
            del delta[cell]
        return False

    def _options(self, rel: int, imbalance: Mapping[int, int],
                 delta: Mapping[Hashable, int]) -> list[tuple[Hashable, int]]:
        """Cells of `rel` that could take up its excess, the most helpful first: a change that
        also settles another open relation beats one that opens new ones."""
        excess = imbalance[rel]
        found: list[tuple[int, Hashable, int]] = []
        for cell, weight in self.weights[rel].items():
            if cell in delta:
                continue
            change = -excess * weight  # weight is +-1
            if not weight or not self.fits(cell, change):
                if self.state[cell] == SHOWN:
                    self.blocked.add(cell)
                continue
            cost = 0
            for other in self.of[cell]:
                if other != rel:
                    before = imbalance.get(other, 0)
                    cost += abs(before + self.weights[other][cell] * change) - abs(before)
            found.append((cost, cell, change))
            if len(found) >= 4 * BRANCH:  # a long column: enough to choose from
                break
        found.sort(key=lambda t: t[0])
        return [(cell, change) for _, cell, change in found[:BRANCH]]

    def _holds(self, delta: Mapping[Hashable, int]) -> bool:
        """The witness checked from scratch: every relation holds and every cell fits."""
        touched = {rel for c in delta for rel in self.of[c]}
        return (all(self._imbalance(rel, delta) == 0 for rel in touched)
                and all(self.fits(c, d) for c, d in delta.items()))


def protect(values: Mapping[Hashable, int], relations: Sequence[Relation], k: int,
            exact: Set[Hashable] = frozenset()) -> dict[Hashable, str]:
    """The state of every cell: SHOWN (rounded to BASE, or as it is for a cell in `exact`),
    SMALL ("<k") or WITHHELD, such that no hidden cell can be worked out from the shown ones
    and the relations between them."""
    state = {cell: SMALL if value < k else SHOWN for cell, value in values.items()}
    table = _Table(values, relations, k, state, exact)
    order = {cell: i for i, cell in enumerate(values)}

    def rank(c: Hashable) -> tuple[int, int]:
        return values[c], order[c]

    pending = [c for c in values if state[c] != SHOWN]
    safe: set[Hashable] = set()
    while pending:
        cell = pending.pop(0)
        if cell in safe:
            continue
        delta = table.witness(cell)
        while delta is None:
            # Withhold a shown cell that gives `cell` room, trying first those the search
            # wanted to move but could not, then its other neighbours, the smallest first (it
            # costs the reader least); else the first of them. Withheld cells need witnesses
            # too, so they join the queue.
            stuck = sorted((c for c in table.blocked if state[c] == SHOWN), key=rank)
            near = stuck + sorted({c for rel in table.of[cell] for c in table.weights[rel]
                                   if state[c] == SHOWN} - set(stuck), key=rank)
            if not near:  # every neighbour hidden: widen further out
                near = sorted((c for c in values if state[c] == SHOWN), key=rank)
            if not near:
                raise ValueError("no table but the true one fits these relations")
            chosen = near[0]
            for option in near[:2 * BRANCH]:
                table.set_state(option, WITHHELD)
                delta = table.witness(cell)
                table.set_state(option, SHOWN)
                if delta is not None:
                    chosen = option
                    break
            table.set_state(chosen, WITHHELD)
            pending.append(chosen)
            delta = table.witness(cell)
        # A witness moves every hidden cell it changes: they are safe as well.
        safe |= {c for c in delta if state[c] != SHOWN}
    return state


MIN_CONTRIBUTORS = 3  # the threshold rule for a figure summarising people: at least 3


def places_filled(attended: int, places: int, people: int, k: int) -> dict[str, Any]:
    """A group's share of places filled over a period (sessions attended / sessions expected,
    all its trainees together): counts of meetings, not of people, so a group too small for any
    count of people still has a figure to act on. As the convention asks, the rate is derived
    from the two counts rounded to 5 (so it cannot undo their rounding) and needs at least k
    attendances and MIN_CONTRIBUTORS trainees (for one or two it would be their own rate)."""
    if people < MIN_CONTRIBUTORS or attended < k or places <= 0:
        return {"rate": None, "display": "withheld"}
    rate = 100 * rounded(attended) // rounded(places)
    return {"rate": rate, "display": f"about {rate}%", "rounded_to": BASE}


def cell(value: int, state: str, k: int, exact: bool = False) -> dict[str, Any]:
    """How one count travels to a lead: rounded when it is shown, else only its state."""
    if state == SHOWN and exact:
        return {"value": value, "display": str(value), "state": SHOWN}
    if state == SHOWN:
        shown = rounded(value)
        return {"value": shown, "display": f"about {shown}", "state": SHOWN, "rounded_to": BASE}
    if state == SMALL:
        return {"value": None, "display": f"<{k}", "state": SMALL}
    return {"value": None, "display": "withheld", "state": WITHHELD}
