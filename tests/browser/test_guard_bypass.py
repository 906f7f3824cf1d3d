"""The guard's warning cannot be waved through by a reflex: after it appears the focus is on the
text, a second Enter does not send or save, and only a deliberate "Send anyway" sends.

The story from the December walk: Megan pasted an NHS number, saw the warning, pressed Enter again
out of habit, and the number went to the whole group, because the focus had moved to
"Send anyway". The same with "Save anyway" in the case notes.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Request, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_notes import set_up_key
from tests.browser.test_story import fiona_admits

pytestmark = pytest.mark.browser
NHS = "943 476 5919"  # a valid modulus-11 NHS number (test data, not a person)
FOCUSED_TEXT = "(el) => el === document.activeElement"


async def test_a_second_enter_neither_sends_nor_saves_an_identifier(
    chromium: Browser, live_server: ServerProcess
) -> None:
    fiona, megan = await fiona_admits(chromium, live_server, "megan", "Megan")
    frames: list[str] = []
    megan.on("websocket", lambda ws: ws.on("framesent", lambda f: frames.append(str(f))))
    await megan.reload()
    await expect(megan.get_by_role("status")).to_have_text("Connected")

    # Megan writes, clicks Send, sees the warning, then presses Enter twice out of habit.
    box = megan.get_by_label("Your message")
    risky = f"I think I've seen her too, is it {NHS}? Lives near the surgery."
    await box.fill(risky)
    await megan.get_by_role("button", name="Send", exact=True).click()
    warning = megan.get_by_role("alert").filter(has_text="This may identify a patient")
    await expect(warning).to_be_visible()
    assert await box.evaluate(FOCUSED_TEXT), "the focus should be back on the message"
    await megan.keyboard.press("Enter")
    await megan.keyboard.press("Enter")
    await expect(warning).to_be_visible()
    await expect(box).to_be_focused()
    await expect(box).to_have_value(risky)
    await megan.wait_for_timeout(300)  # room for a stray send to show itself
    assert not any("943" in f for f in frames), "the number left the browser"
    await expect(fiona.locator(".transcript .text")).to_have_count(0)
    await megan.screenshot(path="/tmp/shots-guard/composer-after-double-enter.png", full_page=True)

    # Only the separate button sends it, and only when Megan chooses it.
    await megan.get_by_role("button", name="Send anyway").click()
    await expect(fiona.locator(".transcript .text")).to_have_text([risky])

    # Fiona's case note: Enter on "Save note", then Enter again, saves nothing.
    await set_up_key(fiona, "lanterns over the harbour")
    uploads: list[Request] = []
    fiona.on("request", lambda r: uploads.append(r) if r.method == "POST" else None)
    note = fiona.get_by_label("New case note")
    await note.fill(f"She read out her NHS number, {NHS}, and I wrote it down.")
    await fiona.get_by_role("button", name="Save note").focus()
    await fiona.keyboard.press("Enter")
    saving = fiona.locator(".note-writer").get_by_role("alert")
    await expect(saving).to_contain_text("Nothing has been saved")
    await expect(note).to_be_focused()
    await fiona.screenshot(path="/tmp/shots-guard/note-warning.png", full_page=True)
    await fiona.keyboard.press("Enter")
    await fiona.keyboard.press("Enter")
    await fiona.wait_for_timeout(300)
    assert [r.url for r in uploads if r.url.endswith("/notes")] == []
    await expect(fiona.locator(".notes-list")).to_contain_text("No notes yet.")
    # The Enters only added lines at the end: the sentence is as she wrote it.
    assert (await note.input_value()).startswith("She read out her NHS number, 943 476 5919, and")
