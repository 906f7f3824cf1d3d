"""Passkeys in Chromium with its virtual authenticators (DevTools protocol WebAuthn domain):
discoverable credentials with user verification, as a laptop's and a security
key's would be.

The server runs at http://localhost:PORT: WebAuthn needs a secure context (localhost is one)
and an RP ID that is a host name, not an IP address.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, CDPSession, Page, expect

from tests.browser.conftest import ServerProcess, start_server
from tests.browser.test_lead_dashboard import axe_violations
from tests.support import PASSWORD, ApiClient, free_port

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("BALINT_SCREENSHOTS") or "/tmp/shots-sso"


@dataclass
class Devices:
    """Fiona's laptop and security key: two virtual authenticators; the one in her hand
    answers."""

    cdp: CDPSession
    ids: dict[str, str]

    @classmethod
    async def attach(cls, page: Page, *names: str) -> Devices:
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("WebAuthn.enable", {"enableUI": False})
        ids = {}
        for name, transport in zip(names, ("internal", "usb"), strict=False):
            # Chromium allows one built-in ("internal") authenticator; the second is a key.
            made = await cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
                "protocol": "ctap2", "transport": transport, "hasResidentKey": True,
                "hasUserVerification": True, "isUserVerified": True,
                "automaticPresenceSimulation": False}})
            ids[name] = made["authenticatorId"]
        return cls(cdp, ids)

    async def use(self, name: str) -> None:
        for each, ident in self.ids.items():
            await self.cdp.send("WebAuthn.setAutomaticPresenceSimulation",
                                {"authenticatorId": ident, "enabled": each == name})


@dataclass
class Place:
    server: ServerProcess
    url: str
    admin: ApiClient
    programme: str
    facilitator_link: str


@pytest.fixture
async def place(tmp_path: Path) -> AsyncIterator[Place]:
    port = free_port()
    url = f"http://localhost:{port}"
    server = start_server(tmp_path, port=port, extra_env={"BALINT_PUBLIC_URL": url})
    admin = ApiClient(url)
    try:
        token = server.first_invite.rsplit("/", 1)[1]
        status, reply = await admin.post("/api/invitations/accept", {
            "token": token, "username": "ada", "display_name": "Ada", "password": PASSWORD})
        assert status == 200, reply
        _, made = await admin.post("/api/programmes", {"name": "North Thames"})
        programme = made["data"]["id"]
        _, made = await admin.post("/api/groups", {"programme_id": programme,
                                                   "name": "Tuesday group"})
        _, made = await admin.post(f"/api/groups/{made['data']['id']}/invitations",
                                   {"role": "facilitator"})
        yield Place(server, url, admin, programme, made["data"]["link"])
    finally:
        await admin.close()
        server.stop()


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


async def add_passkey(page: Page, name: str) -> None:
    await page.get_by_label("Name for this passkey").fill(name)
    await page.get_by_role("button", name="Add a passkey").click()
    await expect(page.get_by_role("listitem").filter(has_text=name)).to_be_visible()


async def sign_out(page: Page) -> None:
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


async def ada_asks_staff_for_a_passkey(chromium: Browser, place: Place) -> None:
    """Ada the administrator, in her own browser, under the programme's settings."""
    context = await chromium.new_context()
    page = await context.new_page()
    page.set_default_timeout(10_000)
    await page.goto(place.url + "/#/sign-in")
    await page.get_by_label("Sign-in name").fill("ada")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await page.get_by_role("link", name="Programme settings: North Thames").click()
    rules = page.get_by_role("region", name="Signing in")
    await rules.get_by_label(
        "Facilitators, leads and administrators confirm each sign-in with a passkey").check()
    await rules.get_by_role("button", name="Save sign-in rules").click()
    await expect(rules.get_by_role("status")).to_have_text(
        "Saved. It applies from each person’s next sign-in.")
    await shot(page, "programme-sign-in-rules.png")
    await context.close()


async def test_fiona_signs_in_with_passkeys_and_needs_one_as_second_factor(
        chromium: Browser, place: Place) -> None:
    """Fiona the facilitator adds a passkey on her laptop and one on her security key, signs in with
    the key's, removes it (it no longer signs her in), and once her programme asks staff
    for a second factor, her password sign-in waits for her laptop's passkey."""
    context = await chromium.new_context(bypass_csp=True)  # for axe-core's script only
    page = await context.new_page()
    page.set_default_timeout(10_000)
    devices = await Devices.attach(page, "laptop", "key")
    await page.goto(place.facilitator_link)
    await page.get_by_label("Sign-in name").fill("fiona")
    await page.get_by_label("Display name").fill("Fiona")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Create my account").click()
    await expect(page.get_by_role("heading", name="My groups")).to_be_visible()

    await page.get_by_role("link", name="Passkeys").click()
    await expect(page.get_by_text("You have no passkeys yet.")).to_be_visible()
    await devices.use("laptop")
    await add_passkey(page, "Work laptop")
    codes = page.get_by_role("status").filter(has_text="Your recovery codes")
    await expect(codes.get_by_role("listitem")).to_have_count(8)
    await devices.use("key")
    await add_passkey(page, "Security key")
    await expect(page.get_by_text("Recovery codes left: 8.")).to_be_visible()
    await shot(page, "passkeys-settings.png")
    assert await axe_violations(page) == []

    await sign_out(page)
    await shot(page, "sign-in-with-passkey.png")
    await page.get_by_role("button", name="Sign in with a passkey").click()
    await expect(page.get_by_text("Signed in as Fiona")).to_be_visible()

    await page.get_by_role("link", name="Passkeys").click()
    await page.get_by_role("button", name="Remove Security key").click()
    dialog = page.get_by_role("dialog", name="Remove the passkey “Security key”?")
    await dialog.get_by_role("button", name="Remove passkey").click()
    await expect(page.get_by_role("listitem").filter(has_text="Security key")).to_have_count(0)
    await sign_out(page)
    await page.get_by_role("button", name="Sign in with a passkey").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "That passkey was not accepted: it is not (or no longer) registered")
    await expect(page.get_by_text("Signed in as Fiona")).to_have_count(0)

    await ada_asks_staff_for_a_passkey(chromium, place)
    await page.get_by_label("Sign-in name").fill("fiona")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    await shot(page, "second-factor.png")
    assert await axe_violations(page) == []
    # Until she does, the rest of the service does not know her.
    seen: Any = await page.evaluate("fetch('/api/me').then((r) => r.status)")
    assert seen == 401
    await devices.use("laptop")
    await page.get_by_role("button", name="Use my passkey").click()
    await expect(page.get_by_text("Signed in as Fiona")).to_be_visible()
    await expect(page.get_by_role("heading", name="Tuesday group")).to_be_visible()
    await context.close()
