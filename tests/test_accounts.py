"""Invitations, accounts, sign-in, sign-out and the CSRF and cookie rules around them."""

from __future__ import annotations

from typing import Any

import socketio

from server.actions import accounts
from server.permissions import OPERATOR
from tests.conftest import Cast, sign_up
from tests.support import PASSWORD, ApiClient, LiveServer


async def _group_invite(server: LiveServer, cast: Cast, role: str = "member") -> str:
    status, reply = await cast.facilitator.api.post(
        f"/api/groups/{cast.group_id}/invitations", {"role": role}
    )
    assert status == 201, reply
    return str(reply["data"]["link"])


async def test_invited_trainee_signs_up_and_sees_the_group(server: LiveServer, cast: Cast) -> None:
    """A trainee opens a facilitator's link, sets a name and password, and sees their group."""
    link = await _group_invite(server, cast)
    assert link.startswith(server.url + "/#/invite/")
    api = ApiClient(server.url)
    status, info = await api.post("/api/invitations/info",
                                  {"token": accounts.token_from_link(link)})
    assert status == 200 and info["data"]["group_name"] == "Tuesday Balint group"
    assert info["data"]["role"] == "member"
    person = await sign_up(server, link, "newbie", "Nadia")
    status, me = await person.api.get("/api/me")
    assert status == 200
    assert [g["name"] for g in me["data"]["groups"]] == ["Tuesday Balint group"]
    assert me["data"]["groups"][0]["sessions"][0]["state"] == "open"
    await api.close()
    await person.api.close()


async def test_a_pasted_link_or_a_token_with_a_line_ending_still_works(
        server: LiveServer, cast: Cast) -> None:
    """What a trainee pastes from an e-mail or a terminal: the whole link, or the token with a
    carriage return or spaces around it."""
    token = accounts.token_from_link(await _group_invite(server, cast))
    api = ApiClient(server.url)
    for pasted in (f"{token}\r", f"  {token}\r\n", f"{server.url}/#/invite/{token}\n"):
        status, info = await api.post("/api/invitations/info", {"token": pasted})
        assert status == 200, info
        assert info["data"]["group_name"] == "Tuesday Balint group"
    status, reply = await api.post("/api/invitations/accept", {
        "token": f"{token}\r\n", "username": "pasted", "display_name": "Pat Pasted",
        "password": PASSWORD})
    assert status == 200, reply
    status, reply = await api.post("/api/invitations/info", {"token": token})
    assert status == 410 and reply["error"]["code"] == "invite_used"
    await api.close()


async def test_cookie_is_httponly_and_strict(server: LiveServer, cast: Cast) -> None:
    api = ApiClient(server.url)
    async with api.http.post(server.url + "/api/sign-in",
                             json={"username": "tom", "password": PASSWORD}) as resp:
        header = resp.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Secure" not in header
    await api.close()


async def test_sign_in_and_wrong_password(server: LiveServer, cast: Cast) -> None:
    api = ApiClient(server.url)
    status, reply = await api.post("/api/sign-in", {"username": "tom", "password": "wrong one!"})
    assert status == 401 and reply["error"]["code"] == "bad_credentials"
    status, reply = await api.post("/api/sign-in", {"username": "nobody", "password": PASSWORD})
    assert status == 401 and reply["error"]["code"] == "bad_credentials"
    status, reply = await api.post("/api/sign-in", {"username": "TOM", "password": PASSWORD})
    assert status == 200, reply
    status, me = await api.get("/api/me")
    assert me["data"]["user"]["display_name"] == "Tom"
    await api.close()


async def test_reused_invitation_is_refused(server: LiveServer, cast: Cast) -> None:
    link = await _group_invite(server, cast)
    first = await sign_up(server, link, "first", "First")
    api = ApiClient(server.url)
    status, reply = await api.post("/api/invitations/accept", {
        "token": accounts.token_from_link(link), "username": "second",
        "display_name": "Second", "password": PASSWORD})
    assert status == 410 and reply["error"]["code"] == "invite_used"
    await api.close()
    await first.api.close()


async def test_expired_invitation_is_refused(server: LiveServer, cast: Cast) -> None:
    link = await _group_invite(server, cast)
    server.clock.advance(server.config.invite_seconds + 1)
    api = ApiClient(server.url)
    token = accounts.token_from_link(link)
    status, reply = await api.post("/api/invitations/info", {"token": token})
    assert status == 410 and reply["error"]["code"] == "invite_expired"
    status, reply = await api.post("/api/invitations/accept", {
        "token": token, "username": "late", "display_name": "Late", "password": PASSWORD})
    assert status == 410 and reply["error"]["code"] == "invite_expired"
    status, reply = await api.post("/api/invitations/info", {"token": "made-up"})
    assert status == 404 and reply["error"]["code"] == "invite_unknown"
    await api.close()


async def test_bad_sign_up_fields_get_clear_errors(server: LiveServer, cast: Cast) -> None:
    token = accounts.token_from_link(await _group_invite(server, cast))
    api = ApiClient(server.url)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"username": "x", "display_name": "X", "password": PASSWORD}, "bad_username"),
        ({"username": "tom", "display_name": "X", "password": PASSWORD}, "username_taken"),
        ({"username": "okname", "display_name": " ", "password": PASSWORD}, "empty_text"),
        ({"username": "okname", "display_name": "X", "password": "short"}, "weak_password"),
        ({"username": "okname", "display_name": "a\x00b", "password": PASSWORD}, "bad_text"),
        ({"username": 5, "display_name": "X", "password": PASSWORD}, "bad_payload"),
    ]
    for fields, code in cases:
        status, reply = await api.post("/api/invitations/accept", {"token": token, **fields})
        assert status in (400, 409) and reply["error"]["code"] == code, (fields, reply)
        assert reply["error"]["message"]
    # The invitation survives every failed attempt.
    status, _ = await api.post("/api/invitations/info", {"token": token})
    assert status == 200
    async with api.http.post(server.url + "/api/sign-in", data=b"{not json") as resp:
        assert resp.status == 400 and (await resp.json())["error"]["code"] == "bad_json"
    await api.close()


async def test_signed_in_member_accepts_second_group(server: LiveServer, cast: Cast) -> None:
    link = await accounts.create_invitation(server.svc, OPERATOR, kind="group",
                                            group_id=cast.other_group_id, role="member")
    status, reply = await cast.trainee.api.post(
        "/api/invitations/accept", {"token": accounts.token_from_link(link)})
    assert status == 200, reply
    _, me = await cast.trainee.api.get("/api/me")
    assert len(me["data"]["groups"]) == 2


async def test_csrf_token_and_origin_are_required(server: LiveServer, cast: Cast) -> None:
    api = cast.facilitator.api
    path = f"/api/groups/{cast.group_id}/invitations"
    real = api.csrf
    api.csrf = ""
    status, reply = await api.post(path, {"role": "member"})
    assert status == 403 and reply["error"]["code"] == "bad_csrf"
    api.csrf = real
    status, reply = await api.post(path, {"role": "member"},
                                   headers={"Origin": "https://evil.example"})
    assert status == 403 and reply["error"]["code"] == "bad_origin"
    status, reply = await api.post(path, {"role": "member"}, headers={"Origin": server.url})
    assert status == 201


async def test_sign_out_ends_the_session(server: LiveServer, cast: Cast) -> None:
    api = cast.trainee.api
    cookie = api.cookie()
    status, _ = await api.post("/api/sign-out")
    assert status == 200
    status, reply = await api.get("/api/me")
    assert status == 401 and reply["error"]["code"] == "not_signed_in"
    # The old cookie no longer opens a socket either.
    refusal = await _refused_connect(server, {"Cookie": f"balint_session={cookie}"})
    assert refusal["code"] == "not_signed_in"


async def _refused_connect(server: LiveServer, headers: dict[str, str]) -> dict[str, Any]:
    client = socketio.AsyncClient(reconnection=False)
    refused: list[dict[str, Any]] = []
    client.on("connect_error", lambda data: refused.append(data))
    try:
        await client.connect(server.url, transports=["websocket"], headers=headers,
                             wait_timeout=5)
        raise AssertionError("the socket connected")
    except socketio.exceptions.ConnectionError:
        pass
    assert len(refused) == 1, refused
    return refused[0]["data"]


async def test_socket_without_cookie_is_refused_with_a_message(server: LiveServer) -> None:
    refusal = await _refused_connect(server, {})
    assert refusal["code"] == "not_signed_in"
    assert "sign in" in refusal["message"]


async def test_member_and_admin_permissions_over_http(server: LiveServer, cast: Cast) -> None:
    """Trainees cannot invite or open sessions; only administrators create programmes."""
    path = f"/api/groups/{cast.group_id}"
    status, reply = await cast.trainee.api.post(path + "/invitations", {"role": "member"})
    assert status == 403 and reply["error"]["code"] == "facilitators_only"
    status, reply = await cast.outsider.api.post(path + "/sessions", {"title": "x"})
    assert status == 403 and reply["error"]["code"] == "not_a_member"
    status, reply = await cast.lead.api.post(path + "/sessions", {"title": "x"})
    assert status == 403 and reply["error"]["code"] == "lead_not_in_rooms"
    status, reply = await cast.facilitator.api.post("/api/programmes", {"name": "Mine"})
    assert status == 403 and reply["error"]["code"] == "administrators_only"
    status, reply = await cast.admin.api.post("/api/programmes", {"name": "South"})
    assert status == 201
    status, reply = await cast.admin.api.post(
        "/api/groups", {"programme_id": reply["data"]["id"], "name": "Monday group"})
    assert status == 201
    status, reply = await cast.admin.api.post(path + "/invitations", {"role": "boss"})
    assert status == 400 and reply["error"]["code"] == "bad_role"
