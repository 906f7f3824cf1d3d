"""The confidentiality guard in the case-notes editor, in Chromium: nothing is sealed or
uploaded until the writer decides, and "Save anyway" saves the note encrypted, as always."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Request, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_notes import set_up_key
from tests.browser.test_story import sign_up

pytestmark = pytest.mark.browser
NHS = "943 476 5919"  # a valid modulus-11 NHS number (test data, not a person)


async def test_a_note_with_an_nhs_number_waits_for_the_writer(
    chromium: Browser, live_server: ServerProcess
) -> None:
    [link] = live_server.group_invites("facilitator")
    fiona = await sign_up(await chromium.new_context(), link, "fiona", "Fiona")
    await fiona.get_by_role("button", name="Open a session now").click()
    await expect(fiona.get_by_role("status")).to_have_text("Connected")
    await set_up_key(fiona, "lanterns over the harbour")
    await expect(fiona.locator(".notes-list")).to_contain_text("No notes yet.")

    requests: list[Request] = []
    fiona.on("request", lambda r: requests.append(r))
    note = fiona.get_by_label("New case note")
    guard = fiona.locator(".note-writer .guard")
    risky = f"  She read out her NHS number, {NHS}, and I wrote it down without thinking."

    await note.fill(risky)
    await fiona.get_by_role("button", name="Save note").click()
    await expect(guard).to_be_visible()
    await expect(guard).to_contain_text("This may identify a patient. Nothing has been saved.")
    await expect(guard.locator("li")).to_have_text([f"NHS number: {NHS}"])
    await expect(guard.locator("mark")).to_have_text(NHS)
    # Give a stray upload time to show itself: none may happen while the writer decides.
    await fiona.wait_for_timeout(500)
    notes_calls = [r for r in requests if "/notes" in r.url]
    assert notes_calls == [], [f"{r.method} {r.url}" for r in notes_calls]
    await expect(fiona.locator(".notes-list")).to_contain_text("No notes yet.")

    # "Edit my note" puts the cursor on the number, spaces before the text and all.
    await fiona.get_by_role("button", name="Edit my note").click()
    await expect(guard).to_be_hidden()
    selected = await note.evaluate("(t) => t.value.slice(t.selectionStart, t.selectionEnd)")
    assert selected == NHS

    # Typing withdraws the warning; the same text warns again; "Save anyway" saves it, sealed.
    await note.press("End")
    await note.type(" ")
    await expect(guard).to_be_hidden()
    await fiona.get_by_role("button", name="Save note").click()
    await expect(guard).to_be_visible()
    assert [r for r in requests if "/notes" in r.url] == []
    await fiona.get_by_role("button", name="Save anyway").click()
    await expect(fiona.locator(".note-writer [aria-live]")).to_contain_text("Saved")
    await expect(guard).to_be_hidden()
    await expect(fiona.locator(".notes-list .note-text")).to_have_text([risky.strip()])
    uploads = [r for r in requests if r.method == "POST" and re.search(r"/notes$", r.url)]
    assert len(uploads) == 1
    body = uploads[0].post_data or ""
    assert "envelope" in body
    for plain in (NHS, "9434765919", "NHS number", "without thinking"):
        assert plain not in body

    # A note with nothing to find saves at once.
    await note.fill("I felt I had failed her, and I said so to the group.")
    await fiona.get_by_role("button", name="Save note").click()
    await expect(fiona.locator(".notes-list .note-text")).to_have_count(2)
    await expect(guard).to_be_hidden()

    logs = live_server.logs()
    for trace in (NHS, "nhs_number", "NHS number", "without thinking"):
        assert trace not in logs
    for path in live_server.data_dir.rglob("*"):
        if path.is_file():
            assert NHS.encode() not in path.read_bytes(), path.name
