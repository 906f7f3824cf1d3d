"""At most `BALINT_MAX_SOCKETS_PER_USER` live sockets per person.

A person needs a socket per tab; one member holding 1,000 sockets in a room slowed everyone
else's messages to about 2 s (issue 18). Each worker counts its own sockets exactly, with no
await between the check and the count, so sockets connecting at once cannot all pass. With
several workers the sockets are also counted in Redis (`SharedSockets`), so a person signed in
from several browsers, whose sockets nginx may route to different workers, meets the same cap
in all. Should Redis be out of reach, each worker's own cap still holds (sockets are not a
secret worth failing closed for, unlike password checks).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("balint.realtime")

# A worker says it is alive this often, and is taken for dead (its sockets no longer counted)
# after this long without saying so: as for presence (server/actions/presence.py).
BEAT_SECONDS, GONE_AFTER_SECONDS = 3, 12

# KEYS[1]: the person's sockets, members "<worker incarnation>/<sid>". ARGV: the cap, the new
# member, the prefix of the workers' liveness keys, how long to keep the set. Drops the sockets
# of workers no longer alive, then adds the new one if there is room. 1 = admitted.
ADMIT = """
local live = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local incarnation = string.match(member, '^([^/]*)/')
  if incarnation and redis.call('EXISTS', ARGV[3] .. incarnation) == 1 then
    live = live + 1
  else
    redis.call('ZREM', KEYS[1], member)
  end
end
if live >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], 0, ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
"""
ALIVE = "balint:sockets-alive:"


@dataclass
class SharedSockets:
    """Every worker's sockets of each person, in Redis. This worker's entries carry a name
    new at each start, so a worker killed and restarted under the same BALINT_WORKER does not
    inherit the sockets it held before: they stop counting when its old name's liveness key
    expires."""

    redis: Any  # redis.asyncio.Redis
    worker: str
    keep_seconds: int = 30 * 86400
    incarnation: str = ""
    _script: Any = None
    _beating: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.incarnation = self.incarnation or f"{self.worker}.{secrets.token_hex(4)}"

    def _key(self, user_id: str) -> str:
        return f"balint:sockets:{user_id}"

    def _member(self, sid: str) -> str:
        return f"{self.incarnation}/{sid}"

    async def admit(self, user_id: str, sid: str, limit: int) -> bool:
        if self._script is None:
            self._script = self.redis.register_script(ADMIT)
        admitted = await self._script(keys=[self._key(user_id)],
                                      args=[limit, self._member(sid), ALIVE, self.keep_seconds])
        return bool(int(admitted))

    async def release(self, user_id: str, sid: str) -> None:
        await self.redis.zrem(self._key(user_id), self._member(sid))

    async def beat(self) -> None:
        await self.redis.set(ALIVE + self.incarnation, 1, ex=GONE_AFTER_SECONDS)

    async def start(self) -> None:
        await self.beat()

        async def loop() -> None:
            while True:
                await asyncio.sleep(BEAT_SECONDS)
                try:
                    await self.beat()
                except Exception as err:  # Redis away for a moment must not end the beat
                    log.warning("event=socket_cap_unavailable error=%s", type(err).__name__)

        self._beating = asyncio.create_task(loop())

    async def stop(self) -> None:
        if self._beating is not None:
            self._beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beating
        with contextlib.suppress(Exception):  # gone at once rather than after the expiry
            await self.redis.delete(ALIVE + self.incarnation)


@dataclass
class SocketCap:
    """Live sockets per person: counted in this worker, and across workers when `shared`.

    The count here is taken before any await. A socket is forgotten when it disconnects;
    should a disconnect ever be missed, a full count is checked against the sockets engine.io
    still holds (`alive`) before refusing.
    """

    limit: int
    shared: SharedSockets | None = None
    _sids: dict[str, set[str]] = field(default_factory=dict)

    async def admit(self, user_id: str, sid: str, alive: Callable[[str], bool]) -> bool:
        admitted, gone = self._admit_here(user_id, sid, alive)
        if self.shared is None:
            return admitted
        for stale in gone:
            await self.release(user_id, stale)
        if not admitted:
            return False
        try:
            if await self.shared.admit(user_id, sid, self.limit):
                return True
        except Exception as err:  # Redis out of reach: this worker's own cap still holds
            log.warning("event=socket_cap_unavailable error=%s", type(err).__name__)
            return True
        self._release_here(user_id, sid)
        return False

    async def release(self, user_id: str, sid: str) -> None:
        self._release_here(user_id, sid)
        if self.shared is not None:
            try:
                await self.shared.release(user_id, sid)
            except Exception as err:  # its worker's liveness still ends it in the end
                log.warning("event=socket_cap_unavailable error=%s", type(err).__name__)

    def _admit_here(self, user_id: str, sid: str,
                    alive: Callable[[str], bool]) -> tuple[bool, set[str]]:
        """Whether there is room here (and the socket is counted), and any sockets found
        gone without a disconnect."""
        sids = self._sids.setdefault(user_id, set())
        gone: set[str] = set()
        if len(sids) >= self.limit:
            gone = {s for s in sids if not alive(s)}
            sids -= gone
        if len(sids) >= self.limit:
            return False, gone
        sids.add(sid)
        return True, gone

    def _release_here(self, user_id: str, sid: str) -> None:
        sids = self._sids.get(user_id)
        if sids is not None:
            sids.discard(sid)
            if not sids:
                del self._sids[user_id]

    def count(self, user_id: str) -> int:
        """This worker's live sockets of this person."""
        return len(self._sids.get(user_id, ()))
