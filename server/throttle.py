"""Rate limits kept in memory: failed sign-ins per account and per address, and messages per
member. Time comes from the injectable clock, so tests move it instead of sleeping.

In-memory is deliberate for the embedded one-process server: a restart forgets counters, which
only ever errs towards letting a legitimate user back in. Scaled-out deployments should also
rate-limit at the proxy (deploy/nginx.conf).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from server.errors import AppError


@dataclass
class Window:
    """At most `limit` events per `seconds`, counted over a sliding window."""

    limit: int
    seconds: float
    _events: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque()
        while events and events[0] <= now - self.seconds:
            events.popleft()
        return events

    def blocked_for(self, key: str, now: float) -> float:
        """Seconds until `key` may act again (0 when it may act now)."""
        events = self._recent(key, now)
        if len(events) < self.limit:
            return 0.0
        return events[0] + self.seconds - now

    def record(self, key: str, now: float) -> None:
        self._recent(key, now).append(now)
        if len(self._events) > 100_000:  # bound memory against a flood of distinct keys
            self.prune(now)

    def clear(self, key: str) -> None:
        self._events.pop(key, None)

    def prune(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.seconds]:
            del self._events[key]


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass
class Throttles:
    # Failed sign-ins: 5 per account and 30 per address in 15 minutes.
    account: Window = field(default_factory=lambda: Window(5, 15 * 60))
    address: Window = field(default_factory=lambda: Window(30, 15 * 60))
    # Messages: 20 in 10 seconds per member is far above a conversation, far below a flood.
    messages: Window = field(default_factory=lambda: Window(20, 10))

    def check_sign_in(self, username: str, address: str, now: float,
                      what: str = "sign-in attempts") -> None:
        """Refuse while the account or the address has too many recent failures. Guessing
        the current password on the change form (`what="wrong passwords"`) shares the limits."""
        wait = max(self.account.blocked_for(username, now),
                   self.address.blocked_for(address, now))
        if wait > 0:
            raise AppError("too_many_attempts",
                           f"Too many {what}. For your security, please wait "
                           f"{_minutes(wait)} and try again.", 429)

    def failed_sign_in(self, username: str, address: str, now: float) -> None:
        self.account.record(username, now)
        self.address.record(address, now)

    def signed_in(self, username: str) -> None:
        self.account.clear(username)

    def check_message(self, user_id: str, now: float) -> None:
        if self.messages.blocked_for(user_id, now) > 0:
            raise AppError("rate_limited", "You are sending messages very quickly. Please wait "
                           "a few seconds and try again.", 429)
        self.messages.record(user_id, now)
