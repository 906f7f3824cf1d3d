"""Voice and video in Chromium with fake microphones and cameras (issue 22): four people hear
each other, the presenter is silent during the discussion, a facilitator turns a microphone
off, a removed person's media stops within a second; and the same through a real coturn with
relay-only connections, where a wrong credential is told on screen."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.browser.conftest import ServerProcess, start_server
from tests.browser.media_support import (
    Coturn,
    eventually,
    fake_device_chromium,  # noqa: F401 (this module's `chromium`)
    hears,
    join_voice,
    meet,
    sending,
    shot,
    silent_for,
    stats,
    tom_presents,
)
from tests.browser.test_facilitation import next_phase

pytestmark = pytest.mark.browser



def tile(page: Page, name: str) -> Locator:
    """The person's tile, found by the name written on it."""
    return page.get_by_role("list", name="Voice and video").get_by_role("listitem").filter(
        has=page.locator(".tile-name", has_text=re.compile(f"^{name}$")))


async def test_four_people_hear_each_other_and_the_rules_hold_on_the_media(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Fiona facilitates; Tom presents; Tara joins with her camera; Sam is removed."""
    names = ["Fiona", "Tom", "Tara", "Sam"]
    links = live_server.group_invites("facilitator", "member", "member", "member")
    contexts = [await chromium.new_context(viewport={"width": 1300, "height": 900})
                for _ in names]
    room = await meet(contexts, links, names)
    fiona, tom, tara, sam = room.pages
    fid, tid, taid, sid = room.ids
    await expect(tom.get_by_text("Nothing is recorded.")).to_be_visible()
    await shot(tom, "before-joining-voice.png")
    for page in (fiona, tom, sam):
        await join_voice(page)
    await join_voice(tara, camera=True)

    # Acceptance 1: each hears the other three; Tara's picture reaches everyone.
    for listener, me in zip(room.pages, room.ids, strict=True):
        for speaker, name in zip(room.ids, names, strict=True):
            if speaker != me:
                await hears(listener, speaker, name)
    for viewer in (fiona, tom, sam):
        await eventually(functools.partial(_frames, viewer, taid), what="seeing Tara's camera")
    await expect(tile(fiona, "Tara").locator("video")).to_be_visible()
    await shot(fiona, "four-in-voice.png")
    # On her phone, beside the conversation, Tara keeps her microphone's button in reach.
    await tara.set_viewport_size({"width": 390, "height": 844})
    await expect(tara.get_by_role("button", name="Turn my microphone off")).to_be_in_viewport()
    await expect(tara.get_by_label("Your message")).to_be_in_viewport()
    await shot(tara, "phone-in-voice.png")
    await tara.set_viewport_size({"width": 1300, "height": 900})

    # Acceptance 2: the presenter's media stops during the discussion and comes back.
    await tom_presents(fiona, tom)
    assert await sending(tom)
    await next_phase(fiona, "Clarifying questions", tom)
    await next_phase(fiona, "Discussion — the presenter is listening", tom)
    await expect(tom.get_by_role("status").filter(has_text="You are listening")).to_be_visible()
    await expect(tile(tara, "Tom")).to_contain_text("listening")
    # His buttons say what happens when he comes back, beside a microphone already off.
    await expect(tom.get_by_role("button", name="Keep my microphone off when I come back")
                 ).to_be_visible()
    assert await eventually(lambda: silent_for(tom), within=5, what="Tom's media stopping")
    await shot(tom, "presenter-listening-voice.png")
    await fiona.get_by_role("button", name="Invite the presenter back").click()
    await expect(tile(tara, "Tom")).not_to_contain_text("listening")
    assert await eventually(lambda: sending(tom), within=5, what="Tom's microphone resuming")
    await hears(tara, tid, "Tom again")

    # A facilitator turns Tara's microphone off; only Tara turns it on again.
    menu = fiona.get_by_role("button", name="Actions for Tara")
    await menu.click()
    await fiona.get_by_role("menuitem", name="Turn their microphone off").click()
    await expect(tara.get_by_text("Fiona turned your microphone off")).to_be_visible()
    assert await eventually(lambda: _audio_silent(tara), within=5, what="Tara's audio stopping")
    await expect(tile(tom, "Tara")).to_contain_text("microphone off")
    await shot(tara, "muted-by-facilitator.png")
    await tara.get_by_role("button", name="Turn my microphone on").click()
    await hears(tom, taid, "Tara again")

    # Removal: Sam's media stops reaching the others within a second of Fiona's click, and his
    # page lets go. Both ends are stamped in the pages: when her click lands and when each page
    # closes a connection (media stops there), not when a tool or a stats poll gets round to it.
    await fiona.get_by_role("button", name="Actions for Sam").click()
    await fiona.get_by_role("menuitem", name="Remove from this session…").click()
    confirm = fiona.get_by_role("dialog").get_by_role("button", name="Remove Sam")
    await confirm.evaluate("""(b) => b.addEventListener('click',
        () => { window.__clickedAt = Date.now(); }, {capture: true})""")
    for page in room.pages:
        await _stamp_closes(page)
    await confirm.click()
    await eventually(lambda: fiona.evaluate("window.__clickedAt"), what="Fiona's click")
    clicked = await fiona.evaluate("window.__clickedAt")
    for page, closes in ((fiona, 1), (tom, 1), (tara, 1), (sam, 3)):
        await eventually(functools.partial(_closed, page, closes), within=5,
                         what="Sam's connections closing")
        took = max(await page.evaluate("window.__closedAt")) - clicked
        assert took < 1000, f"Sam's media went on for {took} ms"
    for page in (fiona, tom, tara):
        assert sid not in await stats(page)
        assert len(await stats(page)) == 2, "only Sam's connection closed"
    assert await stats(sam) == {}
    await expect(tile(tom, "Sam")).to_have_count(0)
    await hears(tom, fid, "Fiona after the removal")

    # The end of the session closes every connection.
    await fiona.get_by_role("button", name="End the session").click()
    await fiona.get_by_role("dialog").get_by_role(
        "button", name="End the session for everyone").click()
    for page in (tom, tara):
        await expect(page.get_by_role("heading", name="The session has ended")).to_be_visible()
        assert await stats(page) == {}
    for context in contexts:
        await context.close()


async def _frames(page: Page, peer: str) -> bool:
    found = (await stats(page)).get(peer)
    return bool(found and found["framesIn"] > 0)


async def _audio_silent(page: Page) -> bool:
    before = sum(s["audioOut"] for s in (await stats(page)).values())
    await page.wait_for_timeout(1000)
    return sum(s["audioOut"] for s in (await stats(page)).values()) == before


async def _stamp_closes(page: Page) -> None:
    """From now on, the page notes when it closes each of its connections."""
    await page.evaluate("""() => { window.__closedAt = [];
        const close = RTCPeerConnection.prototype.close;
        RTCPeerConnection.prototype.close = function () {
            if (this.connectionState !== 'closed') window.__closedAt.push(Date.now());
            return close.call(this); }; }""")


async def _closed(page: Page, count: int) -> bool:
    return len(await page.evaluate("window.__closedAt")) >= count


async def test_through_a_real_coturn_relay_only_and_a_wrong_credential_is_told(
        chromium: Browser, tmp_path: Path) -> None:
    """Acceptance 3: relay-only connections through coturn on loopback carry the voices; when
    the relay no longer accepts the room's credential, the page says so in words."""
    secret = "loopback-test-secret"
    turn = Coturn(tmp_path, secret)
    server = start_server(tmp_path, extra_env={
        "BALINT_TURN_SECRET": secret, "BALINT_TURN_URLS": turn.url,
        "BALINT_TURN_RELAY_ONLY": "1"})
    try:
        links = server.group_invites("facilitator", "member")
        contexts = [await chromium.new_context() for _ in range(2)]
        room = await meet(contexts, links, ["Fiona", "Tom"])
        fiona, tom = room.pages
        fid, tid = room.ids
        for page in (fiona, tom):
            await join_voice(page)
        await hears(tom, fid, "Fiona through the relay")
        await hears(fiona, tid, "Tom through the relay")
        assert (await stats(tom))[fid]["relay"] is True

        # The relay now has another secret: the room's credentials are refused.
        turn.restart("another-secret")
        await tom.get_by_role("button", name="Leave voice").click()
        await join_voice(tom)
        await expect(tom.get_by_text(re.compile("The voice relay refused this room"))) \
            .to_be_visible(timeout=15000)
        await shot(tom, "turn-refused.png")
        for context in contexts:
            await context.close()
    finally:
        server.stop()
        turn.stop()
