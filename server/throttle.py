"""Rate limits: password checks per address and account, per account and per address;
messages and history reads per member. Time comes from the injectable clock, so tests move it
instead of sleeping.

A password check is *reserved* before the slow hash, atomically against every limit, and only
given back when the password was right. Checking the limit first and counting the failure after
the hash let 100 guesses sent at once all through (issue 18): each passed the check while the
others were still hashing.

One process keeps the counters in memory: a restart forgets them, which only ever errs towards
letting a legitimate user back in. Several workers count password checks together in Redis
(`Throttles.shared`, one Lua script per reservation), or each worker would allow the limit
again and a guesser spreading attempts over N workers would get N times as many. Messages and
history stay per worker: a member's socket stays on one worker.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
from collections import deque
from collections.abc import Iterator, Mapping
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
        # Enough of the oldest must age out to leave room for one more.
        return events[len(events) - self.limit] + self.seconds - now

    def record(self, key: str, now: float) -> None:
        self._recent(key, now).append(now)
        if len(self._events) > 100_000:  # bound memory against a flood of distinct keys
            self.prune(now)

    def clear(self, key: str) -> None:
        self._events.pop(key, None)

    def forget(self, key: str, at: float) -> None:
        """Take back one event recorded at `at` (events at the same time are alike)."""
        events = self._events.get(key)
        if events is not None and at in events:
            events.remove(at)

    def prune(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.seconds]:
            del self._events[key]


# Password checks in 15 minutes (docs/protocol.md, deploy/README.md "Limits to know"):
# - 5 per address and account: a guesser gets five tries at one account from where they are,
#   and the owner signing in from elsewhere is not locked out by them;
# - 10 per account from anywhere: guesses spread over many addresses still meet a limit;
# - 100 per address over all accounts: spraying many names is stopped, while one burst at one
#   account (5 at most) leaves a practice behind a shared NAT signing in.
PAIR_LIMIT, ACCOUNT_LIMIT, ADDRESS_LIMIT, SIGN_IN_SECONDS = 5, 10, 100, 15 * 60
LIMITS = {"pair": PAIR_LIMIT, "account": ACCOUNT_LIMIT, "address": ADDRESS_LIMIT}


class SignInCounters(Protocol):
    """Password checks counted in windows of SIGN_IN_SECONDS, one window per limit and key."""

    async def take(self, keys: Mapping[str, str], token: str, now: float) -> float:
        """If every key (limit name -> key) is under its limit, count one check against each
        and return 0; otherwise count nothing and return the seconds to wait. Atomic."""
        ...

    async def give_back(self, keys: Mapping[str, str], token: str, at: float) -> None: ...
    async def clear(self, name: str, key: str) -> None: ...


@dataclass
class LocalCounters:
    """In this process. `take` never awaits, so no other request runs between its check and
    its count: the event loop makes it atomic."""

    windows: dict[str, Window] = field(default_factory=lambda: {
        name: Window(limit, SIGN_IN_SECONDS) for name, limit in LIMITS.items()})

    async def take(self, keys: Mapping[str, str], token: str, now: float) -> float:
        wait = max(self.windows[name].blocked_for(key, now) for name, key in keys.items())
        if wait > 0:
            return wait
        for name, key in keys.items():
            self.windows[name].record(key, now)
        return 0.0

    async def give_back(self, keys: Mapping[str, str], token: str, at: float) -> None:
        for name, key in keys.items():
            self.windows[name].forget(key, at)

    async def clear(self, name: str, key: str) -> None:
        self.windows[name].clear(key)


# KEYS: one sorted set per limit; ARGV: now, window seconds, token, then each key's limit.
# Drops what aged out, refuses if any set is full (answering the wait as a string: Redis
# would cut a Lua number to an integer), else adds the token to every set.
TAKE = """
local now, seconds, token = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local wait = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - seconds)
  local limit = tonumber(ARGV[3 + i])
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + seconds - now)
  end
end
if wait > 0 then return tostring(wait) end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, token)
  redis.call('EXPIRE', key, math.ceil(seconds))
end
return '0'
"""


@dataclass
class SharedCounters:
    """In Redis, seen by every worker: one sorted set per limit and key, each check scored by
    its time, expiring with the window."""

    redis: Any  # redis.asyncio.Redis
    seconds: float = SIGN_IN_SECONDS
    limits: Mapping[str, int] = field(default_factory=lambda: dict(LIMITS))
    _script: Any = None

    def _key(self, name: str, key: str) -> str:
        # A hash, not the text: someone may type their password into the sign-in name field.
        return f"balint:throttle:{name}:{hashlib.sha256(key.encode()).hexdigest()}"

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

    async def take(self, keys: Mapping[str, str], token: str, now: float) -> float:
        if self._script is None:
            self._script = self.redis.register_script(TAKE)
        names = [self._key(name, key) for name, key in keys.items()]
        limits = [self.limits[name] for name in keys]
        with self._reachable():
            wait = await self._script(keys=names, args=[repr(now), self.seconds, token, *limits])
        return float(wait)

    async def give_back(self, keys: Mapping[str, str], token: str, at: float) -> None:
        with self._reachable():
            async with self.redis.pipeline(transaction=True) as pipe:
                for name, key in keys.items():
                    pipe.zrem(self._key(name, key), token)
                await pipe.execute()

    async def clear(self, name: str, key: str) -> None:
        with self._reachable():
            await self.redis.delete(self._key(name, key))


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass(frozen=True)
class Reservation:
    """One password check, counted against every limit before it runs."""

    keys: Mapping[str, str]
    token: str
    at: float


@dataclass
class Throttles:
    sign_in: SignInCounters = field(default_factory=LocalCounters)
    # Messages: 20 in 10 seconds per member is far above a conversation, far below a flood.
    messages: Window = field(default_factory=lambda: Window(20, 10))
    # History: a client reads it when it reconnects or sees a gap; 20 reads in 10 seconds
    # covers ten tabs reconnecting at once, and stops a loop re-reading 1,000 messages.
    history: Window = field(default_factory=lambda: Window(20, 10))
    # WebRTC signals: joining a room of 12 is about 11 offers or answers with some 15 ICE
    # candidates each, a reconnect the same again, and push-to-talk tells every peer of each
    # press; 600 in 10 seconds covers all that and stops one member flooding the others' pages.
    signals: Window = field(default_factory=lambda: Window(600, 10))

    @classmethod
    def shared(cls, redis: Any) -> Throttles:
        """Password checks counted in Redis, across every worker."""
        return cls(sign_in=SharedCounters(redis))

    async def reserve_check(self, username: str, address: str, now: float,
                            what: str = "sign-in attempts") -> Reservation:
        """Count one password check for this account from this address, before it runs, or
        refuse while any limit is reached. Guessing the current password on the change form
        (`what="wrong passwords"`) shares the limits."""
        keys = {"pair": f"{address}\n{username}", "account": username, "address": address}
        reservation = Reservation(keys, secrets.token_hex(8), now)
        wait = await self.sign_in.take(keys, reservation.token, now)
        if wait > 0:
            raise AppError("too_many_attempts",
                           f"Too many {what}. For your security, please wait "
                           f"{_minutes(wait)} and try again.", 429)
        return reservation

    async def password_right(self, reservation: Reservation) -> None:
        """The password was right: its check does not count, and earlier failures of this
        account from this address were most likely its owner's typing. A wrong password keeps
        its reservation: that is the failure counted."""
        try:
            await self.sign_in.give_back(reservation.keys, reservation.token, reservation.at)
            await self.sign_in.clear("pair", reservation.keys["pair"])
        except AppError:
            # Redis went away after the check: the person is who they said; one check stays
            # counted until the window passes, which errs on the safe side.
            log.warning("event=throttle_refund_failed")

    def check_message(self, user_id: str, now: float) -> None:
        _count(self.messages, user_id, now, "You are sending messages very quickly. Please wait "
               "a few seconds and try again.")

    def check_signal(self, user_id: str, now: float) -> None:
        _count(self.signals, user_id, now, "Voice is reconnecting very often. Please wait a few "
               "seconds.")

    def check_history(self, user_id: str, now: float) -> None:
        _count(self.history, user_id, now, "The conversation is being reloaded very often. "
               "Please wait a few seconds and try again.")


def _count(window: Window, user_id: str, now: float, refusal: str) -> None:
    """Count one of this member's events, or refuse it (rate_limited) while the window is full."""
    if window.blocked_for(user_id, now) > 0:
        raise AppError("rate_limited", refusal, 429)
    window.record(user_id, now)

