"""The JSON API: invitations, sign-in, my groups, and the facilitator's and admin's forms."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from server import payloads, validate
from server.actions import accounts, groups, invitations, revoke, settings_form, sso
from server.errors import bad_request
from server.http import session
from server.http.client_address import client_address
from server.keys import SERVICES

MAX_BODY = 64 * 1024


async def body(request: web.Request, limit: int = MAX_BODY) -> dict[str, Any]:
    """The request's JSON object, or a clear error: never a stack trace for bad input."""
    if request.content_length is not None and request.content_length > limit:
        raise bad_request("The request is too large.", "too_large")
    raw = await request.content.read(limit + 1)
    if len(raw) > limit:
        raise bad_request("The request is too large.", "too_large")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[...
        raise bad_request("The request is not valid JSON.", "bad_json") from None
    if not isinstance(data, dict):
        raise bad_request("The request must be a JSON object.", "bad_payload")
    validate.json_input(data)
    return data


def reply(data: Any = None, status: int = 200) -> web.Response:
    return web.json_response({"ok": True, "data": data}, status=status)


def signed_in_reply(request: web.Request, token: str, who: accounts.SignedIn,
                    **extra: Any) -> web.Response:
    # second_factor: this sign-in waits for a passkey (docs/protocol.md, "Passkeys").
    response = reply({"user_id": who.user.id, "csrf_token": who.csrf_token,
                      **({"second_factor": True} if who.pending else {}), **extra})
    session.set_cookie(response, request, token)
    return response


async def invitation_info(request: web.Request) -> web.Response:
    # POST with the token in the body: tokens stay out of URLs, and so out of access logs.
    asked = payloads.parse(payloads.InvitationToken, await body(request))
    return reply(await accounts.describe_invitation(request.app[SERVICES], asked.token))


async def accept_invitation(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    data = payloads.parse(payloads.AcceptInvitation, await body(request))
    current = await session.current(request)
    user = await accounts.accept_invitation(
        svc, data.token, current_user=current.user if current else None,
        username=data.username, display_name=data.display_name, password=data.password,
    )
    if current is not None:
        return reply({"user_id": user.id, "csrf_token": current.csrf_token})
    cookie, who = await accounts.start_session(svc, user)
    return signed_in_reply(request, cookie, who)


async def sign_in(request: web.Request) -> web.Response:
    data = payloads.parse(payloads.SignIn, await body(request))
    cookie, who = await accounts.sign_in(
        request.app[SERVICES], data.username, data.password, client_address(request),
    )
    return signed_in_reply(request, cookie, who)


async def sign_out(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    token = session.token(request)
    # A single sign-on sign-in: the client offers the provider's own sign-out as well.
    end_session = await sso.end_session_url(svc, token) if token else None
    if token:
        user_id = await accounts.sign_out(svc, token)
        if user_id is not None:
            await revoke.close_sockets(svc, user_id, only=revoke.token_ref(token))
    response = reply({"end_session_url": end_session} if end_session else None)
    session.clear_cookie(response)
    return response


async def change_password(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    who = await session.required(request)
    this_sign_in = revoke.token_ref(session.token(request) or "")
    data = payloads.parse(payloads.ChangePassword, await body(request))
    cookie, renewed = await accounts.change_password(
        svc, who.user, data.current_password, data.new_password, client_address(request),
    )
    # Every other sign-in of this person has ended: close its sockets too. This browser's
    # sockets stay; they reconnect with the new cookie when they next need to.
    await revoke.close_sockets(svc, who.user.id, keep=this_sign_in)
    return signed_in_reply(request, cookie, renewed)


async def me(request: web.Request) -> web.Response:
    who = await session.required(request)
    overview = await groups.my_overview(request.app[SERVICES], who.user)
    # An account made through single sign-on has no password to change.
    has_password = await request.app[SERVICES].db.fetch_value(
        "SELECT password_hash != '' FROM users WHERE id = ?", (who.user.id,))
    return reply({**overview, "csrf_token": who.csrf_token, "has_password": bool(has_password)})


async def create_programme(request: web.Request) -> web.Response:
    who = await session.required(request)
    data = payloads.parse(payloads.NewProgramme, await body(request))
    programme_id = await groups.create_programme(request.app[SERVICES], who.user, data.name)
    return reply({"id": programme_id}, status=201)


async def create_group(request: web.Request) -> web.Response:
    who = await session.required(request)
    data = payloads.parse(payloads.NewGroup, await body(request))
    group_id = await groups.create_group(request.app[SERVICES], who.user, data.programme_id,
                                         data.name)
    return reply({"id": group_id}, status=201)


async def invite(request: web.Request) -> web.Response:
    who = await session.required(request)
    asked = payloads.parse(payloads.Invite, await body(request))
    made = await invitations.invite_to_group(request.app[SERVICES], who.user,
                                             request.match_info["group_id"], asked)
    return reply(made, status=201)


async def group_invitations(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await invitations.group_invitations(request.app[SERVICES], who.user,
                                                     request.match_info["group_id"]))


async def invite_lead(request: web.Request) -> web.Response:
    who = await session.required(request)
    asked = payloads.parse(payloads.InviteLead, await body(request))
    made = await invitations.invite_lead(request.app[SERVICES], who.user,
                                         request.match_info["programme_id"], asked)
    return reply(made, status=201)


async def lead_invitations(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await invitations.lead_invitations(request.app[SERVICES], who.user,
                                                    request.match_info["programme_id"]))


async def revoke_invitation(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await invitations.revoke(request.app[SERVICES], who.user,
                                          request.match_info["invitation_id"]))


async def open_session(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    who = await session.required(request)
    data = payloads.parse(payloads.OpenSession, await body(request))
    session_id = await groups.open_session(svc, who.user, request.match_info["group_id"],
                                           data.title)
    return reply({"id": session_id}, status=201)


async def session_summary(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await groups.session_summary(request.app[SERVICES], who.user,
                                              request.match_info["session_id"]))


async def group_settings(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await groups.view_settings(request.app[SERVICES], who.user,
                                            request.match_info["group_id"]))


async def change_group_settings(request: web.Request) -> web.Response:
    who = await session.required(request)
    settings = await groups.change_settings(request.app[SERVICES], who.user,
                                            request.match_info["group_id"],
                                            payloads.parse(payloads.GroupSettings,
                                                           await body(request)))
    return reply(settings)


async def group_settings_form(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await settings_form.group_form(request.app[SERVICES], who.user,
                                                request.match_info["group_id"]))


async def programme_settings_form(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await settings_form.programme_form(request.app[SERVICES], who.user,
                                                    request.match_info["programme_id"]))


async def retention_limits(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await groups.retention_limits(request.app[SERVICES], who.user,
                                               request.match_info["programme_id"]))


async def change_retention_limits(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await groups.change_retention_limits(
        request.app[SERVICES], who.user, request.match_info["programme_id"],
        payloads.parse(payloads.RetentionLimits, await body(request))))


def routes() -> list[web.RouteDef]:
    return [
        web.post("/api/invitations/info", invitation_info, name="invitation_info"),
        web.post("/api/invitations/accept", accept_invitation, name="accept_invitation"),
        web.post("/api/sign-in", sign_in, name="sign_in"),
        web.post("/api/sign-out", sign_out, name="sign_out"),
        web.post("/api/me/password", change_password, name="change_password"),
        web.get("/api/me", me, name="me"),
        web.post("/api/programmes", create_programme, name="create_programme"),
        web.post("/api/groups", create_group, name="create_group"),
        web.post("/api/groups/{group_id}/invitations", invite, name="invite"),
        web.get("/api/groups/{group_id}/invitations", group_invitations,
                name="group_invitations"),
        web.post("/api/programmes/{programme_id}/invitations", invite_lead, name="invite_lead"),
        web.get("/api/programmes/{programme_id}/invitations", lead_invitations,
                name="lead_invitations"),
        web.delete("/api/invitations/{invitation_id}", revoke_invitation,
                   name="revoke_invitation"),
        web.post("/api/groups/{group_id}/sessions", open_session, name="open_session"),
        web.get("/api/sessions/{session_id}", session_summary, name="session_summary"),
        web.get("/api/groups/{group_id}/settings", group_settings, name="group_settings"),
        web.put("/api/groups/{group_id}/settings", change_group_settings,
                name="change_group_settings"),
        web.get("/api/groups/{group_id}/settings-form", group_settings_form,
                name="group_settings_form"),
        web.get("/api/programmes/{programme_id}/settings-form", programme_settings_form,
                name="programme_settings_form"),
        web.get("/api/programmes/{programme_id}/retention-limits", retention_limits,
                name="retention_limits"),
        web.put("/api/programmes/{programme_id}/retention-limits", change_retention_limits,
                name="change_retention_limits"),
    ]
