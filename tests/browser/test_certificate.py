"""A trainee's certificate in Chromium, as it goes into an e-portfolio: Zelda puts her full name
on her certificates, prints one that reads like a certificate (sessions in UK time words, no key
jargon but a small check line and QR code at the foot), downloads the file; an assessor with no
account checks it by uploading the file and by opening the printed code's link; a changed file
fails the same clear way. Every page passes axe-core at desktop and phone size."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, FilePayload, expect

from tests.attendance_support import Seeded
from tests.browser.conftest import ServerProcess
from tests.browser.test_invitations import DESKTOP, PHONE, at_both_sizes, look
from tests.browser.test_lead_dashboard import seeded, sign_in

pytestmark = pytest.mark.browser
__all__ = ["seeded"]  # the fixture, used here by name
WORDS = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} "
                   r"[A-Z][a-z]+ 20\d\d, \d\d:\d\d–\d\d:\d\d$")


async def test_certificate_reads_like_one_and_checks_from_file_or_code(
        chromium: Browser, seeded: tuple[ServerProcess, Seeded], tmp_path: Path) -> None:
    server, _data = seeded
    context = await chromium.new_context(bypass_csp=True, viewport=DESKTOP, accept_downloads=True)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    await sign_in(page, server.url, "zq7x0x0")
    await page.get_by_role("link", name="My attendance and certificates").click()
    await page.get_by_label("Name on certificates", exact=True).fill("Dr Zelda Quill")
    await page.get_by_role("region", name="Your name on certificates").get_by_role(
        "button", name="Save").click()
    await expect(page.get_by_text("Saved. Certificates will read “Dr Zelda Quill”.")
                 ).to_be_visible()
    await at_both_sizes(page, "my-attendance")

    await page.get_by_role("link", name="Printable certificate").first.click()
    cert = page.get_by_role("article", name="Certificate of attendance")
    await expect(cert.locator(".name")).to_have_text("Dr Zelda Quill")
    await expect(cert).to_contain_text("of the Balint group “Monday group” of Wessex GP Training")
    rows = cert.get_by_role("table", name="Sessions attended").locator("tbody th")
    assert await rows.count() > 5
    for text in await rows.all_inner_texts():
        assert WORDS.match(text), text
    face = await cert.inner_text()
    body_text = face.split("Check this certificate at")[0]
    assert "Ed25519" not in body_text and "key" not in body_text.lower()
    assert "T" not in re.sub(r"[A-Za-z]{2,}", "", body_text), "a raw timestamp on the face"
    await expect(cert.locator(".check")).to_contain_text(
        f"Check this certificate at {server.url}/#/verify")
    qr = cert.get_by_role("img", name="QR code that opens the check page with this certificate")
    await expect(qr).to_be_visible()
    await at_both_sizes(page, "certificate")

    async with page.expect_download() as info:
        await page.get_by_role("link", name="Download the certificate file").click()
    saved = tmp_path / "certificate.json"
    await (await info.value).save_as(saved)
    document = json.loads(saved.read_text())
    assert document["certificate"]["trainee"] == "Dr Zelda Quill"
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    await page.get_by_role("button", name="Copy a link that checks this certificate").click()
    await expect(page.get_by_text("Link copied.")).to_be_visible()
    link = await page.evaluate("() => navigator.clipboard.readText()")
    assert link.startswith(server.url + "/#/verify/")
    assert errors == []
    await context.close()

    # Ada, an assessor with no account, on her phone.
    context = await chromium.new_context(bypass_csp=True, viewport=PHONE)
    page = await context.new_page()
    await page.goto(link)
    await expect(page.locator(".verdict .reason")).to_have_text(re.compile("The signature matches"))
    await expect(page.locator(".verdict .certificate .name")).to_have_text("Dr Zelda Quill")
    await look(page, "verify-from-code-phone.png")
    await page.set_viewport_size(DESKTOP)
    await page.goto(server.url + "/#/verify")
    await page.reload()
    await page.get_by_label("Certificate file").set_input_files(str(saved))
    await expect(page.locator(".verdict .reason")).to_have_text(re.compile("The signature matches"))
    await at_both_sizes(page, "verify-file")
    document["certificate"]["total_minutes"] += 30
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document))
    await page.get_by_label("Certificate file").set_input_files(str(changed))
    await expect(page.locator(".verdict .reason")).to_have_text(
        "The signature does not match: the certificate was changed after it was issued.")
    await expect(page.locator(".verdict .certificate")).to_have_count(0)
    await page.get_by_label("Certificate file").set_input_files(
        files=[FilePayload(name="notes.json", mimeType="application/json", buffer=b"not json")])
    await expect(page.get_by_role("alert")).to_contain_text(
        "That file is not a Balint Rooms certificate")
    await context.close()
    packed = link.rsplit("/", 1)[1]
    assert packed[:40] not in server.logs(), "the certificate reached a server log"
