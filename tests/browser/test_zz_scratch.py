from __future__ import annotations
import re
import pytest
from playwright.async_api import Browser, expect
from tests.browser.conftest import ServerProcess
from tests.browser.test_room_console import DESKTOP, PHONE, open_session
from tests.browser.test_story import enter_room, send

pytestmark = pytest.mark.browser
D = "/tmp/shots-room/"

async def test_scratch(chromium: Browser, live_server: ServerProcess) -> None:
    links = live_server.group_invites("facilitator", "member", "member", "member")
    fc = await chromium.new_context(viewport=PHONE)
    fiona = await open_session(fc, links[0])
    tom = await enter_room(await chromium.new_context(viewport=PHONE), links[1], "tom", "Tom")
    tara = await enter_room(await chromium.new_context(viewport=DESKTOP), links[2], "tara", "Tara")
    uma = await enter_room(await chromium.new_context(viewport=DESKTOP), links[3], "uma", "Uma")
    await expect(fiona.get_by_role("list", name="Waiting room")).to_contain_text("Uma")
    await fiona.screenshot(path=D + "x-fac-phone-waiting.png")
    await tom.screenshot(path=D + "x-trainee-phone-waiting.png")
    await fiona.set_viewport_size(DESKTOP)
    await fiona.get_by_role("button", name="Admit everyone").click()
    await expect(fiona.get_by_role("list", name="Waiting room")).to_be_hidden()
    await fiona.get_by_role("button", name="Start the session").click()
    await send(tom, "Arrived, a bit tired after a long surgery.")
    await send(tara, "Here. Glad to be here.")
    await fiona.get_by_role("button", name=re.compile("^Next phase")).click()
    await tara.get_by_role("button", name="Raise my hand").click()
    await uma.get_by_role("button", name="Raise my hand").click()
    await expect(fiona.get_by_role("button", name="Choose as presenter: Uma")).to_be_visible()
    await fiona.screenshot(path=D + "x-fac-case-choice.png")
    await uma.screenshot(path=D + "x-trainee-hand-raised.png")
    await fiona.get_by_role("button", name="Actions for Tom").click()
    await fiona.screenshot(path=D + "x-fac-person-menu.png")
    await fiona.keyboard.press("Escape")
    await fiona.get_by_role("button", name="Choose as presenter: Tara").click()
    for _ in range(4):
        await fiona.get_by_role("button", name=re.compile("^Next phase")).click()
    await expect(fiona.get_by_role("button", name="Take another case")).to_be_visible()
    await fiona.screenshot(path=D + "x-fac-return.png")
    await fiona.get_by_role("button", name="End the session").click()
    await fiona.screenshot(path=D + "x-fac-end-dialog.png")
