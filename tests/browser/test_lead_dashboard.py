"""Attendance pages in Chromium, on a server seeded with 3 groups and 40 past sessions: the
programme lead's dashboard (screenshot, axe-core with no violations), and a trainee's and a
facilitator's pages, certificate checking included."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from server.cli import _with_services
from server.config import Config
from tests.attendance_support import Seeded, seed
from tests.browser.conftest import ROOT, ServerProcess, start_server
from tests.browser.test_facilitation import shot
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SPEC = [("Monday group", [.95, .9, .9, .85, .8, .7, .6, .3, .95]),
        ("Wednesday group", [.9, .9, .5, .95, .9, .4, .9]),
        ("Friday group", [.9, .95, .6, .9])]


@pytest.fixture
async def seeded(tmp_path: Path) -> AsyncIterator[tuple[ServerProcess, Seeded]]:
    """Seed the data directory through the real actions, then start the server on it."""
    config = Config(data_dir=tmp_path / "data", scrypt_n=1024)

    async def job(svc: Any) -> Seeded:
        return await seed(svc, groups_spec=SPEC, sessions=[14, 13, 13],
                          last=time.time() - 2 * 86400)

    data: Seeded = await _with_services(config, job)
    assert sum(len(data.trainees[g]) for g in data.group_ids) == 20
    server = start_server(tmp_path)
    try:
        yield server, data
    finally:
        server.stop()


async def sign_in(page: Page, url: str, username: str) -> None:
    await page.goto(url + "/#/sign-in")
    await page.get_by_label("Sign-in name").fill(username)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("heading", name="My groups")).to_be_visible()


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page (the context bypasses CSP for this script only)."""
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = await page.evaluate("""async () => {
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact,
          nodes: v.nodes.map((n) => n.target.join(' ')) }));
    }""")
    return found


async def test_lead_dashboard_is_anonymous_and_accessible(
        chromium: Browser, seeded: tuple[ServerProcess, Seeded]) -> None:
    """A lead sees charts and tables for every group, with no name anywhere, and axe-core finds
    no accessibility violation, with the tables behind the charts opened too."""
    server, data = seeded
    context = await chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    await sign_in(page, server.url, "lena")
    await page.get_by_role("link", name="Programme attendance: Wessex GP Training").click()
    await expect(page.get_by_role("heading", name="Programme attendance")).to_be_visible()
    # Friday's four trainees are too few for any figure: its charts would be empty outlines, so
    # the page says so in words instead (issue 17).
    await expect(page.locator("figure.chart svg[role=img]")).to_have_count(1 + 2 * 2)
    friday = page.get_by_role("region", name="Friday group")
    await expect(friday).to_contain_text(
        "fewer than 5 trainees, or fewer than 5 at each session, so its counts of trainees and "
        "its chart of each session are hidden")
    await expect(friday).to_contain_text(re.compile(
        r"Attendance over the period: about \d+% of places filled"))
    # Counts are rounded to 5 and the page says so (docs/disclosure.md).
    await expect(page.get_by_role("region", name="Monday group")).to_contain_text(
        "Trainees: about 10.")
    await expect(page.get_by_text("Counts of trainees are rounded to the nearest 5")
                 ).to_be_visible()
    for name, _ in SPEC:
        await expect(page.get_by_role("heading", name=name)).to_be_visible()
    summary = page.get_by_role("img", name=re.compile("Attendance rate per session, Monday group"))
    await expect(summary).to_have_attribute("aria-label", re.compile(r"14 sessions"))
    table = page.get_by_role("table", name="Trainees by attendance rate, per group")
    await expect(table).to_contain_text("<5")
    await expect(table).to_contain_text("All groups")
    href = await page.get_by_role("link", name="Download these figures (CSV)").get_attribute("href")
    assert href and href.startswith("/api/programmes/") and ".csv?" in href
    text = await page.locator("main").inner_text()
    assert not any(word in text for word in data.words), "a name reached the lead's page"
    await shot(page, "lead-dashboard.png")

    assert await axe_violations(page) == []
    for summary_el in await page.locator("figure.chart details summary").all():
        await summary_el.click()  # the table alternatives must pass too
    assert await axe_violations(page) == []
    await page.set_viewport_size({"width": 390, "height": 844})  # a lead on a phone
    assert await axe_violations(page) == []
    assert errors == []
    await context.close()


async def test_trainee_and_facilitator_pages(chromium: Browser,
                                            seeded: tuple[ServerProcess, Seeded]) -> None:
    """A trainee prints and checks their certificate (a changed one fails); a facilitator
    corrects the register; every page passes axe-core."""
    server, data = seeded
    monday = data.group_ids[0]
    context = await chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    await sign_in(page, server.url, "zq7x0x0")
    await page.get_by_role("link", name="My attendance and certificates").click()
    await expect(page.get_by_role("heading", name="My attendance")).to_be_visible()
    await expect(page.get_by_role("table", name="My sessions in Monday group")
                 .locator("tbody tr")).to_have_count(14)
    assert await axe_violations(page) == []
    await page.get_by_role("link", name="Printable certificate").click()
    await expect(page.get_by_role("heading", name="Certificate of attendance")).to_be_visible()
    await expect(page.locator(".certificate .name")).to_have_text("Zelda Quill 700")
    await expect(page.locator(".certificate")).to_contain_text("attended")
    assert await axe_violations(page) == []

    document = await page.evaluate(
        "async (id) => (await (await fetch(`/api/me/certificates/${id}`)).json()).data", monday)
    await page.goto(server.url + "/#/verify")
    await page.get_by_text("Or paste the certificate’s text").click()
    await page.get_by_label("Certificate text").fill(json.dumps(document, indent=2))
    await page.get_by_role("button", name="Check the certificate").click()
    await expect(page.locator(".verdict .reason")).to_have_text(re.compile("The signature matches"))
    document["certificate"]["total_minutes"] += 30
    await page.get_by_label("Certificate text").fill(json.dumps(document))
    await page.get_by_role("button", name="Check the certificate").click()
    await expect(page.locator(".verdict .reason")).to_have_text(
        "The signature does not match: the certificate was changed after it was issued.")
    assert await axe_violations(page) == []
    await context.close()

    context = await chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    await sign_in(page, server.url, data.facilitators[monday])
    await page.get_by_role("link", name="Attendance register: Monday group").click()
    await expect(page.get_by_role("heading", name="Attendance register: Monday group")
                 ).to_be_visible()
    first = page.locator("section.card").first
    await first.get_by_role("button", name="Correct Zelda Quill 707").click()
    await first.get_by_role("checkbox", name="Present").check()
    await first.get_by_label("Minutes").fill("60")
    await first.get_by_label("Reason").fill("Attended by phone")
    await first.get_by_role("button", name="Save correction").click()
    await expect(first).to_contain_text(
        "changed absent, 0 min to present, 60 min — “Attended by phone”")
    assert await axe_violations(page) == []
    assert errors == []
    await context.close()
