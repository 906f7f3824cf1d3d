"""The confidentiality guard in the composer, in Chromium: warn before anything leaves."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import fiona_admits, send

pytestmark = pytest.mark.browser
NHS = "943 476 5919"  # a valid modulus-11 NHS number (test data, not a person)


async def test_guard_warns_before_sending_and_sends_only_what_the_sender_decides(
    chromium: Browser, live_server: ServerProcess
) -> None:
    fiona, tom = await fiona_admits(chromium, live_server, "tom", "Tom")
    sent: list[str] = []
    tom.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(str(f))))
    await tom.reload()
    await expect(tom.get_by_role("status")).to_have_text("Connected")

    await send(tom, f"Her NHS number is {NHS} and she came back again.")
    guard = tom.locator(".guard")
    await expect(guard).to_be_visible()
    await expect(guard).to_contain_text("NHS number")
    await expect(guard).to_contain_text("Nothing has been sent")
    assert not any(NHS in frame for frame in sent), "the number left the browser"
    assert await fiona.locator(".transcript .text").count() == 0

    # Removing it sends normally.
    await send(tom, "She came back again, and I felt stuck.")
    await expect(fiona.locator(".transcript .text")).to_have_text(
        ["She came back again, and I felt stuck."])

    # "Send anyway" sends the text unchanged.
    risky = "She was born on 03/04/1959, the same day as my mum."
    await send(tom, risky)
    await expect(guard).to_be_visible()
    await tom.get_by_role("button", name="Send anyway").click()
    await expect(fiona.locator(".transcript .text").last).to_have_text(risky)
    await expect(guard).to_be_hidden()

    logs = live_server.logs()
    for trace in (NHS, "nhs_number", "NHS number", "03/04/1959", "possible date"):
        assert trace not in logs
