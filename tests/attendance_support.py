"""Attendance test helpers: seeding a programme's past sessions through the real actions, and an
independent check that a published table gives no suppressed count away."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

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

Relation = tuple[Hashable, tuple[Hashable, ...]]  # (total, parts)
CAP = 10_000  # no programme has this many trainees: stands in for "no upper bound"


def _propagate(lo: dict[Hashable, int], hi: dict[Hashable, int],
               relations: list[Relation]) -> bool:
    """Tighten bounds in place; False if no table fits them."""
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            plo, phi = sum(lo[p] for p in parts), sum(hi[p] for p in parts)
            bounds = [(total, plo, phi)]
            for p in parts:
                bounds.append((p, lo[total] - (phi - hi[p]), hi[total] - (plo - lo[p])))
            for c, new_lo, new_hi in bounds:
                if new_lo > lo[c]:
                    lo[c], changed = new_lo, True
                if new_hi < hi[c]:
                    hi[c], changed = new_hi, True
                if lo[c] > hi[c]:
                    return False
    return True


def _solve(lo: dict[Hashable, int], hi: dict[Hashable, int], relations: list[Relation],
           budget: list[int]) -> dict[Hashable, int] | None:
    budget[0] -= 1
    assert budget[0] > 0, "the table is too large to check exhaustively"
    lo, hi = dict(lo), dict(hi)
    if not _propagate(lo, hi, relations):
        return None
    free = [c for c in lo if lo[c] < hi[c]]
    if not free:
        ok = all(lo[t] == sum(lo[p] for p in parts) for t, parts in relations)
        return lo if ok else None
    cell = min(free, key=lambda c: (hi[c] - lo[c], repr(c)))
    for value in range(lo[cell], hi[cell] + 1):
        found = _solve({**lo, cell: value}, {**hi, cell: value}, relations, budget)
        if found is not None:
            return found
    return None


def unrecoverable(shown: dict[Hashable, int], suppressed: dict[Hashable, str], k: int,
                  relations: list[Relation]) -> dict[Hashable, tuple[int, int]]:
    """For every suppressed cell, two different values that tables consistent with everything
    published give it. Fails (AssertionError) if some suppressed cell has only one."""
    lo: dict[Hashable, int] = {}
    hi: dict[Hashable, int] = {}
    for c, v in shown.items():
        lo[c] = hi[c] = v
    for c, kind in suppressed.items():
        lo[c], hi[c] = (0, k - 1) if kind == "small" else (k, CAP)
    budget = [200_000]
    base = _solve(lo, hi, relations, budget)
    assert base is not None, "no table fits what is published"
    witnesses = {}
    for c in suppressed:
        other = (_solve(lo, {**hi, c: base[c] - 1}, relations, budget) if base[c] > lo[c]
                 else None)
        if other is None and base[c] < hi[c]:
            other = _solve({**lo, c: base[c] + 1}, hi, relations, budget)
        assert other is not None, f"the suppressed cell {c!r} can be worked out: {base[c]}"
        witnesses[c] = (base[c], other[c])
    return witnesses


def report_table(report: dict[str, Any]) -> tuple[dict[Hashable, int], dict[Hashable, str],
                                                  list[Relation]]:
    """The lead's report as a table of cells and the relations a reader knows hold between
    them, derived from the report's own structure (not from the server's code)."""
    shown: dict[Hashable, int] = {}
    hidden: dict[Hashable, str] = {}
    bands = [b["key"] for b in report["bands"]]
    under = [b["key"] for b in report["bands"] if b["below_expected"]]
    over = [b["key"] for b in report["bands"] if not b["below_expected"]]
    rows = {g["id"]: g["cells"] for g in report["groups"]}
    rows["ALL"] = report["all_groups"]["cells"]
    for row, cells in rows.items():
        flat = {"trainees": cells["trainees"], "below": cells["below_expected"],
                **{b: cells["bands"][b] for b in bands}}
        for col, cell in flat.items():
            if cell["state"] == "shown":
                shown[(row, col)] = cell["value"]
            else:
                assert cell["value"] is None, "a suppressed cell carries its value"
                hidden[(row, col)] = cell["state"]
    relations: list[Relation] = []
    for row in rows:
        relations.append(((row, "trainees"), tuple((row, b) for b in bands)))
        relations.append(((row, "below"), tuple((row, b) for b in under)))
        relations.append(((row, "trainees"), ((row, "below"), *((row, b) for b in over))))
    groups_ = [g["id"] for g in report["groups"]]
    for col in [*bands, "below", "trainees"]:
        relations.append((("ALL", col), tuple((g, col) for g in groups_)))
    return shown, hidden, relations
