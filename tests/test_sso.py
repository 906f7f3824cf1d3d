"""Single sign-on refusals and key rotation (issue 24), against a test issuer on loopback.

The happy path through the real `oidc-provider` in Chromium is tests/browser/test_sso.py. Here
each ID token is crafted (signed by the issuer's test key, served from its JWKS endpoint) to be
wrong in one way, and the callback must refuse it with words that say which.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.actions import accounts, groups
from server.clock import FakeClock
from server.permissions import OPERATOR
from tests.sso_support import TokenMinter, begin, error_of, new_key
from tests.support import PASSWORD, ApiClient, LiveServer, loopback_config


@dataclass
class World:
    server: LiveServer
    minter: TokenMinter
    api: ApiClient
    programme: str
    group: str

    async def invite(self, role: str = "member") -> str:
        return await accounts.create_invitation(self.server.svc, OPERATOR, kind="group",
                                                group_id=self.group, role=role)

    async def finish(self, state: str, code: str, api: ApiClient | None = None
                     ) -> tuple[int, dict]:  # type: ignore[type-arg]
        return await (api or self.api).post("/api/sso/finish", {"state": state, "code": code})


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    minter = await TokenMinter().start()
    config = loopback_config(tmp_path / "data").with_(oidc=(minter.provider(),))
    server = await LiveServer(config, FakeClock(time.time())).start()
    programme = await groups.create_programme(server.svc, OPERATOR, "North Thames")
    group = await groups.create_group(server.svc, OPERATOR, programme, "Tuesday group")
    api = ApiClient(server.url)
    try:
        yield World(server, minter, api, programme, group)
    finally:
        await api.close()
        await server.stop()
        await minter.stop()


async def _joined(world: World) -> None:
    """Sunita accepts an invitation with single sign-on: her identity is linked."""
    state, nonce = await begin(world.api, "test", invitation=await world.invite())
    world.minter.mint("code-join", nonce=nonce)
    status, reply = await world.finish(state, "code-join")
    assert status == 200, reply
    await world.api.post("/api/sign-out")


async def test_accepting_an_invitation_links_the_identity_and_signs_in_again(world: World) -> None:
    state, nonce = await begin(world.api, "test", invitation=await world.invite())
    world.minter.mint("code-1", nonce=nonce)
    status, reply = await world.finish(state, "code-1")
    assert status == 200, reply
    status, me = await world.api.get("/api/me")
    assert status == 200 and me["data"]["user"]["display_name"] == "Sunita"
    assert [g["name"] for g in me["data"]["groups"]] == ["Tuesday group"]
    status, out = await world.api.post("/api/sign-out")
    assert out["data"]["end_session_url"].startswith(world.minter.url + "/session/end?")
    # Later, without an invitation: the same issuer and subject open the same account.
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code-2", nonce=nonce)
    status, reply = await world.finish(state, "code-2")
    assert status == 200 and reply["data"]["user_id"] == me["data"]["user"]["id"], reply
    # The e-mail is never the key: another subject with the same address is a stranger.
    await world.api.post("/api/sign-out")
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code-3", nonce=nonce, sub="someone-else", email="sunita@nhs.net")
    status, reply = await world.finish(state, "code-3")
    assert (status, error_of(reply)[0]) == (403, "sso_not_linked")


async def test_a_tampered_id_token_is_refused(world: World) -> None:
    await _joined(world)
    state, nonce = await begin(world.api, "test")
    token = world.minter.mint("code", nonce=nonce)
    head, _payload, signature = token.split(".")
    # Someone edits the claims (another subject) and keeps the provider's signature.
    forged = jwt_part({"iss": world.minter.url, "aud": "balint-rooms", "sub": "sso-subject-1",
                       "nonce": nonce, "exp": int(time.time()) + 300, "admin": True})
    world.minter.tokens["code"] = f"{head}.{forged}.{signature}"
    status, reply = await world.finish(state, "code")
    code, message = error_of(reply)
    assert (status, code) == (401, "sso_bad_signature")
    assert "could not be verified" in message and "Test Health Login" in message
    assert (await world.api.get("/api/me"))[0] == 401


async def test_a_wrong_nonce_is_refused(world: World) -> None:
    await _joined(world)
    state, _ = await begin(world.api, "test")
    world.minter.mint("code", nonce="a nonce from some other sign-in")
    status, reply = await world.finish(state, "code")
    code, message = error_of(reply)
    assert (status, code) == (401, "sso_wrong_nonce")
    assert "does not belong to the sign-in you started here" in message


async def test_a_token_for_another_service_is_refused(world: World) -> None:
    await _joined(world)
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code", nonce=nonce, aud="some-other-app")
    status, reply = await world.finish(state, "code")
    code, message = error_of(reply)
    assert (status, code) == (401, "sso_wrong_audience")
    assert "issued for another service" in message


async def test_an_expired_token_is_refused(world: World) -> None:
    await _joined(world)
    state, nonce = await begin(world.api, "test")
    long_ago = int(time.time()) - 3600
    world.minter.mint("code", nonce=nonce, iat=long_ago - 300, exp=long_ago)
    status, reply = await world.finish(state, "code")
    code, message = error_of(reply)
    assert (status, code) == (401, "sso_expired")
    assert "had expired" in message


async def test_a_replayed_state_is_refused(world: World) -> None:
    await _joined(world)
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code", nonce=nonce)
    assert (await world.finish(state, "code"))[0] == 200
    await world.api.post("/api/sign-out")
    world.minter.mint("code-again", nonce=nonce)
    status, reply = await world.finish(state, "code-again")
    code, message = error_of(reply)
    assert (status, code) == (400, "sso_state_unknown")
    assert "already been used or has expired" in message


async def test_a_callback_from_another_browser_is_refused(world: World) -> None:
    """A callback link handed to someone else (login CSRF) signs them in as nobody."""
    await _joined(world)
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code", nonce=nonce)
    victim = ApiClient(world.server.url)
    try:
        status, reply = await world.finish(state, "code", api=victim)
        assert (status, error_of(reply)[0]) == (400, "sso_other_browser")
    finally:
        await victim.close()


async def test_a_key_rotation_at_the_provider_is_followed(world: World) -> None:
    await _joined(world)
    reads = world.minter.jwks_reads
    new = world.minter.rotate()
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code", nonce=nonce, key=new)
    status, reply = await world.finish(state, "code")
    assert status == 200, reply
    assert world.minter.jwks_reads == reads + 1, "the new key was fetched once"
    # A token signed with a key the provider never published is still refused.
    await world.api.post("/api/sign-out")
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code", nonce=nonce, key=new_key("never-published"))
    status, reply = await world.finish(state, "code")
    assert (status, error_of(reply)[0]) == (401, "sso_bad_signature")


async def test_a_programme_that_requires_sso_refuses_passwords(world: World) -> None:
    svc = world.server.svc
    admin_link = await accounts.create_invitation(svc, OPERATOR, kind="admin")
    admin = ApiClient(world.server.url)
    tom = ApiClient(world.server.url)
    try:
        status, _ = await admin.post("/api/invitations/accept", {
            "token": accounts.token_from_link(admin_link), "username": "ada",
            "display_name": "Ada", "password": PASSWORD})
        status, _ = await tom.post("/api/invitations/accept", {
            "token": accounts.token_from_link(await world.invite()), "username": "tom",
            "display_name": "Tom", "password": PASSWORD})
        assert status == 200
        await tom.post("/api/sign-out")
        policy = f"/api/programmes/{world.programme}/sign-in-policy"
        status, reply = await tom.request("PUT", policy, {"require_sso": True})
        assert status == 401, "only an administrator sets it"
        status, reply = await admin.request("PUT", policy, {"require_sso": True})
        assert status == 200, reply
        status, reply = await tom.post("/api/sign-in", {"username": "tom", "password": PASSWORD})
        code, message = error_of(reply)
        assert (status, code) == (403, "sso_required")
        assert "single sign-on" in message
        # A wrong password still says only that it is wrong.
        status, reply = await tom.post("/api/sign-in", {"username": "tom", "password": "nope!"})
        assert error_of(reply)[0] == "bad_credentials"
        # New people of the programme cannot choose a password either.
        status, reply = await tom.post("/api/invitations/accept", {
            "token": accounts.token_from_link(await world.invite()), "username": "tara",
            "display_name": "Tara", "password": PASSWORD})
        assert (status, error_of(reply)[0]) == (403, "sso_required")
    finally:
        await admin.close()
        await tom.close()


async def test_failed_callbacks_meet_the_sign_in_throttle(world: World) -> None:
    await _joined(world)
    codes = []
    for i in range(6):
        state, _ = await begin(world.api, "test")
        world.minter.mint(f"code-{i}", nonce="wrong")
        _status, reply = await world.finish(state, f"code-{i}")
        codes.append(error_of(reply)[0])
    assert codes == ["sso_wrong_nonce"] * 5 + ["too_many_attempts"]


def jwt_part(claims: dict) -> str:  # type: ignore[type-arg]
    import base64
    import json
    raw = json.dumps(claims).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


async def test_signing_out_of_an_sso_sign_in_closes_its_sockets(world: World) -> None:
    from tests.support import SocketClient

    await _joined(world)
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code", nonce=nonce)
    assert (await world.finish(state, "code"))[0] == 200
    sock = SocketClient(world.server.url, world.api.cookie)
    await sock.connect()
    assert sock.sio.connected
    await world.api.post("/api/sign-out")
    await sock.wait_for(lambda: not sock.sio.connected)


async def test_a_signed_in_person_links_their_provider_account(world: World) -> None:
    """Tom has a password account; he links his provider's sign-in and then uses it."""
    status, _ = await world.api.post("/api/invitations/accept", {
        "token": accounts.token_from_link(await world.invite()), "username": "tom",
        "display_name": "Tom", "password": PASSWORD})
    assert status == 200
    state, nonce = await begin(world.api, "test", link=True)
    world.minter.mint("code", nonce=nonce, sub="toms-subject")
    status, reply = await world.finish(state, "code")
    assert status == 200, reply
    await world.api.post("/api/sign-out")
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code-2", nonce=nonce, sub="toms-subject")
    status, reply = await world.finish(state, "code-2")
    assert status == 200, reply
    status, me = await world.api.get("/api/me")
    assert me["data"]["user"]["display_name"] == "Tom"


async def test_a_token_from_another_issuer_is_refused(world: World) -> None:
    """Signed with the provider's own key but naming another issuer: refused all the same."""
    await _joined(world)
    state, nonce = await begin(world.api, "test")
    world.minter.mint("code", nonce=nonce, iss="https://login.example.org")
    status, reply = await world.finish(state, "code")
    assert (status, error_of(reply)[0]) == (401, "sso_wrong_issuer")
