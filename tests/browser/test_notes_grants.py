"""Whole-group notes that people can actually read, and comparing keys without 40 digits.

Ana (facilitator) writes a note for the whole group while Ben has no notes key yet. Ben sets one
up. Carla, who can read the note, compares keys with Ben: the short code on her screen is the one
on his, and she pastes what his QR code says (decoded from the image on his screen, as a phone
camera would). Her browser then gives Ben access by itself, signed by her; Ana does nothing more.
Ben reads the note and sees who gave him access.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Locator, Page, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_facilitation import SHOTS
from tests.browser.test_lead_dashboard import axe_violations
from tests.browser.test_notes import SLOW, notes_of, set_up_key, write_note
from tests.browser.test_story import enter_room, sign_up

pytestmark = pytest.mark.browser

JSQR = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "jsqr" / "dist" / "jsQR.js"


@pytest.fixture
async def contexts(chromium: Browser) -> AsyncIterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    try:
        yield made
    finally:
        for context in made:
            await context.close()


async def admitted(ana: Page, context: BrowserContext, link: str, username: str,
                   name: str, passphrase: str) -> Page:
    page = await enter_room(context, link, username, name)
    await ana.get_by_role("button", name=f"Admit {name}").click()
    await expect(page.get_by_role("status")).to_have_text("Connected")
    await set_up_key(page, passphrase)
    return page


async def shot(part: Locator, name: str) -> None:
    """The part of the notes panel that changed (the panel scrolls inside the room)."""
    if SHOTS:
        await part.scroll_into_view_if_needed()
        await part.screenshot(path=str(Path(SHOTS) / name))


async def open_compare(page: Page, name: str) -> Locator:
    """Compare safety numbers → the person's row → "Compare keys with NAME"."""
    summary = page.locator("summary", has_text="Compare safety numbers")
    if not await page.locator("details.compare").evaluate("d => d.open"):
        await summary.click()
    row = page.locator(".safety-numbers li", has_text=name)
    await row.locator("summary", has_text=f"Compare keys with {name}").click()
    return row


async def decode_qr(chromium: Browser, image: Locator) -> str:
    """Read a QR image as a camera would: its pixels through jsQR, an independent decoder
    (on a blank page of its own, so the app's page gets no script it did not ship)."""
    src = await image.get_attribute("src")
    assert src and src.startswith("data:image/gif;base64,")
    context = await chromium.new_context()
    try:
        page = await context.new_page()
        await page.set_content("<canvas></canvas>")
        await page.add_script_tag(path=str(JSQR))
        return await page.evaluate("""async (src) => {
          const img = new Image(); img.src = src; await img.decode();
          const canvas = document.querySelector('canvas');
          canvas.width = img.width; canvas.height = img.height;
          const ctx = canvas.getContext('2d'); ctx.drawImage(img, 0, 0);
          const found = jsQR(ctx.getImageData(0, 0, img.width, img.height).data, img.width,
                             img.height);
          return found ? found.data : null;
        }""", src)
    finally:
        await context.close()


async def test_carla_verifies_ben_and_he_reads_the_group_note_without_ana(
        chromium: Browser, live_server: ServerProcess,
        contexts: list[BrowserContext]) -> None:
    ana_link, carla_link, ben_link = live_server.group_invites("facilitator", "member", "member")

    async def context() -> BrowserContext:
        # bypass_csp: only so that axe-core can be added to Carla's page below.
        made = await chromium.new_context(viewport={"width": 1300, "height": 900},
                                          bypass_csp=True)
        contexts.append(made)
        return made

    ana = await sign_up(await context(), ana_link, "ana", "Ana")
    await ana.get_by_role("button", name="Open a session now").click()
    await expect(ana.get_by_role("status")).to_have_text("Connected")
    await set_up_key(ana, "lanterns over the harbour")
    carla = await admitted(ana, await context(), carla_link, "carla", "Carla",
                           "seven quiet herons")
    await write_note(ana, "Mrs K. again: I dreaded the appointment.", "The whole group",
                     trust=("Carla",))
    await expect(notes_of(carla)).to_have_text(["Mrs K. again: I dreaded the appointment."],
                                               timeout=10_000)

    # Ben comes later: the note was not sealed to him, and nobody has verified his key yet.
    ben = await admitted(ana, await context(), ben_link, "ben", "Ben", "a bicycle made of toast")
    await expect(ben.locator(".notes-list")).to_contain_text("No notes yet.")
    await carla.get_by_role("button", name="Refresh notes").click()
    note = carla.locator(".note").first
    await expect(note.locator(".note-tools")).to_have_text(re.compile(
        "^Ben cannot read this yet. Compare keys with Ben"))
    await expect(note.get_by_role("button", name="Give access to Ben")).to_have_count(0)

    # The short code: the same on both screens, whoever looks.
    carla_row = await open_compare(carla, "Ben")
    ben_row = await open_compare(ben, "Carla")
    code = carla_row.get_by_label("Code to read aloud with Ben")
    await expect(code).to_have_text(re.compile(r"^\d{6} \d{6} \d{6} \d{6}$"))
    await expect(ben_row.get_by_label("Code to read aloud with Carla")).to_have_text(
        await code.inner_text())
    await shot(carla_row, "notes-compare-keys.png")
    # Ben hears the code match and marks Carla verified on his side.
    await ben_row.get_by_role("button", name="The codes match: mark Carla verified").click()
    await expect(ben.locator(".safety-numbers li", has_text="Carla")).to_contain_text(
        "✓ verified")

    # Carla checks Ben's QR code: what a camera reads from the image on Ben's screen.
    ben_row = await open_compare(ben, "Carla")
    payload = await decode_qr(chromium, ben_row.get_by_role(
        "img", name="Your key code, for Carla to scan"))
    assert payload and payload.startswith("BALINT-KEY:2:")
    await carla_row.get_by_role("button", name="Scan or paste Ben’s code").click()
    field = carla_row.get_by_label("Ben’s code")
    await expect(field).to_be_focused()
    # Ana's code is not Ben's: refused, loudly, and nothing is verified.
    ana_row = await open_compare(ana, "Carla")
    wrong = await decode_qr(chromium, ana_row.get_by_role(
        "img", name="Your key code, for Carla to scan"))
    await field.fill(wrong)
    await field.press("Enter")
    await expect(carla_row.get_by_role("alert")).to_contain_text(
        "This code does NOT match the key this device has for Ben.")
    # The compare fold-out and the scan box, as a screen reader or keyboard user meets them.
    assert await axe_violations(carla) == []
    await field.fill(payload)
    await carla_row.get_by_role("button", name="Check the code").click()

    # Verified: Carla's browser gives Ben access to the whole-group note at once, signed by her.
    carla_ben = carla.locator(".safety-numbers li", has_text="Ben")
    await expect(carla_ben).to_contain_text("✓ verified")
    await expect(note.locator(".given")).to_have_text(
        "You gave Ben access to this note: you had verified their key.")
    await expect(note.locator(".readers")).to_have_text(
        "Can read it: a key you have not trusted, you, Ben (verified; access given by you)")
    await expect(notes_of(ben)).to_have_text(["Mrs K. again: I dreaded the appointment."],
                                             timeout=SLOW)
    await expect(ben.locator(".note .readers")).to_have_text(
        "Can read it: a key you have not trusted, Carla (verified), you (access given by "
        "Carla)")
    await shot(ben.locator(".note").first, "notes-given-by-carla.png")
    # Ana did nothing after writing; her page now shows Ben among the readers too.
    await ana.get_by_role("button", name="Refresh notes").click()
    await expect(ana.locator(".note .readers")).to_have_text(
        "Can read it: you, Carla, a key you have not trusted (access given by Carla)")


# A camera that sees whatever code the test holds up: BarcodeDetector and getUserMedia stand-ins
# (Debian's Chromium has no BarcodeDetector), so the page's own scanning path runs for real.
FAKE_CAMERA = """
window.__held = null;
window.BarcodeDetector = class {
  constructor(options) { this.formats = options.formats; }
  async detect() { return window.__held ? [{ rawValue: window.__held }] : []; }
};
navigator.mediaDevices.getUserMedia = async () => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 16;
  canvas.getContext('2d').fillRect(0, 0, 16, 16);
  return canvas.captureStream();
};
"""


async def test_scanning_with_the_camera_verifies_only_the_matching_code(static_page: Page) -> None:
    """Ben's code held up to Carla's camera: someone else's code is refused in words and the
    camera keeps looking; Ben's own marks him verified and turns the camera off."""
    page = static_page
    await page.add_init_script(FAKE_CAMERA)
    await page.reload()
    await page.evaluate("""async () => {
      const C = await import('/static/crypto.js');
      const k = await import('/static/key_compare.js');
      const { compareBox } = await import('/static/notes_compare.js');
      const random = () => C.importRawPrivateKey(crypto.getRandomValues(new Uint8Array(32)));
      const [carla, ben, other] = [await random(), await random(), await random()];
      window.__verified = 0;
      const box = await compareBox({ name: 'Ben', identity: carla,
        theirs: { publicKey: ben.publicKey, signingKey: ben.signingPublic },
        onMatch: async () => { window.__verified += 1; } });
      box.open = true;
      // Beside the app's own screen, which may still be drawing itself after the reload.
      document.body.append(box);
      window.__ben = k.qrPayload(ben.publicKey, ben.signingPublic);
      window.__other = k.qrPayload(other.publicKey, other.signingPublic);
    }""")
    await page.get_by_role("button", name="Scan or paste Ben’s code").click()
    await expect(page.get_by_text("Hold their code in front of the camera.")).to_be_visible()
    await page.evaluate("window.__held = window.__other")
    await expect(page.get_by_role("alert")).to_contain_text(
        "This code does NOT match the key this device has for Ben.")
    assert await page.evaluate("window.__verified") == 0
    await expect(page.locator("video")).to_have_count(1)  # still looking
    await page.evaluate("window.__held = window.__ben")
    await expect(page.get_by_role("status")).to_have_text("It matches: Ben is verified.")
    assert await page.evaluate("window.__verified") == 1
    await expect(page.locator("video")).to_have_count(0)  # the camera is off
