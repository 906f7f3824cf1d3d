"""Single sign-on over HTTP: the providers on offer, starting at one, finishing when the
browser comes back, and an administrator's sign-in policy for a programme.

The provider sends the browser back to /sso/callback, which is the page itself: the client
reads `state` and `code` from the address and posts them to /api/sso/finish, so a refusal
arrives as our usual JSON error with its words, and the sign-in cookie is set on a same-origin
request. The cookie binding the sign-in to this browser is HttpOnly and SameSite=Strict.
"""

from __future__ import annotations

from aiohttp import web

from server import ids, payloads
from server.actions import sso
from server.errors import AppError
from server.http import pages, session
from server.http.api import body, reply, signed_in_reply
from server.http.client_address import client_address
from server.keys import SERVICES

BROWSER_COOKIE = "balint_sso"


async def providers(request: web.Request) -> web.Response:
    return reply({"providers": sso.providers(request.app[SERVICES])})


async def start(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    asked = payloads.parse(payloads.SsoStart, await body(request))
    current = await session.current(request)
    if asked.link and current is None:
        raise AppError("not_signed_in", "Please sign in to continue.", 401)
    browser = ids.new_token()
    url = await sso.begin(svc, request.match_info["provider"], browser=browser,
                          invite_token=asked.invitation,
                          link_user=current.user if asked.link and current else None)
    response = reply({"url": url})
    response.set_cookie(BROWSER_COOKIE, browser, max_age=sso.PENDING_SECONDS, path="/api/sso",
                        httponly=True, samesite="Strict",
                        secure=svc.config.secure_cookies or request.secure)
    return response


async def finish(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    back = payloads.parse(payloads.SsoFinish, await body(request))
    if back.error:
        # The person pressed Cancel at the provider, or it refused them there.
        raise AppError("sso_cancelled", "Single sign-on did not finish at your organisation's "
                       "sign-in page, so you are not signed in. You can try again.", 401)
    done = await sso.finish(svc, state=back.state, code=back.code,
                            browser=request.cookies.get(BROWSER_COOKIE, ""),
                            address=client_address(request))
    response = signed_in_reply(request, done.cookie, done.signed_in, landing=done.landing)
    response.del_cookie(BROWSER_COOKIE, path="/api/sso")
    return response


async def sign_in_policy(request: web.Request) -> web.Response:
    who = await session.required(request)
    asked = payloads.parse(payloads.SignInPolicy, await body(request))
    return reply(await sso.set_programme_policy(
        request.app[SERVICES], who.user, request.match_info["programme_id"],
        require_sso=asked.require_sso, staff_second_factor=asked.staff_second_factor))


async def view_sign_in_policy(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await sso.programme_policy(request.app[SERVICES], who.user,
                                            request.match_info["programme_id"]))


def routes() -> list[web.RouteDef]:
    return [
        web.get("/sso/callback", pages.index, name="sso_callback"),
        web.get("/api/sso/providers", providers, name="sso_providers"),
        web.post("/api/sso/{provider}/start", start, name="sso_start"),
        web.post("/api/sso/finish", finish, name="sso_finish"),
        web.get("/api/programmes/{programme_id}/sign-in-policy", view_sign_in_policy,
                name="view_sign_in_policy"),
        web.put("/api/programmes/{programme_id}/sign-in-policy", sign_in_policy,
                name="sign_in_policy"),
    ]
