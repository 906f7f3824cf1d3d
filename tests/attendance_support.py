"""Attendance test helpers: seeding a programme's past sessions through the real actions, and an
independent check that a published table gives no suppressed count away."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import optimize, sparse

from server.actions import accounts, groups
from server.actions import attendance as recorded
from server.clock import FakeClock
from server.keys import Services
from server.permissions import OPERATOR
from tests.support import PASSWORD

WEEK = 7 * 86400
SESSION = 90 * 60


@dataclass
class Seeded:
    programme_id: str
    group_ids: list[str]
    trainees: dict[str, list[str]]  # group id -> user ids
    facilitators: dict[str, str]  # group id -> username
    words: list[str] = field(default_factory=list)  # every name and username made


async def person(svc: Services, link: str, username: str, display_name: str) -> str:
    user = await accounts.accept_invitation(svc, accounts.token_from_link(link), current_user=None,
                                            username=username, display_name=display_name,
                                            password=PASSWORD)
    return user.id


async def seed(svc: Services, *, groups_spec: list[tuple[str, list[float]]],
               sessions: list[int], last: float, programme: str = "Wessex GP Training",
               lead: str | None = "lena", rng_seed: int = 7,
               programme_id: str | None = None) -> Seeded:
    """A programme whose groups each met weekly until `last`, 90 minutes a time. Each trainee
    comes to a session with their own probability, sometimes late or leaving early."""
    rng = random.Random(rng_seed)
    clock = FakeClock(last)
    svc = dataclasses.replace(svc, clock=clock)
    clock.set(last - 400 * 86400)
    pid = programme_id or await groups.create_programme(svc, OPERATOR, programme)
    out = Seeded(pid, [], {}, {})
    if lead:
        link = await accounts.create_invitation(svc, OPERATOR, kind="lead", programme_id=pid)
        await person(svc, link, lead, f"Lena Lead {rng_seed}")
        out.words += [lead, f"Lena Lead {rng_seed}"]
    for gi, ((name, chances), count) in enumerate(zip(groups_spec, sessions, strict=True)):
        first = last - (count - 1) * WEEK - 86400 * gi
        clock.set(first - 30 * 86400)
        gid = await groups.create_group(svc, OPERATOR, pid, name)
        out.group_ids.append(gid)
        fac_name = f"fq{rng_seed}x{gi}"
        link = await accounts.create_invitation(svc, OPERATOR, kind="group", group_id=gid,
                                                role="facilitator")
        await person(svc, link, fac_name, f"Faye Quorum {rng_seed}{gi}")
        out.facilitators[gid] = fac_name
        out.words += [fac_name, f"Faye Quorum {rng_seed}{gi}"]
        ids = []
        for ti in range(len(chances)):
            username, display = f"zq{rng_seed}x{gi}x{ti}", f"Zelda Quill {rng_seed}{gi}{ti}"
            link = await accounts.create_invitation(svc, OPERATOR, kind="group", group_id=gid,
                                                    role="member")
            ids.append(await person(svc, link, username, display))
            out.words += [username, display]
        out.trainees[gid] = ids
        for si in range(count):
            opened = first + si * WEEK
            clock.set(opened)
            sid = await groups.open_session(svc, OPERATOR, gid, f"Week {si + 1}")
            clock.set(opened + 60)
            await recorded.started(svc, sid)
            for uid, chance in zip(ids, chances, strict=True):
                if rng.random() >= chance:
                    continue
                clock.set(opened + 60 + rng.choice([0, 0, 0, 120, 600]))
                await recorded.arrived(svc, sid, uid)
                clock.set(opened + 60 + SESSION - rng.choice([0, 0, 0, 0, 1800]))
                await recorded.departed(svc, sid, uid)
            clock.set(opened + 60 + SESSION)
            await recorded.session_ended(svc, sid)
            await svc.db.execute_write(
                "UPDATE sessions SET state = 'ended', ended_at = ? WHERE id = ?",
                (clock.now(), sid))
    return out


# -- checking a published table ----------------------------------------------------------------
#
# An attacker written apart from server/disclosure.py, by another method: integer programming
# (scipy's HiGHS). It knows everything a lead sees: each shown count to within its rounding, each
# "<k" to be under k, each "withheld" to be at least k, and that every total is the sum of its
# parts. For each hidden cell it asks the solver for the smallest and the largest value any
# whole-number table fitting all of that allows; equal means the cell can be worked out.

Relation = tuple[Hashable, tuple[Hashable, ...]]  # (total, parts)
Range = tuple[int, int]
CAP = 100_000  # no programme has this many trainees: stands in for "no upper bound"


def _model(ranges: dict[Hashable, Range], relations: list[Relation]) -> tuple[
        list[Hashable], Any, Any]:
    cells = list(ranges)
    index = {c: i for i, c in enumerate(cells)}
    rows, cols, vals = [], [], []
    for r, (total, parts) in enumerate(relations):
        rows.append(r)
        cols.append(index[total])
        vals.append(-1.0)
        for p in parts:
            rows.append(r)
            cols.append(index[p])
            vals.append(1.0)
    matrix = sparse.csr_array((vals, (rows, cols)), shape=(len(relations), len(cells)))
    bounds = optimize.Bounds([ranges[c][0] for c in cells], [ranges[c][1] for c in cells])
    return cells, optimize.LinearConstraint(matrix, 0, 0), bounds


def attacker_ranges(ranges: dict[Hashable, Range], relations: list[Relation],
                    targets: list[Hashable]) -> dict[Hashable, Range]:
    """For each target cell, the smallest and largest value it takes in any whole-number table
    that fits `ranges` and `relations` (exact: integer programming). A cell seen with two
    different values in the tables found along the way needs no more solving."""
    cells, constraint, bounds = _model(ranges, relations)
    index = {c: i for i, c in enumerate(cells)}
    integral = np.ones(len(cells))

    def solve(objective: Any) -> Any:
        result = optimize.milp(objective, constraints=constraint, bounds=bounds,
                               integrality=integral)
        assert result.status == 0, f"no table fits what is published: {result.message}"
        return np.rint(result.x)

    seen_lo: dict[Hashable, float] = {}
    seen_hi: dict[Hashable, float] = {}

    def note(x: Any) -> None:
        for c in targets:
            v = x[index[c]]
            seen_lo[c] = min(seen_lo.get(c, v), v)
            seen_hi[c] = max(seen_hi.get(c, v), v)

    # Sweeping tables first (every hidden cell low, then high, then mixed at random) settle
    # most cells at once; the rest are solved one by one.
    pull = np.zeros(len(cells))
    for c in targets:
        pull[index[c]] = 1.0
    note(solve(pull))
    note(solve(-pull))
    rng = np.random.default_rng(0)
    for _ in range(4 if len(targets) > 20 else 0):
        note(solve(pull * rng.choice([-1.0, 1.0], len(cells))))
    out: dict[Hashable, Range] = {}
    for c in targets:
        if seen_lo[c] == seen_hi[c]:
            one = np.zeros(len(cells))
            one[index[c]] = 1.0
            note(solve(one))
            if seen_lo[c] == seen_hi[c]:
                note(solve(-one))
        out[c] = (int(seen_lo[c]), int(seen_hi[c]))
    return out


def unrecoverable(ranges: dict[Hashable, Range], hidden: list[Hashable],
                  relations: list[Relation]) -> dict[Hashable, Range]:
    """For every hidden cell, the range of values tables consistent with everything published
    give it. Fails (AssertionError) if some hidden cell has only one."""
    found = attacker_ranges(ranges, relations, hidden)
    pinned = {c: lo for c, (lo, hi) in found.items() if lo == hi}
    assert not pinned, f"hidden cells that can be worked out: {pinned}"
    return found


def published_range(cell: dict[str, Any], k: int) -> Range:
    """What a reader knows of one cell of the report, from its own fields: a shown count within
    half its rounding of the true one (never under k, else it would be "<k"), "<k" under k,
    "withheld" at least k."""
    if cell["state"] == "small":
        return 0, k - 1
    if cell["state"] == "withheld":
        return k, CAP
    assert cell["state"] == "shown", cell
    value, step = cell["value"], cell.get("rounded_to", 1)
    return max(k, value - step // 2), value + step // 2


def report_table(report: dict[str, Any]) -> tuple[dict[Hashable, Range], list[Hashable],
                                                  list[Relation]]:
    """The lead's report as what a reader knows of each cell, its hidden cells, and the
    relations a reader knows hold between them, derived from the report's own structure (not
    from the server's code). A listed pseudonym count is known exactly."""
    ranges: dict[Hashable, Range] = {}
    hidden: list[Hashable] = []
    k = report["min_count"]
    bands = [b["key"] for b in report["bands"]]
    under = [b["key"] for b in report["bands"] if b["below_expected"]]
    over = [b["key"] for b in report["bands"] if not b["below_expected"]]
    rows = {g["id"]: g["cells"] for g in report["groups"]}
    rows["ALL"] = report["all_groups"]["cells"]
    for row, cells in rows.items():
        flat = {"trainees": cells["trainees"], "below": cells["below_expected"],
                **{b: cells["bands"][b] for b in bands}}
        for col, cell in flat.items():
            ranges[(row, col)] = published_range(cell, k)
            if cell["state"] != "shown":
                assert cell["value"] is None, "a suppressed cell carries its value"
                hidden.append((row, col))
    for g in report["groups"]:
        if g["below_expected_pseudonyms"] is not None:
            n = len(g["below_expected_pseudonyms"])
            ranges[(g["id"], "below")] = (n, n)
    relations: list[Relation] = []
    for row in rows:
        relations.append(((row, "trainees"), tuple((row, b) for b in bands)))
        relations.append(((row, "below"), tuple((row, b) for b in under)))
        relations.append(((row, "trainees"), ((row, "below"), *((row, b) for b in over))))
    groups_ = [g["id"] for g in report["groups"]]
    for col in [*bands, "below", "trainees"]:
        relations.append((("ALL", col), tuple((g, col) for g in groups_)))
    return ranges, hidden, relations
