"""The second-factor step over HTTP (issue 24): a sign-in waiting for its passkey reaches
nothing else, sockets included; a one-time recovery code completes it once.

Registering and using passkeys themselves need an authenticator: tests/browser/test_passkeys.py
does that with Chromium's virtual ones.
"""

from __future__ import annotations

import pytest
import socketio

from server.actions import passkeys, sso
from server.actions.accounts import User
from server.permissions import OPERATOR
from tests.conftest import Cast
from tests.support import PASSWORD, ApiClient


async def test_a_recovery_code_completes_the_second_factor_once(cast: Cast) -> None:
    svc = cast.server.svc
    await sso.set_programme_policy(svc, OPERATOR, cast.programme_id, require_sso=False,
                                   staff_second_factor=True)
    fiona = User(cast.facilitator.user_id, "fiona", "Fiona", False)
    codes = await passkeys.new_recovery_codes(svc, fiona)
    browser = ApiClient(cast.server.url)
    try:
        status, reply = await browser.post("/api/sign-in", {"username": "fiona",
                                                            "password": PASSWORD})
        assert status == 200 and reply["data"]["second_factor"] is True, reply
        # Half signed in: the API and the sockets do not know her yet.
        assert (await browser.get("/api/me"))[0] == 401
        sio = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await sio.connect(cast.server.url, transports=["websocket"],
                              headers={"Cookie": f"balint_session={browser.cookie()}"})
        status, reply = await browser.post("/api/passkeys/second-factor",
                                           {"recovery_code": "WRON-GCOD-E000"})
        assert (status, reply["error"]["code"]) == (401, "recovery_code_wrong")
        status, reply = await browser.post("/api/passkeys/second-factor",
                                           {"recovery_code": codes[0].lower()})
        assert status == 200, reply
        status, me = await browser.get("/api/me")
        assert status == 200 and me["data"]["user"]["display_name"] == "Fiona"
        # The same code a second time, in a new sign-in: refused.
        await browser.post("/api/sign-out")
        await browser.post("/api/sign-in", {"username": "fiona", "password": PASSWORD})
        status, reply = await browser.post("/api/passkeys/second-factor",
                                           {"recovery_code": codes[0]})
        assert (status, reply["error"]["code"]) == (401, "recovery_code_wrong")
        status, listed = await browser.get("/api/passkeys")
        assert listed["data"]["recovery_codes_left"] == 7
    finally:
        await browser.close()


async def test_members_are_not_asked_for_a_second_factor(cast: Cast) -> None:
    await sso.set_programme_policy(cast.server.svc, OPERATOR, cast.programme_id,
                                   require_sso=False, staff_second_factor=True)
    status, reply = await cast.trainee.api.post("/api/sign-in", {"username": "tom",
                                                                 "password": PASSWORD})
    assert status == 200 and "second_factor" not in reply["data"]
    assert (await cast.trainee.api.get("/api/me"))[0] == 200


async def test_a_passkey_answer_to_an_unknown_challenge_is_refused(cast: Cast) -> None:
    """A replayed or invented answer never reaches the signature check."""
    anyone = ApiClient(cast.server.url)
    try:
        status, options = await anyone.post("/api/passkeys/sign-in-options")
        assert options["data"]["userVerification"] == "required"
        assert options["data"]["rpId"] == "127.0.0.1"
        client_data = '{"type":"webauthn.get","challenge":"bm90LW91cnM","origin":"x"}'
        import base64
        encoded = base64.urlsafe_b64encode(client_data.encode()).rstrip(b"=").decode()
        status, reply = await anyone.post("/api/passkeys/sign-in", {"credential": {
            "id": "AAAA", "rawId": "AAAA", "type": "public-key",
            "response": {"clientDataJSON": encoded, "authenticatorData": "", "signature": ""}}})
        assert (status, reply["error"]["code"]) == (400, "passkey_challenge_unknown")
    finally:
        await anyone.close()
