"""Rate limits: failed sign-ins per account and per address, and messages per member. Time
comes from the injectable clock, so tests move it instead of sleeping.

One process keeps them in memory: a restart forgets counters, which only ever errs towards
letting a legitimate user back in. Several workers count failed sign-ins together in Redis
(`Throttles.shared`), or each worker would allow the limit again and a guesser spreading
attempts over N workers would get N times as many. Messages stay per worker: a member's socket
stays on one worker.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import secrets
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from server.errors import AppError

log = logging.getLogger(__name__)


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


class SignInWindow(Protocol):
    async def blocked_for(self, key: str, now: float) -> float: ...
    async def record(self, key: str, now: float) -> None: ...
    async def clear(self, key: str) -> None: ...


@dataclass
class LocalWindow:
    """A `Window` in this process, behind the same interface as `SharedWindow`."""

    window: Window

    async def blocked_for(self, key: str, now: float) -> float:
        return self.window.blocked_for(key, now)

    async def record(self, key: str, now: float) -> None:
        self.window.record(key, now)

    async def clear(self, key: str) -> None:
        self.window.clear(key)


@dataclass
class SharedWindow:
    """A `Window` in Redis, seen by every worker: one sorted set per key, each event scored by
    its time, expiring with the window."""

    redis: Any  # redis.asyncio.Redis
    name: str
    limit: int
    seconds: float

    def _key(self, key: str) -> str:
        # A hash, not the text: someone may type their password into the sign-in name field.
        return f"balint:throttle:{self.name}:{hashlib.sha256(key.encode()).hexdigest()}"

    @contextlib.contextmanager
    def _reachable(self) -> Iterator[None]:
        """Redis out of reach refuses the sign-in with a message, not a crash. It fails closed:
        letting sign-ins through unthrottled while the counters are away is what a guesser
        would wait for."""
        from redis.exceptions import RedisError  # the optional "scale" dependency

        try:
            yield
        except (RedisError, OSError) as err:
            log.warning("event=throttle_unavailable error=%s", type(err).__name__)
            raise AppError("sign_in_unavailable", "Passwords cannot be checked for a moment "
                           "because the server cannot reach its shared store. Please try "
                           "again in a minute.", 503) from err

    async def blocked_for(self, key: str, now: float) -> float:
        name = self._key(key)
        with self._reachable():
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(name, "-inf", now - self.seconds)
                pipe.zrange(name, 0, self.limit - 1, withscores=True)
                _, oldest = await pipe.execute()
        if len(oldest) < self.limit:
            return 0.0
        return float(oldest[0][1]) + self.seconds - now

    async def record(self, key: str, now: float) -> None:
        name = self._key(key)
        with self._reachable():
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.zadd(name, {secrets.token_hex(8): now})
                pipe.expire(name, math.ceil(self.seconds))
                await pipe.execute()

    async def clear(self, key: str) -> None:
        with self._reachable():
            await self.redis.delete(self._key(key))


# Failed sign-ins: 5 per account and 30 per address in 15 minutes.
ACCOUNT_LIMIT, ADDRESS_LIMIT, SIGN_IN_SECONDS = 5, 30, 15 * 60


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass
class Throttles:
    account: SignInWindow = field(
        default_factory=lambda: LocalWindow(Window(ACCOUNT_LIMIT, SIGN_IN_SECONDS)))
    address: SignInWindow = field(
        default_factory=lambda: LocalWindow(Window(ADDRESS_LIMIT, SIGN_IN_SECONDS)))
    # Messages: 20 in 10 seconds per member is far above a conversation, far below a flood.
    messages: Window = field(default_factory=lambda: Window(20, 10))

    @classmethod
    def shared(cls, redis: Any) -> Throttles:
        """Failed sign-ins counted in Redis, across every worker."""
        return cls(account=SharedWindow(redis, "account", ACCOUNT_LIMIT, SIGN_IN_SECONDS),
                   address=SharedWindow(redis, "address", ADDRESS_LIMIT, SIGN_IN_SECONDS))

    async def check_sign_in(self, username: str, address: str, now: float,
                            what: str = "sign-in attempts") -> None:
        """Refuse while the account or the address has too many recent failures. Guessing
        the current password on the change form (`what="wrong passwords"`) shares the limits."""
        wait = max(await self.account.blocked_for(username, now),
                   await self.address.blocked_for(address, now))
        if wait > 0:
            raise AppError("too_many_attempts",
                           f"Too many {what}. For your security, please wait "
                           f"{_minutes(wait)} and try again.", 429)

    async def failed_sign_in(self, username: str, address: str, now: float) -> None:
        await self.account.record(username, now)
        await self.address.record(address, now)

    async def signed_in(self, username: str) -> None:
        await self.account.clear(username)

    def check_message(self, user_id: str, now: float) -> None:
        if self.messages.blocked_for(user_id, now) > 0:
            raise AppError("rate_limited", "You are sending messages very quickly. Please wait "
                           "a few seconds and try again.", 429)
        self.messages.record(user_id, now)
