"""Fiona schedules the autumn term, Tom puts it in his calendar and sends apologies (issue 23),
in a real Chromium against the real server.

The term runs across the October clock change (UK clocks go back on 31 October 2027): every
session shows 19:00, before and after.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import icalendar
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import sign_up

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("BALINT_SCREENSHOTS") or "/tmp/shots-terms")


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(SHOTS / name), full_page=True)


async def schedule_the_term(fiona: Page) -> None:
    await fiona.get_by_role("link", name="Group settings: Tuesday group").click()
    await expect(fiona.get_by_role("heading", name="Term schedule")).to_be_visible()
    await fiona.get_by_label("First session").fill("2027-09-14")
    await fiona.get_by_label("Start time").fill("19:00")
    await fiona.get_by_label("How often").select_option(label="Every 2 weeks")
    await fiona.get_by_label("Number of sessions").fill("8")
    await fiona.get_by_label("Length (minutes)").fill("90")
    await fiona.get_by_role("button", name="Schedule these sessions").click()


async def test_fiona_schedules_the_term_and_tom_sends_apologies(
        chromium: Browser, live_server: ServerProcess) -> None:
    fiona_link, tom_link = live_server.group_invites("facilitator", "member")
    fiona_context = await chromium.new_context()
    tom_context = await chromium.new_context(accept_downloads=True)
    try:
        await the_story(live_server, fiona_context, tom_context, fiona_link, tom_link)
    finally:
        # Closed before the server stops, which then has no open sockets to wait for.
        for context in (fiona_context, tom_context):
            await context.close()


async def the_story(live_server: ServerProcess, fiona_context: BrowserContext,
                    tom_context: BrowserContext, fiona_link: str, tom_link: str) -> None:
    fiona = await sign_up(fiona_context, fiona_link, "fiona", "Fiona")
    tom = await sign_up(tom_context, tom_link, "tom", "Tom")

    await schedule_the_term(fiona)
    table = fiona.get_by_role("table", name=re.compile("Scheduled sessions"))
    rows = table.locator("tbody tr")
    await expect(rows).to_have_count(8)
    # Before and after the clock change: 19:00 both times.
    for when in ("Tue 26 Oct 2027, 19:00–20:30", "Tue 9 Nov 2027, 19:00–20:30"):
        await expect(table.get_by_role("rowheader", name=when)).to_be_visible()

    await fiona.get_by_role("button", name="Move Tue 12 Oct 2027, 19:00").click()
    await expect(fiona.get_by_label("New date")).to_be_focused()
    await fiona.get_by_label("New time").fill("18:30")
    await fiona.get_by_label("New time").press("Enter")
    moved = table.get_by_role("rowheader", name="Tue 12 Oct 2027, 18:30–20:00")
    await expect(moved).to_be_visible()
    await fiona.get_by_role("button", name="Cancel Tue 23 Nov 2027, 19:00").click()
    dialog = fiona.get_by_role("dialog", name="Cancel the session on Tue 23 Nov 2027, 19:00?")
    await dialog.get_by_role("button", name="Cancel this session").click()
    await expect(rows.nth(5)).to_contain_text("Cancelled")
    await shot(fiona, "term-schedule-facilitator.png")

    await tom.reload()
    upcoming = tom.locator(".upcoming")
    await expect(upcoming.get_by_role("heading", name="Upcoming sessions")).to_be_visible()
    await expect(upcoming.get_by_text("Tue 26 Oct 2027, 19:00–20:30")).to_be_visible()
    await expect(upcoming.get_by_text("Tue 9 Nov 2027, 19:00–20:30")).to_be_visible()
    await expect(upcoming.locator("li.cancelled")).to_contain_text("Cancelled")

    async with tom.expect_download() as download_info:
        await tom.get_by_role("link", name="Add to calendar").click()
    download = await download_info.value
    ics = await asyncio.to_thread(Path(await download.path()).read_bytes)
    calendar = icalendar.Calendar.from_ical(ics)
    assert len(calendar.walk("VEVENT")) == 8

    await tom.get_by_role("button", name="Send apologies for Tue 14 Sep 2027, 19:00").click()
    dialog = tom.get_by_role("dialog", name="Send apologies for Tue 14 Sep 2027, 19:00")
    await expect(dialog.get_by_label("Reason (optional)")).to_be_focused()
    await tom.keyboard.type("Night shift on the medical take")
    await dialog.get_by_role("button", name="Send apologies").click()
    first = upcoming.locator("li").first
    await expect(first).to_contain_text("Apologies sent")
    again = first.get_by_role("button", name=re.compile("I can come after all"))
    await expect(again).to_be_focused()

    calendar_card = tom.get_by_role("region", name="Calendar and reminders")
    await expect(calendar_card.get_by_text("Email reminders are off")).to_be_visible()
    await calendar_card.get_by_role("button", name="Make my calendar link").click()
    link = calendar_card.get_by_label(re.compile("Your calendar link"))
    await expect(link).to_have_value(re.compile(r"/calendar/[A-Za-z0-9_-]{40,}\.ics$"))
    await expect(link).to_be_focused()
    await shot(tom, "term-home-trainee.png")

    await fiona.reload()
    await expect(table.locator("tbody tr").first).to_contain_text(
        "Tom: “Night shift on the medical take”")
    await shot(fiona, "term-schedule-apologies.png")
