"""Attendance certificates: issued to a trainee for one group and term, signed with the
service's current Ed25519 key, and checked by anyone against the published public keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server import attendance, signing_keys
from server.actions import attendance as recorded
from server.actions.accounts import User
from server.actions.groups import group_roles
from server.crypto import certificates
from server.keys import Services
from server.permissions import Action, check


async def issue(svc: Services, user: User, group_id: str,
                params: dict[str, str]) -> dict[str, Any]:
    """A signed certificate of my attendance in `group_id` over the term (ended sessions)."""
    check(await group_roles(svc, user, group_id), Action.SEE_OWN_ATTENDANCE)
    now = svc.clock.now()
    start, end = attendance.term(params, now)
    records = await recorded.load(svc, [group_id], *attendance.term_bounds(start, end),
                                  ended_only=True, user_id=user.id)
    mine = recorded.own_summary(records, user.id)
    names = await svc.db.fetch_one(
        "SELECT g.name AS group_name, p.name AS programme FROM groups g"
        " JOIN programmes p ON p.id = g.programme_id WHERE g.id = ?", (group_id,))
    attended = [s for s in mine["sessions"] if s["present"]]
    body = {
        "issuer": svc.config.base_url,
        "issued_at": datetime.fromtimestamp(now, UTC).replace(microsecond=0).isoformat(),
        "trainee": user.display_name,
        "group": names["group_name"] if names else "",
        "programme": names["programme"] if names else "",
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "sessions": [{"date": s["date"], "minutes": s["minutes"]} for s in attended],
        "sessions_attended": len(attended),
        "sessions_expected": mine["expected"],
        "total_minutes": sum(s["minutes"] for s in attended),
    }
    private = signing_keys.current(svc.config.data_dir, now)
    return certificates.sign(body, private)


def published(svc: Services) -> list[dict[str, Any]]:
    return [k.to_dict() for k in signing_keys.published(svc.config.data_dir)]


def verify(svc: Services, document: Any) -> dict[str, Any]:
    """Whether a pasted certificate was issued here unchanged, and if not, why not."""
    keys = {k.key_id: k.public_key for k in signing_keys.published(svc.config.data_dir)}
    verdict = certificates.verify(document, keys)
    out: dict[str, Any] = {"valid": verdict.valid, "code": verdict.code,
                           "reason": verdict.reason, "key_id": verdict.key_id}
    if verdict.valid:
        out["certificate"] = document["certificate"]
    return out
