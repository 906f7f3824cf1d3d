"""Single sign-on: begin a sign-in at an OpenID provider, finish it when the browser returns,
link the identity (issuer + subject) to an account, and the programme's SSO requirement.

A begun sign-in is kept server-side (`sso_pending`), keyed by the hash of its `state`, single
use and ten minutes long, and bound to the browser that began it by a cookie whose hash it
keeps: a callback link handed to someone else signs nobody in. Failed callbacks count against
the same sign-in throttle as wrong passwords; a successful one gives its count back.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiosqlite

from server import ids, validate
from server.actions import accounts
from server.actions.roles import Actor, admin_roles
from server.errors import AppError
from server.keys import Services
from server.permissions import Action, check

log = logging.getLogger("balint.sso")

PENDING_SECONDS = 10 * 60
CALLBACK_PATH = "/sso/callback"


@dataclass(frozen=True)
class Finished:
    cookie: str
    signed_in: accounts.SignedIn
    landing: str  # where the browser goes next, as the client's route ("#/")


def providers(svc: Services) -> list[dict[str, str]]:
    return [{"id": p.id, "name": p.name} for p in svc.config.oidc]


def redirect_uri(svc: Services) -> str:
    return svc.config.base_url + CALLBACK_PATH


async def begin(svc: Services, provider_id: str, *, browser: str, invite_token: str | None,
                link_user: accounts.User | None) -> str:
    """Keep a pending sign-in and return the provider's authorization URL to send the browser
    to. An invitation is checked now, so its refusal is shown before the trip to the provider."""
    client = svc.oidc.get(provider_id)
    invite_hash = None
    if invite_token:
        token = accounts.token_from_link(invite_token)
        await accounts.usable_invitation_hashed(svc, ids.token_hash(token))
        invite_hash = ids.token_hash(token)
    state, nonce, verifier = ids.new_token(), ids.new_token(), secrets.token_urlsafe(48)
    url = await client.authorization_url(redirect_uri=redirect_uri(svc), state=state,
                                         nonce=nonce, verifier=verifier)
    now = svc.clock.now()
    await svc.db.execute_write(
        "INSERT INTO sso_pending (state_hash, browser_hash, provider, nonce, code_verifier,"
        " invite_hash, link_user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ids.token_hash(state), ids.token_hash(browser), provider_id, nonce, verifier,
         invite_hash, link_user.id if link_user else None, now, now + PENDING_SECONDS),
    )
    return url


async def _take_pending(svc: Services, state: str, browser: str) -> aiosqlite.Row:
    """The pending sign-in for this `state`, deleted as it is read: a second use finds nothing."""
    async with svc.db.write() as conn:
        async with conn.execute("DELETE FROM sso_pending WHERE state_hash = ? RETURNING *",
                                (ids.token_hash(state),)) as cur:
            row = await cur.fetchone()
        await conn.execute("DELETE FROM sso_pending WHERE expires_at <= ?", (svc.clock.now(),))
    if row is None or row["expires_at"] <= svc.clock.now():
        raise AppError("sso_state_unknown", "This sign-in has already been used or has "
                       "expired, so it was refused. Please start again from the sign-in "
                       "page.", 400)
    if not secrets.compare_digest(bytes(row["browser_hash"]), ids.token_hash(browser)):
        raise AppError("sso_other_browser", "This sign-in was started in another browser (or "
                       "this browser's cookies were cleared on the way), so it was refused. "
                       "Please start again here.", 400)
    return row


async def finish(svc: Services, *, state: str, code: str, browser: str,
                 address: str) -> Finished:
    """The browser is back from the provider: check everything, then sign in."""
    reservation = await svc.throttles.reserve_check(f"(single sign-on) {address}", address,
                                                    svc.clock.now(), what="failed sign-ins")
    pending = await _take_pending(svc, state, browser)
    client = svc.oidc.get(pending["provider"])
    id_token = await client.exchange(code=code, verifier=pending["code_verifier"],
                                     redirect_uri=redirect_uri(svc))
    claims = await client.verify(id_token, nonce=pending["nonce"], now=svc.clock.now())
    issuer, subject = str(claims["iss"]), str(claims["sub"])  # iss: checked to be the provider
    user, landing = await _account_for(svc, pending, issuer, subject, claims)
    await svc.throttles.password_right(reservation)
    cookie, signed_in = await accounts.start_session(svc, user, method="sso",
                                                     provider=client.provider.id)
    log.info("event=sso_signed_in provider=%s", client.provider.id)
    return Finished(cookie, signed_in, landing)


async def _linked_user(svc: Services, issuer: str, subject: str) -> accounts.User | None:
    row = await svc.db.fetch_one(
        "SELECT u.* FROM sso_identities i JOIN users u ON u.id = i.user_id"
        " WHERE i.issuer = ? AND i.subject = ?", (issuer, subject))
    return None if row is None else accounts.User(row["id"], row["username"],
                                                  row["display_name"], bool(row["is_admin"]))


def _link(issuer: str, subject: str, now: float) -> Any:
    async def link(conn: aiosqlite.Connection, user: accounts.User) -> None:
        await conn.execute(
            "INSERT OR IGNORE INTO sso_identities (issuer, subject, user_id, created_at)"
            " VALUES (?, ?, ?, ?)", (issuer, subject, user.id, now))
    return link


async def _account_for(svc: Services, pending: aiosqlite.Row, issuer: str, subject: str,
                       claims: dict[str, Any]) -> tuple[accounts.User, str]:
    """Whose account this identity opens, linking it where the sign-in was begun to link."""
    linked = await _linked_user(svc, issuer, subject)
    now = svc.clock.now()
    if pending["link_user_id"] is not None:
        if linked is not None and linked.id != pending["link_user_id"]:
            raise AppError("sso_identity_taken", "That single sign-on account is already "
                           "linked to another Balint Rooms account.", 409)
        row = await svc.db.fetch_one("SELECT * FROM users WHERE id = ?",
                                     (pending["link_user_id"],))
        if row is None:
            raise AppError("not_signed_in", "Please sign in to continue.", 401)
        user = accounts.User(row["id"], row["username"], row["display_name"],
                             bool(row["is_admin"]))
        async with svc.db.write() as conn:
            await _link(issuer, subject, now)(conn, user)
        return user, "#/"
    if pending["invite_hash"] is not None:
        invite = await accounts.usable_invitation_hashed(svc, bytes(pending["invite_hash"]))
        new = None if linked else (f"sso-{secrets.token_hex(6)}", _display_name(claims), "")
        user = await accounts.accept_hashed(svc, bytes(pending["invite_hash"]),
                                            current_user=linked, new_account=new,
                                            also=_link(issuer, subject, now))
        programme = invite["programme_id"] or invite["group_programme_id"]
        lead = invite["kind"] == "lead" and programme
        return user, f"#/lead/{programme}" if lead else "#/"
    if linked is None:
        raise AppError("sso_not_linked", "No Balint Rooms account uses this sign-in yet. Open "
                       "the invitation link you were sent and choose to accept it with single "
                       "sign-on; or sign in with your password and link it on the Passkeys "
                       "page.", 403)
    return linked, "#/"


def _display_name(claims: dict[str, Any]) -> str:
    for key in ("given_name", "name", "preferred_username"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            try:
                return validate.clean_text(value.strip()[:60], "display name", 60)
            except AppError:
                continue
    return "New member"


async def end_session_url(svc: Services, token: str) -> str | None:
    """The provider's end-session page for a sign-in that came through it (None otherwise),
    with our home page to come back to."""
    provider_id = await svc.db.fetch_value(
        "SELECT provider FROM auth_sessions WHERE token_hash = ? AND method = 'sso'",
        (ids.token_hash(token),))
    if not provider_id:
        return None
    try:
        client = svc.oidc.get(str(provider_id))
        endpoint = (await client.discovery()).end_session_endpoint
    except AppError:
        return None
    if not endpoint:
        return None
    query = urlencode({"client_id": client.provider.client_id,
                       "post_logout_redirect_uri": svc.config.base_url + "/"})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


async def programme_policy(svc: Services, actor: Actor, programme_id: str) -> dict[str, Any]:
    check(admin_roles(actor), Action.MANAGE_PROGRAMMES)
    row = await svc.db.fetch_one(
        "SELECT require_sso, staff_second_factor FROM programmes WHERE id = ?", (programme_id,))
    if row is None:
        raise AppError("programme_unknown", "There is no such programme.", 404)
    return {"require_sso": bool(row["require_sso"]),
            "staff_second_factor": bool(row["staff_second_factor"]),
            "providers": providers(svc)}


async def set_programme_policy(svc: Services, actor: Actor, programme_id: str, *,
                               require_sso: bool, staff_second_factor: bool) -> dict[str, bool]:
    """An administrator's choice: single sign-on only, and passkeys for staff, per programme."""
    check(admin_roles(actor), Action.MANAGE_PROGRAMMES)
    if require_sso and not svc.config.oidc:
        raise AppError("sso_not_configured", "This server has no single sign-on provider "
                       "configured, so it cannot require one.", 400)
    async with svc.db.write() as conn:
        async with conn.execute(
            "UPDATE programmes SET require_sso = ?, staff_second_factor = ? WHERE id = ?"
            " RETURNING id", (int(require_sso), int(staff_second_factor), programme_id)) as cur:
            if await cur.fetchone() is None:
                raise AppError("programme_unknown", "There is no such programme.", 404)
    return {"require_sso": require_sso, "staff_second_factor": staff_second_factor}
