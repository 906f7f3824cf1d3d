"""The content-free audit log: what happened, by which rule, to which random id, in counts."""

from __future__ import annotations

import json

from server.keys import Services


async def record(svc: Services, event: str, rule: str, subject: str | None,
                 counts: dict[str, int]) -> None:
    """Never pass content or names here: ids and counts only."""
    await svc.db.execute_write(
        "INSERT INTO audit_log (at, event, rule, subject, counts) VALUES (?, ?, ?, ?, ?)",
        (svc.clock.now(), event, rule, subject, json.dumps(counts, sort_keys=True)),
    )
