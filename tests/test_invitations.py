"""Open invitations as their senders see them (several at once, role, who for, expiry, revoke),
and the programme lead's invitation from the HTTP API and the console."""

from __future__ import annotations

import asyncio

from server import cli
from server.actions import accounts
from tests.conftest import Cast, sign_up
from tests.support import ApiClient, LiveServer


async def test_several_open_invitations_are_listed_and_one_can_be_revoked(
        server: LiveServer, cast: Cast) -> None:
    """Fiona makes a member link for Sam and a co-facilitator link; both stay listed with role,
    label and expiry. She revokes Sam's; its link then says kindly that it was withdrawn."""
    path = f"/api/groups/{cast.group_id}/invitations"
    api = cast.facilitator.api
    status, made = await api.post(path, {"role": "member", "label": "Sam (ST2)"})
    assert status == 201, made
    sam = made["data"]
    assert sam["link"].startswith(server.url + "/#/invite/")
    assert sam["invitation"]["label"] == "Sam (ST2)" and sam["invitation"]["role"] == "member"
    status, made = await api.post(path, {"role": "facilitator"})
    co = made["data"]
    status, listed = await api.get(path)
    assert status == 200
    rows = listed["data"]
    assert [r["id"] for r in rows] == [co["invitation"]["id"], sam["invitation"]["id"]]
    assert rows[1]["expires_at"] == rows[1]["created_at"] + server.config.invite_seconds
    assert rows[0]["label"] is None and rows[0]["role"] == "facilitator"
    assert rows[0]["created_by"] == cast.facilitator.display_name
    assert all("link" not in r and "token" not in r for r in rows)

    status, reply = await cast.trainee.api.request("DELETE", f"/api/invitations/{rows[1]['id']}")
    assert status == 403 and reply["error"]["code"] == "facilitators_only"
    status, reply = await api.request("DELETE", f"/api/invitations/{rows[1]['id']}")
    assert status == 200, reply
    status, listed = await api.get(path)
    assert [r["id"] for r in listed["data"]] == [co["invitation"]["id"]]

    stranger = ApiClient(server.url)
    token = accounts.token_from_link(sam["link"])
    status, reply = await stranger.post("/api/invitations/info", {"token": token})
    assert status == 410 and reply["error"]["code"] == "invite_revoked"
    assert "withdrawn" in reply["error"]["message"]
    status, reply = await stranger.post("/api/invitations/accept", {
        "token": token, "username": "sam", "display_name": "Sam", "password": "a" * 12})
    assert status == 410 and reply["error"]["code"] == "invite_revoked"
    await stranger.close()

    # A used link leaves the list, and cannot be revoked any more.
    person = await sign_up(server, co["link"], "cofi", "Chris")
    status, listed = await api.get(path)
    assert listed["data"] == []
    status, reply = await api.request("DELETE", f"/api/invitations/{co['invitation']['id']}")
    assert status == 409 and reply["error"]["code"] == "invite_used"
    _, me = await person.api.get("/api/me")
    assert me["data"]["groups"][0]["role"] == "facilitator"
    await person.api.close()


async def test_expired_invitations_leave_the_list(server: LiveServer, cast: Cast) -> None:
    path = f"/api/groups/{cast.group_id}/invitations"
    await cast.facilitator.api.post(path, {"role": "member"})
    # Seven days on, every sign-in has lapsed too: age the invitation instead of the clock.
    await server.svc.db.execute_write("UPDATE invitations SET expires_at = ?",
                                      (server.clock.now() - 1,))
    _, listed = await cast.facilitator.api.get(path)
    assert listed["data"] == []
    status, _ = await cast.trainee.api.get(path)
    assert status == 403


async def test_admin_invites_a_programme_lead_who_sees_the_programme(
        server: LiveServer, cast: Cast) -> None:
    path = f"/api/programmes/{cast.programme_id}/invitations"
    status, reply = await cast.facilitator.api.post(path, {})
    assert status == 403 and reply["error"]["code"] == "administrators_only"
    status, reply = await cast.lead.api.post(path, {})
    assert status == 403
    status, made = await cast.admin.api.post(path, {"label": "Dr Okafor, TPD"})
    assert status == 201, made
    link = made["data"]["link"]
    _, listed = await cast.admin.api.get(path)
    assert [r["label"] for r in listed["data"]] == ["Dr Okafor, TPD"]
    assert listed["data"][0]["kind"] == "lead"
    stranger = ApiClient(server.url)
    _, info = await stranger.post("/api/invitations/info",
                                  {"token": accounts.token_from_link(link)})
    assert info["data"]["kind"] == "lead"
    assert info["data"]["programme_id"] == cast.programme_id
    await stranger.close()
    lead = await sign_up(server, link, "okafor", "Ada Okafor")
    _, me = await lead.api.get("/api/me")
    assert [p["id"] for p in me["data"]["leads"]] == [cast.programme_id]
    status, _ = await lead.api.get(f"/api/programmes/{cast.programme_id}/attendance")
    assert status == 200
    await lead.api.close()
    status, reply = await cast.admin.api.post("/api/programmes/nope/invitations", {})
    assert status == 404 and reply["error"]["code"] == "programme_unknown"


async def test_cli_invites_a_lead(server: LiveServer, cast: Cast, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """`balint invite --lead --programme ID` prints a link that makes its taker the lead."""
    monkeypatch.setenv("BALINT_DATA_DIR", str(server.config.data_dir))
    code = await asyncio.to_thread(cli.main, ["invite", "--lead", "--programme", cast.programme_id])
    assert code == 0
    link = capsys.readouterr().out.strip()
    lead = await sign_up(server, link, "lena2", "Lena")
    _, me = await lead.api.get("/api/me")
    assert [p["id"] for p in me["data"]["leads"]] == [cast.programme_id]
    await lead.api.close()
    code = await asyncio.to_thread(cli.main, ["invite", "--lead"])
    assert code == 1
    assert "--programme" in capsys.readouterr().err
