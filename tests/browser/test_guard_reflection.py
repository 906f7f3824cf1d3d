"""Language reflection in Chromium: off by default, a facilitator switches it on and off, and
the prompt appears only on the sender's screen, never in a frame, a request or a log."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, Request, WebSocket, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import enter_room, send, sign_up

pytestmark = pytest.mark.browser

# Words only the prompt uses: if any of these reach a frame, a request or a log, it leaked.
PROMPT_WORDS = ("You wrote", "What might this patient", "Only you can see this")


class Traffic:
    """Everything one page sends or receives over its websockets, and every request it makes."""

    def __init__(self, page: Page) -> None:
        self.frames: list[str] = []
        self.requests: list[str] = []
        page.on("websocket", self._websocket)
        page.on("request", self._request)

    def _websocket(self, ws: WebSocket) -> None:
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _sent(self, frame: str | bytes) -> None:
        self.frames.append(f"sent {frame!s}")

    def _received(self, frame: str | bytes) -> None:
        self.frames.append(f"received {frame!s}")

    def _request(self, request: Request) -> None:
        self.requests.append(f"{request.method} {request.url} {request.post_data or ''}")

    def sent_frames(self) -> list[str]:
        return [f for f in self.frames if f.startswith("sent ")]


async def turn_reflection(fiona: Page, on: bool) -> None:
    switch = fiona.get_by_label("Offer reflection prompts in this group")
    await (switch.check() if on else switch.uncheck())
    word = "on" if on else "off"
    await expect(fiona.locator(".reflection-settings")).to_contain_text(
        f"Reflection prompts are {word} for this group.")


async def test_reflection_is_private_gentle_and_never_blocks(
    chromium: Browser, live_server: ServerProcess
) -> None:
    links = live_server.group_invites("facilitator", "member", "member")
    fiona = await sign_up(await chromium.new_context(), links[0], "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.locator(".banner .phase")).to_have_text(re.compile("Waiting room"))
    tom = await enter_room(await chromium.new_context(), links[1], "tom", "Tom")
    await fiona.get_by_role("button", name="Admit Tom").click()
    tara = await enter_room(await chromium.new_context(), links[2], "tara", "Tara")
    await fiona.get_by_role("button", name="Admit Tara").click()
    # Watch from the start of a fresh page load: every frame and request of Tom's and Tara's.
    tom_traffic, tara_traffic = Traffic(tom), Traffic(tara)
    for page in (tom, tara):
        await page.reload()
        await expect(page.get_by_role("status")).to_have_text("Connected")
    transcript = fiona.locator(".transcript .text")
    prompt = tom.locator(".reflection")

    # Off by default: the label goes, nothing is said.
    first = "Honestly she is my heartsink patient and I dread seeing her name."
    await send(tom, first)
    await expect(transcript).to_have_text([first])
    await expect(tara.locator(".transcript .text")).to_have_text([first])
    assert await prompt.count() == 0
    await expect(fiona.get_by_label("Offer reflection prompts in this group")).not_to_be_checked()

    # A facilitator switches it on; Tom, already in the room, needs no reload.
    await turn_reflection(fiona, True)
    second = "Another heartsink day. She came back with the same pain."
    await send(tom, second)
    await expect(prompt).to_be_visible()
    await expect(prompt).to_contain_text(
        "You wrote \u201cheartsink\u201d. Words like this often carry how hard a consultation "
        "has felt, and that is worth bringing to the group. "
        "What might this patient be feeling when they come to see you?")
    await expect(prompt).to_contain_text("Only you can see this.")
    # It never blocks: the message reached everyone exactly as written.
    await expect(transcript).to_have_text([first, second])
    await expect(tara.locator(".transcript .text")).to_have_text([first, second])
    await expect(tom.get_by_label("Your message")).to_have_value("")
    for other in (tara, fiona):
        assert await other.locator(".reflection").count() == 0

    # Nobody else sees a prompt, even when they use a label themselves.
    await send(tara, "I think we all have a frequent flyer like that.")
    await expect(transcript.last).to_have_text("I think we all have a frequent flyer like that.")
    await expect(tara.locator(".reflection")).to_be_visible()
    assert await fiona.locator(".reflection").count() == 0
    await expect(tom.locator(".reflection")).to_contain_text("heartsink")  # still Tom's own
    await tom.get_by_role("button", name="Close").click()
    await expect(prompt).to_have_count(0)

    # The group's own words count too, as literal text.
    words = fiona.get_by_label("Extra words or phrases to notice, one per line")
    await fiona.get_by_text("Words to notice").click()
    await words.fill("worried well\n  Worried   Well\nnon-compliant")
    await fiona.get_by_role("button", name="Save the words").click()
    await expect(fiona.locator(".reflection-settings")).to_contain_text("Saved.")
    await expect(words).to_have_value("worried well\nnon-compliant")
    third = "Probably one of the worried well, I told myself."
    await send(tom, third)
    await expect(prompt).to_contain_text("You wrote \u201cworried well\u201d.")
    await expect(transcript.last).to_have_text(third)

    # A bad list is refused in plain words and changes nothing.
    await words.fill("---")
    await fiona.get_by_role("button", name="Save the words").click()
    await expect(fiona.locator(".reflection-settings .error")).to_contain_text(
        "needs at least one letter")

    # Switched off again: no prompt, and any prompt showing goes.
    await turn_reflection(fiona, False)
    await expect(prompt).to_have_count(0)
    fourth = "A heartsink, a crock, a time-waster: I heard all three at lunch."
    await send(tom, fourth)
    await expect(transcript.last).to_have_text(fourth)
    assert await prompt.count() == 0

    # Nothing about a prompt left Tom's or Tara's browser, or reached their pages from outside.
    for traffic in (tom_traffic, tara_traffic):
        for line in [*traffic.frames, *traffic.requests]:
            for word in PROMPT_WORDS:
                assert word not in line, line
    # Tom's own frames are his messages and the room's usual events, nothing more.
    tom_sends = [f for f in tom_traffic.sent_frames() if '"send"' in f]
    assert len(tom_sends) == 4
    assert not any("reflect" in f for f in tom_traffic.sent_frames())
    assert not any("heartsink" in r or "worried well" in r for r in tom_traffic.requests)
    # ("worried well" is in the group's stored settings, which are not a prompt; the labels
    # below were only ever in messages and prompts.)
    logs = live_server.logs()
    for trace in (*PROMPT_WORDS, "heartsink", "frequent flyer", "time-waster"):
        assert trace not in logs
