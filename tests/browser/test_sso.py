"""Single sign-on in Chromium through a real OpenID provider (issue 24).

The provider is the certified `oidc-provider` from npm, run with node on loopback
(tests/oidc/provider.mjs): its own login page, its own tokens and keys. Refusals of bad tokens
are in tests/test_sso.py.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import ServerProcess, start_server
from tests.sso_support import (
    CLIENT_ID,
    CLIENT_SECRET,
    TEST_LOGIN,
    OidcProviderProcess,
    start_oidc_provider,
)
from tests.support import PASSWORD, ApiClient, free_port

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("BALINT_SCREENSHOTS") or "/tmp/shots-sso"


@dataclass
class Sso:
    server: ServerProcess
    url: str  # http://localhost:PORT: the name people use, and WebAuthn's RP ID
    provider: OidcProviderProcess
    tmp: Path

    def restart_provider_with_a_new_key(self) -> None:
        self.provider.stop()
        self.provider = start_oidc_provider(self.tmp, f"{self.url}/sso/callback", f"{self.url}/",
                                            port=self.provider.port, key_id="second")


@pytest.fixture
async def sso(tmp_path: Path) -> AsyncIterator[Sso]:
    port = free_port()
    url = f"http://localhost:{port}"
    provider = start_oidc_provider(tmp_path, f"{url}/sso/callback", f"{url}/")
    server = start_server(tmp_path, port=port, extra_env={
        "BALINT_PUBLIC_URL": url,
        "BALINT_OIDC_DEANERY_ISSUER": provider.issuer, "BALINT_OIDC_DEANERY_CLIENT_ID": CLIENT_ID,
        "BALINT_OIDC_DEANERY_CLIENT_SECRET": CLIENT_SECRET,
        "BALINT_OIDC_DEANERY_NAME": "Deanery Login"})
    world = Sso(server, url, provider, tmp_path)
    try:
        yield world
    finally:
        server.stop()
        world.provider.stop()


async def member_invitation(sso: Sso) -> str:
    """Ada the administrator (the server's first invitation) sets up a group and invites a
    member, over the API: quicker than three console commands."""
    ada = ApiClient(sso.url)
    try:
        token = sso.server.first_invite.rsplit("/", 1)[1]
        status, reply = await ada.post("/api/invitations/accept", {
            "token": token, "username": "ada", "display_name": "Ada", "password": PASSWORD})
        assert status == 200, reply
        _, made = await ada.post("/api/programmes", {"name": "North Thames"})
        _, made = await ada.post("/api/groups", {"programme_id": made["data"]["id"],
                                                 "name": "Tuesday group"})
        _, made = await ada.post(f"/api/groups/{made['data']['id']}/invitations",
                                 {"role": "member"})
        return str(made["data"]["link"])
    finally:
        await ada.close()


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


async def provider_login(page: Page) -> None:
    """The provider's own login page (oidc-provider's development interactions)."""
    await page.locator("input[name=login]").fill(TEST_LOGIN)
    await page.locator("input[name=password]").fill("anything at the provider")
    await page.locator("button[type=submit]").click()


async def test_sunita_joins_with_single_sign_on_signs_out_and_back_in(
        chromium: Browser, sso: Sso) -> None:
    """Sunita's invitation offers her deanery's login; she uses it instead of a password,
    lands in her group, signs out of both, and signs in again with the same button, even
    after the deanery has rotated its signing key."""
    link = await member_invitation(sso)
    context = await chromium.new_context()
    page = await context.new_page()
    page.set_default_timeout(10_000)
    await page.goto(link)
    await expect(page.get_by_role("heading", name="Welcome to Balint Rooms")).to_be_visible()
    await expect(page.get_by_role("button", name="Accept with Deanery Login")).to_be_visible()
    await shot(page, "invitation-with-sso.png")
    await page.get_by_role("button", name="Accept with Deanery Login").click()
    await provider_login(page)
    await expect(page.get_by_role("heading", name="My groups")).to_be_visible()
    await expect(page.get_by_text("Signed in as Sunita")).to_be_visible()
    await expect(page.get_by_role("heading", name="Tuesday group")).to_be_visible()
    # Her account has no password of its own: nothing to change.
    await expect(page.get_by_role("link", name="Passkeys")).to_be_visible()
    await expect(page.get_by_role("link", name="Change password")).to_have_count(0)
    assert "code=" not in page.url and "state=" not in page.url

    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    also = page.get_by_role("link", name="Sign out of your organisation’s account too")
    await expect(also).to_be_visible()
    await shot(page, "signed-out-offers-provider.png")
    await also.click()
    # The provider asks before it ends its own sign-in, then sends her back to us.
    await page.get_by_role("button", name="Yes, sign me out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sso.restart_provider_with_a_new_key()
    await page.get_by_role("button", name="Sign in with Deanery Login").click()
    await provider_login(page)
    await expect(page.get_by_text("Signed in as Sunita")).to_be_visible()
    await expect(page.get_by_role("heading", name="Tuesday group")).to_be_visible()
    logs = sso.server.logs()
    assert logs.count("event=oidc_keys_loaded") == 2, "the rotated key was fetched"

    # The provider's answer opened a second time (from history, or a shared link): refused
    # in words, with the way back.
    stranger = await chromium.new_page()
    await stranger.goto(f"{sso.url}/sso/callback?code=abc&state=used-or-made-up")
    refused = stranger.get_by_role("heading", name="Single sign-on did not work")
    await expect(refused).to_be_visible()
    await expect(stranger.get_by_role("alert")).to_contain_text("already been used or has expired")
    await expect(stranger.get_by_role("link", name="Back to sign in")).to_be_visible()
    assert "code=" not in stranger.url
    await shot(stranger, "sso-refused.png")
    await stranger.close()
    await context.close()
