"""One Balint case played in Chromium from the facilitator's and the trainees' screens."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import enter_room, send, sign_up

pytestmark = pytest.mark.browser
# `make screenshots` sets this to docs/screenshots so the README shows the real thing.
SHOTS = os.environ.get("BALINT_SCREENSHOTS")


async def shot(page: Page, name: str) -> None:
    if SHOTS:
        # Playwright creates missing folders itself.
        await page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


async def next_phase(fiona: Page, label: str, *others: Page) -> None:
    await fiona.get_by_role("button", name="Next phase").click()
    for page in (fiona, *others):
        await expect(page.locator(".banner .phase")).to_have_text(label)


async def test_facilitator_runs_one_case(chromium: Browser, live_server: ServerProcess) -> None:
    links = live_server.group_invites("facilitator", "member", "member")
    contexts = [await chromium.new_context(viewport={"width": 1400, "height": 900})
                for _ in range(3)]
    fiona = await sign_up(contexts[0], links[0], "fiona", "Fiona")
    fiona.on("dialog", lambda d: d.accept())
    await fiona.get_by_label("Session title").fill("Week 5")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.locator(".banner .phase")).to_have_text(re.compile("Waiting room"))
    tom = await enter_room(contexts[1], links[1], "tom", "Tom")
    tara = await enter_room(contexts[2], links[2], "tara", "Tara")
    await expect(fiona.get_by_role("list", name="Waiting room")).to_contain_text("Tom")
    await shot(fiona, "facilitator-waiting-room.png")
    await fiona.get_by_role("button", name="Admit Tom").click()
    await fiona.get_by_role("button", name="Admit Tara").click()
    for page in (tom, tara):
        await expect(page.get_by_role("status")).to_have_text("Connected")

    await fiona.get_by_role("button", name="Start the session").click()
    for page in (fiona, tom, tara):
        await expect(page.locator(".banner .phase")).to_have_text("Check-in")
        await expect(page.locator(".banner .timer")).to_have_text(re.compile(r"^[45]:\d\d left$"))
    await next_phase(fiona, "Who has a case?", tom, tara)
    await tom.get_by_role("button", name="Raise my hand").click()
    await expect(tom.get_by_role("button", name=re.compile("Lower my hand"))).to_be_visible()
    await fiona.get_by_role("button", name="Choose as presenter").click()
    await expect(tara.locator(".banner .phase-detail")).to_contain_text("presented by Tom")
    await next_phase(fiona, "Presentation — the group listens", tom, tara)
    await send(tom, "She came in for the fourth time this month and I felt my heart sink.")
    await next_phase(fiona, "Clarifying questions", tom, tara)
    await send(tara, "How long have you known her?")
    await next_phase(fiona, "Discussion — the presenter is listening", tom, tara)

    # The presenter listens: composer disabled, with a kind explanation; the others can write.
    await expect(tom.get_by_label("Your message")).to_be_disabled()
    await expect(tom.locator(".composer-why")).to_contain_text("You are listening")
    await expect(tara.get_by_label("Your message")).to_be_enabled()
    await send(tara, "I wonder what she hopes for when she comes.")
    await expect(tom.locator(".transcript .text").last).to_have_text(
        "I wonder what she hopes for when she comes.")
    await shot(fiona, "facilitator-discussion.png")
    await shot(tom, "presenter-listening.png")

    await fiona.get_by_role("button", name="Invite the presenter back").click()
    await expect(tom.locator(".banner .phase")).to_have_text(re.compile("presenter returns"))
    await expect(tom.get_by_label("Your message")).to_be_enabled()
    await send(tom, "What struck me is how alone I felt with it.")
    await expect(tara.locator(".transcript .text").last).to_have_text(
        "What struck me is how alone I felt with it.")

    await fiona.get_by_role("button", name="End the session").click()
    await fiona.get_by_role("dialog").get_by_role(
        "button", name="End the session for everyone").click()
    for page in (tom, tara):
        await expect(page.get_by_role("heading", name="The session has ended")).to_be_visible()
        assert await page.locator(".transcript .text").count() == 0
        assert "heart sink" not in await page.content()
    await shot(tom, "closing-screen.png")
    # A reload shows nothing of the ended session: the chat was deleted when it ended.
    await tom.reload()
    await expect(tom.get_by_role("heading", name="This session has ended")).to_be_visible()
    assert await tom.locator(".transcript .text").count() == 0
    assert "heart sink" not in await tom.content()
    for context in contexts:
        await context.close()
