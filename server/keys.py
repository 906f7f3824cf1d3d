"""The typed keys under which the aiohttp app carries its shared state (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import socketio
from aiohttp import web
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.clock import Clock
from server.cluster import Cluster
from server.config import Config
from server.offload import Offload
from server.oidc import OidcClients
from server.store import Database
from server.throttle import Throttles


class RoomCache(Protocol):
    """This process's cached live state of open sessions: `server.actions.rooms.Rooms`.

    Named here by its shape only, so that this wiring module imports no action (importing
    `Rooms` closed a circle through the action modules). Inside the actions,
    `rooms.cache(svc)` gives it back as the class it is, with its typed live sessions.
    """

    last_seq: dict[tuple[str, str], int]

    @property
    def caches_seq(self) -> bool: ...

    async def live(self, svc: Services, session_id: str) -> Any: ...

    async def changed(self, svc: Services, live: Any) -> None: ...

    async def on_live_changed(self, svc: Services, message: dict[str, Any]) -> None: ...

    async def closed(self, svc: Services, session_id: str) -> None: ...

    async def on_closed(self, message: dict[str, Any]) -> None: ...

    def forget(self, session_id: str) -> None: ...

    def next_seq(self, seq_key: tuple[str, str]) -> int | None: ...

    async def data_key(self, svc: Services, session_id: str, channel: str) -> AESGCM: ...


@dataclass
class Services:
    """What actions need: the store, the clock, the socket server and live room state."""

    config: Config
    db: Database
    keystore: Database  # data keys for encryption at rest, in their own file
    clock: Clock
    sio: socketio.AsyncServer
    rooms: RoomCache
    cluster: Cluster
    throttles: Throttles = field(default_factory=Throttles)
    offload: Offload = field(default_factory=Offload)
    oidc: OidcClients = field(default_factory=OidcClients)  # single sign-on providers


CONFIG = web.AppKey("config", Config)
CLOCK = web.AppKey("clock", Clock)  # type: ignore[type-abstract]
SIO = web.AppKey("sio", socketio.AsyncServer)
SERVICES = web.AppKey("services", Services)
CLUSTER = web.AppKey("cluster", Cluster)
