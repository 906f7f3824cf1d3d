"""Problems an outside walk through the redesigned screens found (December 2026), each a test
written by the walker before the fix: it failed then and passes now."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import enter_room, sign_up
from tests.browser.test_walkthrough import live_whole_session

pytestmark = pytest.mark.browser


async def test_keyboard_every_step_within_three_tabs(chromium: Browser,
                                                     live_server: ServerProcess) -> None:
    """Finding K1/K2: Fiona, by keyboard only, needs 11 Tabs from Admit Tom to Admit everyone,
    9 from Start to the message box and 9 back to Next phase."""
    await live_whole_session(chromium, live_server, strict=True)


async def _group(server: ServerProcess, *roles: str) -> list[str]:
    programme = server.cli("create-programme", "North Thames")
    group = server.cli("create-group", "--programme", programme, "Tuesday group")
    return [server.cli("invite", "--group", group, "--role", role) for role in roles]


async def test_turned_away_and_removed_are_not_offered_enter_again(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Finding S1: Vic (turned away) and Ray (removed) go back to their home page and it still
    offers "Enter" for the session they cannot come back into."""
    fac, vic_link, ray_link = await _group(live_server, "facilitator", "member", "member")
    fiona = await sign_up(await chromium.new_context(), fac, "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    vic = await enter_room(await chromium.new_context(), vic_link, "vic", "Vic")
    ray = await enter_room(await chromium.new_context(), ray_link, "ray", "Ray")
    await fiona.get_by_role("button", name="Turn away Vic").click()
    await fiona.get_by_role("dialog").get_by_role("button", name="Turn away Vic").click()
    await fiona.get_by_role("button", name="Admit Ray").click()
    await fiona.get_by_role("button", name="Actions for Ray").click()
    await fiona.get_by_role("menuitem", name=re.compile("^Remove")).click()
    await fiona.get_by_role("dialog").get_by_role("button", name="Remove Ray").click()
    for page in (vic, ray):
        await page.get_by_role("link", name="Back to my groups").click()
        group = page.get_by_role("region", name="Tuesday group")
        await expect(group).to_be_visible()
        await expect(group.get_by_role("link", name=re.compile("^Enter"))).to_have_count(0)


async def test_presenter_cannot_raise_a_hand_while_presenting(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Finding S2: Tom, chosen as presenter, still has "Raise my hand" while he presents, and
    his hand then shows in Fiona's raised hands with "Give the floor"."""
    fac, tom_link = await _group(live_server, "facilitator", "member")
    fiona = await sign_up(await chromium.new_context(), fac, "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    tom = await enter_room(await chromium.new_context(), tom_link, "tom", "Tom")
    await fiona.get_by_role("button", name="Admit Tom").click()
    await fiona.get_by_role("button", name="Start the session").click()
    await fiona.get_by_role("button", name=re.compile("^Next phase: Who has a case")).click()
    await tom.get_by_role("button", name="Raise my hand").click()
    await fiona.get_by_role("button", name="Choose as presenter: Tom").click()
    await fiona.get_by_role("button", name=re.compile("^Next phase: Presentation")).click()
    await expect(tom.get_by_role("region", name="Session phase")).to_contain_text(
        "Tell the group about the patient")
    await expect(tom.get_by_role("button", name="Raise my hand")).to_have_count(0)


async def test_next_phase_past_the_closing_round_asks_first(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Finding S3: "End the session" asks "End the session for everyone? This cannot be
    undone", but the highlighted "Next phase: End of session" (the button Fiona has pressed at
    every step) ends it for everyone at once."""
    fac, tom_link = await _group(live_server, "facilitator", "member")
    fiona = await sign_up(await chromium.new_context(), fac, "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    tom = await enter_room(await chromium.new_context(), tom_link, "tom", "Tom")
    await fiona.get_by_role("button", name="Admit Tom").click()
    await fiona.get_by_role("button", name="Start the session").click()
    await fiona.get_by_role("button", name=re.compile("^Next phase: Who has a case")).click()
    await fiona.get_by_role("button", name="Go to the closing round").click()
    await fiona.get_by_role("button", name="Next phase: End of session").click()
    await expect(fiona.get_by_role("dialog")).to_be_visible()
    await expect(tom.get_by_role("heading", name="The session has ended")).to_have_count(0)


async def test_administrator_cannot_open_a_session_they_cannot_enter(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Finding S4: Ada's administration panel has "Open a session now" under each group; one
    click opens a real session for the group and shows Ada "You are not a member of this
    group". Fiona's home now offers "Enter" for a session she never opened."""
    (fac,) = await _group(live_server, "facilitator")
    ada = await sign_up(await chromium.new_context(), live_server.first_invite, "ada", "Ada")
    fiona = await sign_up(await chromium.new_context(), fac, "fiona", "Fiona")
    opener = ada.get_by_role("button", name="Open a session now")
    if await opener.count():
        await opener.click()
        await ada.wait_for_url(re.compile("#/room/"))
        await expect(ada.get_by_role("link", name="Back to my groups").or_(
            ada.get_by_role("heading", name="Balint group", level=1)).first).to_be_visible()
        await expect(ada.get_by_role("main")).not_to_contain_text(
            "You are not a member of this group")
    await fiona.reload()
    await expect(fiona.get_by_role("link", name=re.compile("^Enter"))).to_have_count(0)
