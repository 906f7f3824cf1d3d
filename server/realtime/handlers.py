"""What every socket event shares: the one translation from errors to acknowledgements."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from server import logs, payloads, validate
from server.errors import AppError, bad_request, failed, ok

log = logging.getLogger("balint.realtime")

Handler = Callable[..., Awaitable[Any]]


def acknowledged(event: str, payload: type[payloads.Payload] | None = None
                 ) -> Callable[[Handler], Handler]:
    """Wrap an `on_<event>` handler so it always answers {ok, data} or {ok: false, error}.

    With `payload`, the handler receives the payload parsed into that structure (the edge:
    server/payloads.py), never the raw JSON. Only the event name and error code are logged:
    payloads hold what members said.
    """

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(self: Any, sid: str, *args: Any) -> dict[str, Any]:
            # A client may send any number of arguments; without this they would raise
            # TypeError before the try below, and the sender would never hear back.
            try:
                if len(args) > 1:
                    raise bad_request("Send one JSON object with each event.", "bad_payload")
                data = args[0] if args else None
                validate.json_input(data)
                if payload is not None:
                    data = payloads.parse(payload, data)
                return ok(await handler(self, sid, data))
            except AppError as err:
                log.info("event=%s outcome=refused code=%s", event, err.code)
                return failed(err)
            except Exception as error:
                # Type and frames only: its message or a frame's locals could quote user text.
                kind, frames = logs.crash(error)
                log.error("event=%s outcome=crashed error=%s frames=%s", event, kind, frames)
                return failed(AppError("internal", "Something went wrong on our side. "
                                       "Please try again.", 500))

        return run

    return wrap
