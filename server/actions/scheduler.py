"""The scheduler: a task in the app that opens scheduled sessions' waiting rooms on time and
sends reminders. It reads the time from `svc.clock` only, so tests drive it with a fake clock.

Every worker runs it; opening is safe twice (one open session per group, checked inside the
write transaction) and each reminder is claimed in the store before it is sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from server.actions import apologies, reminders, schedule
from server.keys import SERVICES, Services

log = logging.getLogger("balint.scheduler")


async def tick(svc: Services) -> None:
    """One round: open what is due, send the reminders that are due, forget old reasons."""
    await schedule.open_due(svc)
    await reminders.send_due(svc)
    await apologies.forget_old_reasons(svc)


async def scheduler_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: a round every `BALINT_SCHEDULE_SECONDS` while the server runs."""
    svc = app[SERVICES]

    async def loop() -> None:
        while True:
            try:
                await tick(svc)
            except Exception:
                log.exception("event=schedule outcome=crashed")
            await asyncio.sleep(svc.config.schedule_seconds)

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
