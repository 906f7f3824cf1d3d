"""Voice controls a Balint group asked for (issue 22): "only the speaker unmutes" as a group
setting (push-to-talk with the Space bar or a "Hold to talk" button), and choosing the speaker
(output device). Chromium with fake devices; what leaves each page is read from getStats()."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Locator, Page, WebSocketRoute, expect

from tests.browser.conftest import ServerProcess
from tests.browser.media_support import (
    SHOTS,
    eventually,
    fake_device_chromium,  # noqa: F401 (this module's `chromium`)
    join_voice,
    meet,
    sending,
    shot,
    stats,
    tom_presents,
)
from tests.browser.test_facilitation import next_phase

pytestmark = pytest.mark.browser



def own_tile(page: Page) -> Locator:
    return page.get_by_role("list", name="Voice and video").get_by_role("listitem").filter(
        has=page.locator(".tile-name", has_text=re.compile("^You$")))


async def audio_sent(page: Page) -> int:
    return sum(s["audioOut"] for s in (await stats(page)).values())


async def talking(page: Page) -> bool:
    """Audio packets leave the page now (rising over half a second)."""
    before = await audio_sent(page)
    await page.wait_for_timeout(500)
    return await audio_sent(page) > before


async def quiet(page: Page) -> bool:
    """No audio packet leaves the page for a second (after a moment to settle)."""
    await page.wait_for_timeout(300)
    before = await audio_sent(page)
    await page.wait_for_timeout(1000)
    return await audio_sent(page) == before


async def test_only_the_speaker_unmutes_with_space_or_the_hold_button(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Fiona facilitates and turns push-to-talk on in Group settings while Tom is in voice: Tom
    is heard only while he holds Space or "Hold to talk", never while typing, and not at all
    while he listens to the discussion of his own case. Fiona can always speak."""
    links = live_server.group_invites("facilitator", "member")
    contexts = [await chromium.new_context(viewport={"width": 1300, "height": 900})
                for _ in range(2)]
    room = await meet(contexts, links, ["Fiona", "Tom"])
    fiona, tom = room.pages
    for page in (fiona, tom):
        await join_voice(page)
    assert await eventually(lambda: talking(tom), within=15, what="Tom's microphone")

    # In another tab, Fiona turns the group's setting on; the room changes at once.
    settings = await contexts[0].new_page()
    await settings.goto(live_server.url + "/")
    await settings.get_by_role("link", name="Group settings: Tuesday group").click()
    voice = settings.get_by_role("group", name="Voice in the room")
    await voice.get_by_label("Only the speaker unmutes (push-to-talk)").check()
    await voice.get_by_role("button", name="Save voice setting").click()
    await expect(voice.get_by_text("Saved. Open rooms use it at once.")).to_be_visible()
    await voice.screenshot(path=str(SHOTS / "push-to-talk-setting.png"))
    await settings.close()

    await expect(tom.get_by_role("status").filter(has_text="hold Space to talk")).to_be_visible()
    await expect(own_tile(tom)).to_contain_text("Hold Space to talk")
    await expect(tom.get_by_role("button", name="Turn my microphone off")).to_be_hidden()
    hold = tom.get_by_role("button", name="Hold to talk")
    await expect(hold).to_be_visible()
    assert await eventually(lambda: quiet(tom), within=5, what="Tom's microphone stopping")
    # Facilitators are not bound by it.
    await expect(fiona.get_by_role("status").filter(has_text="Push-to-talk is on for members")
                 ).to_be_visible()
    assert await talking(fiona)
    await shot(tom, "push-to-talk-member.png")
    # On his phone "Hold to talk" stays in reach beside the message box.
    await tom.set_viewport_size({"width": 390, "height": 844})
    await expect(hold).to_be_in_viewport()
    await shot(tom, "push-to-talk-phone.png")
    await tom.set_viewport_size({"width": 1300, "height": 900})

    # Space types a space in the message box, and sends no sound.
    box = tom.get_by_label("Your message")
    await box.click()
    before = await audio_sent(tom)
    await tom.keyboard.type("I wonder about the daughter")
    await tom.keyboard.down("Space")
    await tom.wait_for_timeout(700)
    await tom.keyboard.up("Space")
    await expect(box).to_have_value("I wonder about the daughter ")
    assert await audio_sent(tom) == before

    # Out of the box (a click on his own tile), holding Space is talking; letting go stops.
    await own_tile(tom).click()
    await tom.keyboard.down("Space")
    await expect(own_tile(tom)).not_to_contain_text("Hold Space to talk")
    assert await talking(tom)
    await shot(tom, "push-to-talk-holding.png")
    await tom.keyboard.up("Space")
    assert await quiet(tom)
    await expect(box).to_have_value("I wonder about the daughter ")

    # On screen: press and hold "Hold to talk".
    await hold.hover()
    await tom.mouse.down()
    assert await talking(tom)
    await tom.mouse.up()
    assert await quiet(tom)
    # Someone who cannot hold a key presses it with Enter, and again to stop.
    await hold.focus()
    await tom.keyboard.press("Enter")
    await expect(tom.get_by_role("button", name="Talking: press again to stop")).to_be_focused()
    assert await talking(tom)
    await tom.keyboard.press("Enter")
    await expect(hold).to_be_focused()
    assert await quiet(tom)

    # Presenter rules win: listening during the discussion, holding Space does nothing.
    await tom_presents(fiona, tom)
    await next_phase(fiona, "Clarifying questions", tom)
    await next_phase(fiona, "Discussion — the presenter is listening", tom)
    await own_tile(tom).click()
    await tom.keyboard.down("Space")
    await expect(tom.get_by_role("status").filter(
        has_text="your microphone stays off until the facilitator invites you back")
    ).to_be_visible()
    assert await quiet(tom)
    await tom.keyboard.up("Space")
    for context in contexts:
        await context.close()


async def test_speaker_choice_is_kept_across_a_reload_and_explained_where_impossible(
        chromium: Browser, live_server: ServerProcess) -> None:
    """Tom plays the group through his second speaker, and after a reload it still is; Fiona's
    browser cannot choose a speaker, and her page says so instead of offering a dead list."""
    links = live_server.group_invites("facilitator", "member")
    contexts = [await chromium.new_context(viewport={"width": 1300, "height": 900})
                for _ in range(2)]
    # A browser without HTMLMediaElement.setSinkId (Safari, older Firefox).
    await contexts[0].add_init_script("delete HTMLMediaElement.prototype.setSinkId;")
    room = await meet(contexts, links, ["Fiona", "Tom"])
    fiona, tom = room.pages
    for page in (fiona, tom):
        await join_voice(page)
    await tom.get_by_text("Microphone, camera, speaker and sound test").click()
    speaker = tom.get_by_label("Speaker", exact=True)
    await expect(speaker.get_by_role("option")).to_have_text(
        ["Fake Default Audio Output", "Fake Audio Output 1", "Fake Audio Output 2"])
    await speaker.select_option(label="Fake Audio Output 2")
    chosen = await speaker.input_value()
    await eventually(lambda: _plays_through(tom, chosen), within=10,
                     what="Fiona's voice on Tom's second speaker")
    await shot(tom, "speaker-choice.png")

    await tom.reload()
    await join_voice(tom)
    await tom.get_by_text("Microphone, camera, speaker and sound test").click()
    await expect(tom.get_by_label("Speaker", exact=True)).to_have_value(chosen)
    await expect(tom.get_by_label("Speaker", exact=True).locator("option:checked")).to_have_text(
        "Fake Audio Output 2")
    await eventually(lambda: _plays_through(tom, chosen), within=10,
                     what="the choice applied after the reload")

    await fiona.get_by_text("Microphone, camera, speaker and sound test").click()
    await expect(fiona.get_by_text("This browser cannot choose the speaker")).to_be_visible()
    await expect(fiona.get_by_label("Speaker", exact=True)).to_have_count(0)
    await shot(fiona, "speaker-choice-unavailable.png")
    for context in contexts:
        await context.close()


async def _plays_through(page: Page, device: str) -> bool:
    """Every voice the page plays goes to `device` (and there is at least one)."""
    sinks: list[str] = await page.evaluate(
        "[...document.querySelectorAll('.sounds audio')].map((a) => a.sinkId)")
    return bool(sinks) and all(s == device for s in sinks)


async def plays_everyone(page: Page) -> bool:
    """Every other person's sound is playing on this page (none of its audio elements muted)."""
    played: bool = await page.evaluate(
        "(() => { const a = [...document.querySelectorAll('audio')];"
        " return a.length > 0 && a.every((x) => !x.muted); })()")
    return played


def ignoring_mute_requests(route: WebSocketRoute) -> None:
    """Tom's page as a modified client would be: it never hears a facilitator's request to turn
    its microphone off (the server's microphone_muted frames are dropped on the way)."""
    server = route.connect_to_server()

    def to_page(message: str | bytes) -> None:
        if not (isinstance(message, str) and '"microphone_muted"' in message):
            route.send(message)

    server.on_message(to_page)
    route.on_message(server.send)


async def test_a_page_that_ignores_being_muted_is_not_played_by_the_others(
        chromium: Browser, live_server: ServerProcess) -> None:
    """In a mesh the server cannot stop anyone's microphone; the honest pages keep the rule on
    what they play. Tom's page ignores Fiona turning his microphone off and goes on sending:
    Fiona's page stops playing him and his tile says his microphone is off, until Tom turns it
    on again himself."""
    links = live_server.group_invites("facilitator", "member")
    contexts = [await chromium.new_context() for _ in range(2)]
    await contexts[1].route_web_socket(re.compile(r".*/socket\.io/.*"), ignoring_mute_requests)
    room = await meet(contexts, links, ["Fiona", "Tom"])
    fiona, tom = room.pages
    for page in (fiona, tom):
        await join_voice(page)
    assert await eventually(lambda: plays_everyone(fiona), within=15, what="Fiona playing Tom")

    await fiona.get_by_role("button", name="Actions for Tom").click()
    await fiona.get_by_role("menuitem", name="Turn their microphone off").click()
    tile = fiona.get_by_role("list", name="Voice and video").get_by_role("listitem").filter(
        has_text="Tom")
    await expect(tile).to_contain_text("microphone off")
    assert await sending(tom), "Tom's modified page goes on sending"
    assert not await plays_everyone(fiona), "but Fiona's page no longer plays him"

    await tom.get_by_role("button", name="Turn my microphone off").click()
    await tom.get_by_role("button", name="Turn my microphone on").click()
    assert await eventually(lambda: plays_everyone(fiona), within=5, what="Tom heard again")
    await expect(tile).not_to_contain_text("microphone off")
