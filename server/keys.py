"""The typed keys under which the aiohttp app carries its shared state (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import socketio
from aiohttp import web

from server.clock import Clock
from server.cluster import Cluster
from server.config import Config
from server.offload import Offload
from server.store import Database
from server.throttle import Throttles

if TYPE_CHECKING:
    from server.actions.rooms import Rooms


@dataclass
class Services:
    """What actions need: the store, the clock, the socket server and live room state."""

    config: Config
    db: Database
    keystore: Database  # data keys for encryption at rest, in their own file
    clock: Clock
    sio: socketio.AsyncServer
    rooms: Rooms
    cluster: Cluster
    throttles: Throttles = field(default_factory=Throttles)
    offload: Offload = field(default_factory=Offload)


CONFIG = web.AppKey("config", Config)
CLOCK = web.AppKey("clock", Clock)  # type: ignore[type-abstract]
SIO = web.AppKey("sio", socketio.AsyncServer)
SERVICES = web.AppKey("services", Services)
CLUSTER = web.AppKey("cluster", Cluster)
