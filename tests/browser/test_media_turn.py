"""Voice through a real coturn when passes go wrong (issue 22, acceptance 2 and 3): a pass
that has expired is renewed once and then told in words."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, WebSocket, expect

from tests.browser.conftest import launched, start_server
from tests.browser.media_support import MEDIA_ARGS, Coturn, join_voice, meet, stats

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("BALINT_MEDIA_SHOTS", "/tmp/shots-media"))
SECRET = "loopback-test-secret"


@pytest.fixture
async def chromium() -> AsyncIterator[Browser]:
    async with launched(MEDIA_ARGS) as browser:
        yield browser


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(SHOTS / name), full_page=True)


def frames_naming(context: BrowserContext, event: str) -> list[str]:
    """The socket frames the pages of `context` send that name `event`, as they are sent."""
    found: list[str] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framesent", lambda data: found.append(str(data))
              if f'"{event}"' in str(data) else None)
    context.on("page", lambda page: page.on("websocket", watch))
    return found


async def test_an_expired_relay_pass_is_renewed_once_then_told_in_words(
        chromium: Browser, tmp_path: Path) -> None:
    """Fiona and Tom meet where every voice must go through the relay, and the room hands out
    passes the relay calls expired (as when its clock is ahead of the room's). Each page asks
    the room once for a fresh pass and calls again; when that fails too, they are told why in
    words a tired registrar understands, and the chat still works."""
    turn = Coturn(tmp_path, SECRET)
    server = start_server(tmp_path, extra_env={
        "BALINT_TURN_SECRET": SECRET, "BALINT_TURN_URLS": turn.url,
        "BALINT_TURN_RELAY_ONLY": "1", "BALINT_TURN_TTL_SECONDS": "-60"})
    try:
        links = server.group_invites("facilitator", "member")
        contexts = [await chromium.new_context() for _ in range(2)]
        asked = [frames_naming(context, "media_credentials") for context in contexts]
        room = await meet(contexts, links, ["Fiona", "Tom"])
        for page in room.pages:
            await join_voice(page)
        for page in room.pages:
            await expect(page.get_by_text("the connection pass had already expired")) \
                .to_be_visible(timeout=15000)
        await shot(room.pages[1], "turn-pass-expired.png")
        # Each asked for a fresh pass before saying so, and once only.
        assert [len(frames) for frames in asked] == [1, 1]
        for page in room.pages:
            assert not any(s["state"] == "succeeded" for s in (await stats(page)).values())
        await expect(room.pages[1].get_by_label("Your message")).to_be_enabled()
        for context in contexts:
            await context.close()
    finally:
        server.stop()
        turn.stop()
