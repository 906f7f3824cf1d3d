"""Passkeys over HTTP: the settings screen's list, registering, naming and removing; signing in
with a passkey; the second-factor step; recovery codes.

A sign-in waiting for its second factor is not "signed in" to the rest of the API (nor to the
sockets): only the endpoints here that say so take it, and check its CSRF token themselves,
since the middleware's check sees no sign-in.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from server import payloads
from server.actions import accounts, passkeys, revoke
from server.errors import AppError, not_signed_in
from server.http import session
from server.http.api import body, reply, signed_in_reply
from server.http.client_address import client_address
from server.keys import SERVICES
from server.passwords import constant_time_equal


async def _pending_or_signed_in(request: web.Request) -> accounts.SignedIn:
    """The sign-in, complete or waiting for its second factor (its CSRF token checked)."""
    who = await accounts.resolve_session(request.app[SERVICES], session.token(request),
                                         pending=True)
    if who is None:
        raise not_signed_in()
    sent = request.headers.get("X-CSRF-Token", "")
    if who.pending and request.method != "GET" and not constant_time_equal(sent,
                                                                           who.csrf_token):
        raise AppError("bad_csrf", "Please reload the page and try again.", 403)
    return who


async def _may_register(request: web.Request) -> accounts.SignedIn:
    """Signed in; or waiting for a second factor with no passkey yet (registering the first
    is how such a person meets the requirement)."""
    who = await _pending_or_signed_in(request)
    if who.pending and (await passkeys.list_passkeys(request.app[SERVICES], who.user))["passkeys"]:
        raise AppError("second_factor_needed", "Confirm it is you with one of your passkeys "
                       "first.", 403)
    return who


async def list_mine(request: web.Request) -> web.Response:
    who = await _pending_or_signed_in(request)
    return reply(await passkeys.list_passkeys(request.app[SERVICES], who.user))


async def registration_options(request: web.Request) -> web.Response:
    who = await _may_register(request)
    return reply(await passkeys.registration_options(request.app[SERVICES], who.user))


async def register(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    who = await _may_register(request)
    data = payloads.parse(payloads.NewPasskey, await body(request))
    made = await passkeys.register(svc, who.user, data.credential, data.name)
    await passkeys.first_passkey_completes(svc, session.token(request) or "", who)
    return reply(made, status=201)


async def rename(request: web.Request) -> web.Response:
    who = await session.required(request)
    data = payloads.parse(payloads.PasskeyName, await body(request))
    await passkeys.rename(request.app[SERVICES], who.user, request.match_info["passkey_id"],
                          data.name)
    return reply()


async def remove(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    who = await session.required(request)
    token = session.token(request) or ""
    await passkeys.remove(svc, who.user, request.match_info["passkey_id"], token)
    # Every other sign-in of this person has ended: their sockets close too.
    await revoke.close_sockets(svc, who.user.id, keep=revoke.token_ref(token))
    return reply()


async def sign_in_options(request: web.Request) -> web.Response:
    return reply(await passkeys.authentication_options(request.app[SERVICES], "sign_in"))


async def sign_in(request: web.Request) -> web.Response:
    data = payloads.parse(payloads.PasskeyAnswer, await body(request))
    cookie, who = await passkeys.sign_in(request.app[SERVICES], data.credential,
                                         client_address(request))
    return signed_in_reply(request, cookie, who)


async def second_factor_options(request: web.Request) -> web.Response:
    who = await _pending_or_signed_in(request)
    return reply(await passkeys.authentication_options(request.app[SERVICES], "second_factor",
                                                       who.user))


async def second_factor(request: web.Request) -> web.Response:
    who = await _pending_or_signed_in(request)
    data = payloads.parse(payloads.SecondFactor, await body(request))
    await passkeys.complete_second_factor(
        request.app[SERVICES], session.token(request) or "", who,
        credential=data.credential, recovery_code=data.recovery_code,
        address=client_address(request))
    return reply({"user_id": who.user.id, "csrf_token": who.csrf_token})


async def recovery_codes(request: web.Request) -> web.Response:
    who = await session.required(request)
    codes: list[str] = await passkeys.new_recovery_codes(request.app[SERVICES], who.user)
    data: dict[str, Any] = {"recovery_codes": codes}
    return reply(data, status=201)


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/passkeys", list_mine, name="passkeys"),
        web.post("/api/passkeys/registration-options", registration_options,
                 name="passkey_registration_options"),
        web.post("/api/passkeys", register, name="passkey_register"),
        web.patch("/api/passkeys/{passkey_id}", rename, name="passkey_rename"),
        web.delete("/api/passkeys/{passkey_id}", remove, name="passkey_remove"),
        web.post("/api/passkeys/sign-in-options", sign_in_options,
                 name="passkey_sign_in_options"),
        web.post("/api/passkeys/sign-in", sign_in, name="passkey_sign_in"),
        web.post("/api/passkeys/second-factor-options", second_factor_options,
                 name="passkey_second_factor_options"),
        web.post("/api/passkeys/second-factor", second_factor, name="passkey_second_factor"),
        web.post("/api/recovery-codes", recovery_codes, name="recovery_codes"),
    ]
