"""Test helpers: a real server on a loopback port, HTTP and socket.io clients as real users."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio
from aiohttp import web

from server.app import create_app
from server.clock import FakeClock
from server.config import Config
from server.keys import SERVICES, Services

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def serve_on_loopback(app: web.Application) -> tuple[web.AppRunner, int]:
    """Start `app` on 127.0.0.1 at a port the system picks; the runner (to clean up) and port."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])


@dataclass
class LiveServer:
    """The real app, listening on 127.0.0.1, with a clock the test moves."""

    config: Config
    clock: FakeClock
    app: web.Application | None = None
    runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.config.port}"

    @property
    def svc(self) -> Services:
        assert self.app is not None
        return self.app[SERVICES]

    async def start(self) -> LiveServer:
        self.app = create_app(self.config, clock=self.clock)
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.config.port).start()
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()


def loopback_config(data_dir: Path) -> Config:
    # A low scrypt cost keeps the suite fast; production's cost is BALINT_SCRYPT_N's default.
    return Config(data_dir=data_dir, host="127.0.0.1", port=free_port(), scrypt_n=1024)


class ApiClient:
    """A browser-like HTTP client: keeps the cookie, sends the CSRF token on writes."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""

    async def close(self) -> None:
        await self.http.close()

    async def request(self, method: str, path: str, body: Any = None,
                      headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        sent = {"X-CSRF-Token": self.csrf} if self.csrf and method != "GET" else {}
        sent.update(headers or {})
        async with self.http.request(method, self.base + path, json=body, headers=sent) as resp:
            payload = await resp.json()
            if payload.get("ok") and isinstance(payload.get("data"), dict):
                self.csrf = payload["data"].get("csrf_token", self.csrf)
            return resp.status, payload

    async def post(self, path: str, body: Any = None, **kw: Any) -> tuple[int, dict[str, Any]]:
        return await self.request("POST", path, {} if body is None else body, **kw)

    async def get(self, path: str) -> tuple[int, dict[str, Any]]:
        return await self.request("GET", path)

    def cookie(self) -> str:
        for c in self.http.cookie_jar:
            if c.key == "balint_session":
                return c.value
        return ""


@dataclass
class Person:
    username: str
    display_name: str
    api: ApiClient
    user_id: str = ""
    sockets: list[socketio.AsyncClient] = field(default_factory=list)

    async def connect(self, server: LiveServer) -> Member:
        member = Member(self, server)
        await member.connect()
        self.sockets.append(member.sio)
        return member


class SocketClient:
    """One socket.io connection, recording every event it receives, in arrival order."""

    def __init__(self, url: str, cookie: Callable[[], str], *, timeout: float = 10,
                 patience: float = 5.0) -> None:
        # timeout: for an answer to one event; patience: for an event wait_for expects.
        self.url, self._cookie = url, cookie
        self._timeout, self._patience = timeout, patience
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, Any]] = []
        self.sio.on("*", self._record)

    async def _record(self, name: str, data: Any = None) -> None:
        self.events.append((name, data))

    async def connect(self) -> None:
        await self.sio.connect(self.url, transports=["websocket"],
                               headers={"Cookie": f"balint_session={self._cookie()}"},
                               wait_timeout=5)

    async def call(self, event: str, data: Any = None) -> dict[str, Any]:
        reply: dict[str, Any] = await self.sio.call(event, data, timeout=self._timeout)
        return reply

    async def ok(self, event: str, data: Any = None) -> Any:
        reply = await self.call(event, data)
        assert reply["ok"], reply
        return reply["data"]

    def received(self, name: str) -> list[Any]:
        return [data for event, data in self.events if event == name]

    async def wait_for(self, predicate: Any, within: float | None = None) -> None:
        deadline = time.monotonic() + (self._patience if within is None else within)
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for an event")
            await asyncio.sleep(0.01)

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()


class Member(SocketClient):
    """One socket.io connection of a person of the cast, on the test's server."""

    def __init__(self, person: Person, server: LiveServer) -> None:
        super().__init__(server.url, person.api.cookie)
        self.person = person
        self.server = server
