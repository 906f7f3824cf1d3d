"""What one worker process must tell the others when several share the store.

Socket.io events cross workers through python-socketio's Redis manager. Two things do not: a
worker's in-memory copy of a session's live state (server/actions/live.py), and the sockets of
one person that another worker holds (to take them out of a room). Workers tell each other
about those on the same Redis channel as the socket.io events, so every worker hears a "this
changed" before any event published after it: a member who sees "you are muted" can never
reach a worker that has not heard of the mute yet. With one process there is nobody to tell and
no Redis: `Cluster` does nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import socketio

from server import library_hooks
from server.config import Config
from server.realtime.socket_cap import SharedSockets
from server.throttle import Throttles

log = logging.getLogger("balint.cluster")

CHANNEL = "balint:socketio"
OURS = b'{"method": "balint"'  # how our messages start (json.dumps of the dict built in tell)

Handler = Callable[[dict[str, Any]], Awaitable[None]]


class Cluster:
    """One process: every call is local, so there is nothing to send."""

    def __init__(self, worker: str) -> None:
        self.worker = worker
        self._handlers: dict[str, Handler] = {}

    @property
    def socket_manager(self) -> socketio.AsyncManager | None:
        """The socket.io client manager; None keeps python-socketio's in-memory one."""
        return None

    def throttles(self) -> Throttles:
        """Rate limits: in this process's memory."""
        return Throttles()

    def shared_sockets(self, keep_seconds: int) -> SharedSockets | None:
        """Where sockets are counted across workers: nowhere, with one process."""
        return None

    async def close(self) -> None:
        """Let go of any connection the cluster opened."""

    def on(self, op: str, handler: Handler) -> None:
        """Run `handler(message)` when another worker tells us `op`."""
        self._handlers[op] = handler

    async def tell(self, op: str, **fields: Any) -> None:
        """Tell the other workers; the caller has already done the same thing here."""

    async def dispatch(self, raw: bytes | str) -> None:
        try:
            message = json.loads(raw)
            if message.get("from") == self.worker:
                return
            handler = self._handlers.get(message.get("op"))
        except (ValueError, AttributeError):
            log.warning("event=cluster_message_unreadable")
            return
        if handler is None:
            log.warning("event=cluster_op_unknown")
            return
        try:
            await handler(message)
        except Exception:  # one bad message must not stop this worker hearing the rest
            log.exception("event=cluster_handler_failed op=%s", message.get("op"))


class RedisCluster(Cluster):
    def __init__(self, worker: str, url: str) -> None:
        super().__init__(worker)
        self._url = url
        self._manager = library_hooks.SideChannelRedisManager(url, CHANNEL, OURS, self.dispatch)
        self._redis: Any = None

    def _client(self) -> Any:
        if self._redis is None:
            import redis.asyncio  # the optional "scale" dependency, as for python-socketio

            self._redis = redis.asyncio.Redis.from_url(self._url)
        return self._redis

    def throttles(self) -> Throttles:
        """Password checks counted in Redis, so the limits hold across every worker."""
        return Throttles.shared(self._client())

    def shared_sockets(self, keep_seconds: int) -> SharedSockets:
        """Each person's sockets on every worker, in Redis."""
        return SharedSockets(self._client(), self.worker, keep_seconds)

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    @property
    def socket_manager(self) -> socketio.AsyncManager:
        return self._manager

    async def tell(self, op: str, **fields: Any) -> None:
        await self._manager.publish({"method": "balint", "from": self.worker, "op": op,
                                     **fields})


def create(config: Config) -> Cluster:
    if config.clustered:
        return RedisCluster(config.worker, config.redis_url)
    return Cluster(config.worker)

