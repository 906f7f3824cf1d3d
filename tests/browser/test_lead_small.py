"""A programme lead with one small group (four trainees) in Chromium: the dashboard says plainly
why figures are hidden and shows the programme's totals and the share of places filled; *Ask
the supervisors* asks first in the page, and says that some trainees have no supervisor on
record, as a count, never a name."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, expect

from server.actions import attendance_report
from server.actions.accounts import User
from server.cli import _with_services
from server.config import Config
from server.payloads import Supervisor
from tests.attendance_support import Seeded, seed
from tests.browser.conftest import ServerProcess, start_server
from tests.browser.test_facilitation import shot
from tests.browser.test_invitations import DESKTOP, at_both_sizes, look
from tests.browser.test_lead_dashboard import sign_in
from tests.browser.test_story import note_and_dismiss

pytestmark = pytest.mark.browser


@pytest.fixture
async def small(tmp_path: Path) -> AsyncIterator[tuple[ServerProcess, Seeded]]:
    config = Config(data_dir=tmp_path / "data", scrypt_n=1024)

    async def job(svc: Any) -> Seeded:
        data = await seed(svc, groups_spec=[("Tuesday group", [.95, .9, .4, .3])], sessions=[6],
                          last=time.time() - 2 * 86400)
        # One trainee named their supervisor; three did not.
        uid = data.trainees[data.group_ids[0]][0]
        await attendance_report.set_supervisor(svc, User(uid, "x", "x", False), uid,
                                               Supervisor("Dr Supervisor", "s@nhs.net"))
        return data

    data: Seeded = await _with_services(config, job)
    server = start_server(tmp_path)
    try:
        yield server, data
    finally:
        server.stop()


async def test_small_programme_says_why_and_asks_before_asking_supervisors(
        chromium: Browser, small: tuple[ServerProcess, Seeded]) -> None:
    """Lena leads a programme of one group of four. She reads why the figures are hidden, sees
    six sessions held, and asks the supervisors only after confirming in the page."""
    server, data = small
    context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP)
    page = await context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: note_and_dismiss(dialogs, d))
    await sign_in(page, server.url, "lena")
    await page.get_by_role("link", name="Programme attendance: Wessex GP Training").click()
    notice = page.get_by_role("region", name="A small programme: most figures are hidden")
    await expect(notice).to_contain_text(
        "Figures for fewer than 5 people are hidden to protect trainees’ privacy; this programme "
        "is too small to show counts of trainees or the rate of each session")
    totals = notice.get_by_role("list", name="Programme totals")
    await expect(totals).to_contain_text("6sessions held")
    await expect(totals).to_contain_text("1group meeting")
    await expect(page.locator("figure.chart")).to_have_count(0)
    group = page.get_by_role("region", name="Tuesday group")
    await expect(group).to_contain_text("Sessions held: 6.")
    # Something to act on: the share of places filled, from counts of meetings rounded to 5.
    await expect(group).to_contain_text(re.compile(
        r"Attendance over the period: about \d+% of places filled \(from attendances and places "
        r"rounded to 5\)"))
    await expect(totals).to_contain_text(re.compile(r"about \d+%of places filled"))
    await expect(group).to_contain_text(
        "Some of this group’s trainees (fewer than 5) have no educational supervisor on record")
    text = await page.locator("main").inner_text()
    assert not any(word in text for word in data.words), "a name reached the lead's page"
    await at_both_sizes(page, "lead-small")
    await shot(page, "lead-small-programme.png")

    ask = group.get_by_role("button",
                            name="Ask the supervisors of everyone below the expected rate")
    await ask.click()
    dialog = page.get_by_role("dialog", name="Ask the supervisors in Tuesday group?")
    await expect(dialog).to_contain_text("You will not be told who they are")
    await look(page, "lead-small-confirm.png")
    await dialog.get_by_role("button", name="Not now").click()
    await expect(dialog).to_be_hidden()
    await expect(ask).to_be_focused()
    await expect(group.get_by_role("status")).to_have_text("")
    await ask.click()
    await page.get_by_role("dialog").get_by_role("button", name="Ask the supervisors").click()
    await expect(group.get_by_role("status")).to_contain_text("You will not be told who they are.")
    assert dialogs == [] and errors == []
    await context.close()
