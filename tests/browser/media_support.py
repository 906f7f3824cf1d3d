"""Shared by the voice and video browser tests and `make bench-media`: Chromium with fake
microphone and camera, reading what each page's connections say (getStats), and a real coturn
started on loopback."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import CHROMIUM_ARGS, launched
from tests.browser.test_facilitation import next_phase
from tests.browser.test_story import enter_room, sign_up
from tests.support import free_port

# Chromium's fake devices: a beeping microphone and a test-pattern camera, allowed without
# asking (the real prompt is the browser's, not ours).
MEDIA_ARGS = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream",
              "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"]
TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"
SHOTS = Path(os.environ.get("BALINT_MEDIA_SHOTS", "/tmp/shots-media"))
SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(name="chromium")
async def fake_device_chromium() -> AsyncIterator[Browser]:
    """`chromium` for a module that imports this: Chromium with fake devices, the browser's own
    permission prompt answered yes."""
    async with launched(MEDIA_ARGS) as browser:
        yield browser


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(SHOTS / name), full_page=True)


async def stats(page: Page) -> dict[str, dict[str, Any]]:
    """Per person connected to: audioIn/audioOut/videoIn/videoOut packets, framesIn,
    audioLevel heard, relay (the TURN relay carries it). web/media_mesh.js `summarise`."""
    found: dict[str, dict[str, Any]] = await page.evaluate(
        "window.balintMedia ? window.balintMedia.stats() : {}")
    return found


async def eventually(check: Callable[[], Awaitable[Any]], within: float = 15.0,
                     what: str = "the condition") -> Any:
    deadline = time.monotonic() + within
    while True:
        got = await check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {within} s")
        await asyncio.sleep(0.2)


async def user_id(page: Page, name: str) -> str:
    item = page.get_by_role("list", name="Who is here").get_by_role("listitem").filter(
        has_text=re.compile(f"^{name}"))
    found = await item.first.get_attribute("data-user")
    assert found
    return found


async def hears(listener: Page, speaker: str, name: str) -> None:
    """`listener` receives `speaker`'s audio: packets rising and a sound level above zero."""
    async def check() -> bool:
        first = (await stats(listener)).get(speaker)
        if not first or not first["audioIn"]:
            return False
        await asyncio.sleep(0.4)
        again = (await stats(listener)).get(speaker)
        return bool(again and again["audioIn"] > first["audioIn"] and again["audioLevel"] > 0)
    await eventually(check, what=f"hearing {name}")


async def sent(page: Page) -> int:
    """Audio packets this page has sent, to everyone together."""
    return sum(s["audioOut"] for s in (await stats(page)).values())


async def sent_video(page: Page) -> int:
    return sum(s["videoOut"] for s in (await stats(page)).values())


async def silent_for(page: Page, seconds: float = 1.0) -> bool:
    """No audio or video packets leave `page` for `seconds`."""
    before = (await sent(page), await sent_video(page))
    await asyncio.sleep(seconds)
    return (await sent(page), await sent_video(page)) == before


async def sending(page: Page) -> bool:
    before = await sent(page)
    await asyncio.sleep(0.5)
    return await sent(page) > before


async def join_voice(page: Page, camera: bool = False) -> None:
    name = "Join with microphone and camera" if camera else "Join with microphone"
    await page.get_by_role("button", name=name, exact=True).click()
    await expect(page.get_by_role("button", name="Turn my microphone off")).to_be_visible(
        timeout=20_000)


@dataclass
class Room:
    pages: list[Page]
    ids: list[str]


async def meet(contexts: list[BrowserContext], links: list[str], names: list[str],
               title: str = "Week 7") -> Room:
    """The first person (a facilitator) opens a session, the others enter and are let in."""
    fac = await sign_up(contexts[0], links[0], names[0].lower(), names[0])
    await fac.get_by_label("Session title").fill(title)
    await fac.get_by_role("button", name="Open a session now").click()
    await expect(fac.locator(".banner .phase")).to_have_text(re.compile("Waiting room"))
    pages = [fac]
    for context, link, name in zip(contexts[1:], links[1:], names[1:], strict=True):
        page = await enter_room(context, link, name.lower(), name)
        await fac.get_by_role("button", name=f"Admit {name}").click()
        await expect(page.get_by_role("status").first).to_have_text("Connected")
        pages.append(page)
    for page in pages:
        await expect(page.get_by_role("list", name="Who is here").get_by_role("listitem")) \
            .to_have_count(len(pages))
    ids = [await user_id(fac, name) for name in names]
    return Room(pages, ids)


class Coturn:
    """A real coturn on loopback with a TURN REST secret; `restart` changes the secret. With
    `userdb` (and no secret) the secrets are read from that SQLite file, coturn's userdb,
    where the app rotates them (server/turn_secrets.py)."""

    REALM = "balint.test"

    def __init__(self, tmp: Path, secret: str = "", userdb: Path | None = None) -> None:
        self.tmp, self.port, self.userdb = tmp, free_port(), userdb
        self.process: subprocess.Popen[bytes] | None = None
        self.start(secret)

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def start(self, secret: str) -> None:
        relay_low = 49152 + (self.port % 500) * 20
        self.process = subprocess.Popen(
            [TURNSERVER, "-n", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
             "--listening-port", str(self.port), "--min-port", str(relay_low),
             "--max-port", str(relay_low + 19), "--use-auth-secret",
             f"--userdb={self.userdb}" if self.userdb else f"--static-auth-secret={secret}",
             "--realm", self.REALM,
             "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--fingerprint",
             "--no-software-attribute", "--log-file", str(self.tmp / "turn.log"),
             "--pidfile", str(self.tmp / "turn.pid"), "--simple-log"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)  # it listens within milliseconds; nothing to poll on UDP
        if self.process.poll() is not None:
            raise RuntimeError("turnserver exited: " + self.log())

    def log(self) -> str:
        path = self.tmp / "turn.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def restart(self, secret: str) -> None:
        self.stop()
        self.start(secret)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


async def tom_presents(fiona: Page, tom: Page) -> None:
    """Fiona starts the session and chooses Tom, who raised his hand, as presenter: the room
    is in the presentation."""
    fiona.on("dialog", lambda d: d.accept())
    await fiona.get_by_role("button", name="Start the session").click()
    await next_phase(fiona, "Who has a case?", tom)
    await tom.get_by_role("button", name="Raise my hand").click()
    await fiona.get_by_role("button", name="Choose as presenter").click()
    await next_phase(fiona, "Presentation — the group listens", tom)
