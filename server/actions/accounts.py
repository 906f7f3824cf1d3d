"""Invitations, accounts, sign-in, sign-out and password changes."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache

import aiosqlite

from server import ids, passwords, validate
from server.actions.roles import Actor, admin_roles, group_roles, person_id
from server.errors import AppError, bad_request
from server.keys import Services
from server.permissions import Action, check

ROLES = ("member", "facilitator")


@dataclass(frozen=True)
class User:
    id: str
    username: str
    display_name: str
    is_admin: bool


@dataclass(frozen=True)
class SignedIn:
    user: User
    csrf_token: str
    # Signed in by password or single sign-on where the programme asks its staff for a
    # passkey too: this sign-in reaches nothing but the second-factor step until then.
    pending: bool = False


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["username"], row["display_name"], bool(row["is_admin"]))


@lru_cache(maxsize=4)
def _dummy_hash(n: int) -> str:
    return passwords.dummy_hash(n)


async def create_invitation(
    svc: Services,
    actor: Actor,
    *,
    kind: str,
    group_id: str | None = None,
    programme_id: str | None = None,
    role: str | None = None,
    label: str | None = None,
) -> str:
    """Store a single-use invitation and return its link. Only the token's hash is kept.

    `label` is the inviter's own reminder of who the link is for ("Dr Patel"); only people who
    may invite to the group see it, in the list of open invitations.

    Into a group: whoever may invite members to it. A programme lead or an administrator:
    administrators (and the console's operator) only."""
    if kind == "group":
        check(await group_roles(svc, actor, group_id or ""), Action.INVITE_MEMBER)
    else:
        check(admin_roles(actor), Action.MANAGE_PROGRAMMES)
    if kind == "group" and role not in ROLES:
        raise bad_request("An invitation is for a 'member' or a 'facilitator'.", "bad_role")
    label = validate.clean_text(label, "who the invitation is for", 80) if label else None
    token = ids.new_token()
    now = svc.clock.now()
    await svc.db.execute_write(
        "INSERT INTO invitations (token_hash, kind, group_id, programme_id, role, created_by,"
        " created_at, expires_at, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ids.token_hash(token), kind, group_id, programme_id, role, person_id(actor), now,
         now + svc.config.invite_seconds, label),
    )
    # The token travels in the URL fragment: browsers never send it to the server or in Referer.
    return f"{svc.config.base_url}/#/invite/{token}"


def token_from_link(link_or_token: str) -> str:
    """The token of an invitation link, or the token itself. A link copied out of an e-mail or
    a terminal often brings a line ending or a space with it; tokens never contain either."""
    return link_or_token.strip().rsplit("/", 1)[-1].strip()


async def _usable_invitation(svc: Services, token: str) -> sqlite3.Row:
    return await usable_invitation_hashed(svc, ids.token_hash(token))


async def usable_invitation_hashed(svc: Services, hashed: bytes) -> sqlite3.Row:
    """The invitation with this token hash, or the refusal that says why it cannot be used.
    (Single sign-on keeps only the hash while the person is away at their provider.)"""
    row = await svc.db.fetch_one(
        "SELECT i.*, g.name AS group_name, g.programme_id AS group_programme_id,"
        " p.name AS programme_name FROM invitations i"
        " LEFT JOIN groups g ON g.id = i.group_id"
        " LEFT JOIN programmes p ON p.id = COALESCE(i.programme_id, g.programme_id)"
        " WHERE i.token_hash = ?",
        (hashed,),
    )
    if row is None:
        raise AppError("invite_unknown", "This invitation link is not valid. Check you copied "
                       "all of it, or ask for a new one.", 404)
    if row["revoked_at"] is not None:
        raise AppError("invite_revoked", "This invitation was withdrawn by the person who sent "
                       "it, so it cannot be used. If you still mean to join, ask them for a new "
                       "link.", 410)
    if row["used_at"] is not None:
        raise AppError("invite_used", "This invitation has already been used. If it was you, "
                       "sign in; otherwise ask for a new one.", 410)
    if row["expires_at"] <= svc.clock.now():
        raise AppError("invite_expired", "This invitation has expired. Ask the person who sent "
                       "it for a new one.", 410)
    return row


async def describe_invitation(svc: Services, token: str) -> dict[str, str | None]:
    row = await _usable_invitation(svc, token_from_link(token))
    return {
        "kind": row["kind"],
        "role": row["role"],
        "programme_id": row["programme_id"] or row["group_programme_id"],
        "group_name": row["group_name"],
        "programme_name": row["programme_name"],
    }


async def accept_invitation(
    svc: Services,
    token: str,
    *,
    current_user: User | None,
    username: str | None = None,
    display_name: str | None = None,
    password: str | None = None,
) -> User:
    """Use an invitation: create an account (or extend the signed-in one) and grant its role."""
    token = token_from_link(token)
    invite = await _usable_invitation(svc, token)  # clear errors before the slow password hash
    if current_user is None:
        await refuse_password_where_sso_required(
            svc, invite["programme_id"] or invite["group_programme_id"])
        username = validate.username(username or "")
        display_name = validate.clean_text(display_name or "", "display name", 60)
        password = validate.password(password or "")
        password_hash = await asyncio.to_thread(
            passwords.hash_password, password, svc.config.scrypt_n
        )
        return await accept_hashed(svc, ids.token_hash(token), current_user=None,
                                   new_account=(username, display_name, password_hash))
    return await accept_hashed(svc, ids.token_hash(token), current_user=current_user)


async def accept_hashed(svc: Services, hashed: bytes, *, current_user: User | None,
                        new_account: tuple[str, str, str] | None = None,
                        also: Callable[[aiosqlite.Connection, User], Awaitable[None]]
                        | None = None) -> User:
    """Use the invitation with this token hash for `current_user`, or for a new account
    (sign-in name, display name, password hash: "" for an account that signs in only with
    single sign-on). `also` runs in the same transaction (linking an SSO identity)."""
    now = svc.clock.now()
    async with svc.db.write() as conn:
        # Re-read inside the write transaction: two tabs accepting at once must not both win.
        async with conn.execute(
            "SELECT * FROM invitations WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?"
            " AND revoked_at IS NULL",
            (hashed, now),
        ) as cur:
            invite = await cur.fetchone()
        if invite is None:
            raise AppError("invite_used", "This invitation has already been used.", 410)
        if current_user is None:
            assert new_account is not None
            username, display_name, password_hash = new_account
            user = User(ids.new_id(), username, display_name, invite["kind"] == "admin")
            try:
                await conn.execute(
                    "INSERT INTO users (id, username, display_name, password_hash, is_admin,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (user.id, user.username, user.display_name, password_hash, user.is_admin, now),
                )
            except sqlite3.IntegrityError:
                raise bad_request("That sign-in name is taken; please choose another.",
                                  "username_taken") from None
        else:
            user = current_user
            if invite["kind"] == "admin" and not user.is_admin:
                await conn.execute("UPDATE users SET is_admin = 1 WHERE id = ?", (user.id,))
                user = User(user.id, user.username, user.display_name, True)
        if invite["kind"] == "group":
            await conn.execute(
                "INSERT INTO memberships (group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (group_id, user_id) DO UPDATE SET role = CASE"
                " WHEN excluded.role = 'facilitator' THEN 'facilitator' ELSE role END",
                (invite["group_id"], user.id, invite["role"], now),
            )
        elif invite["kind"] == "lead":
            await conn.execute(
                "INSERT OR IGNORE INTO programme_leads (programme_id, user_id) VALUES (?, ?)",
                (invite["programme_id"], user.id),
            )
        await conn.execute(
            "UPDATE invitations SET used_at = ?, used_by = ? WHERE token_hash = ?",
            (now, user.id, invite["token_hash"]),
        )
        if also is not None:
            await also(conn, user)
    return user


async def refuse_password_where_sso_required(svc: Services, programme_id: str | None) -> None:
    """An administrator can require single sign-on for a programme: no passwords there."""
    if programme_id and await svc.db.fetch_value(
            "SELECT require_sso FROM programmes WHERE id = ?", (programme_id,)):
        raise sso_required()


def sso_required() -> AppError:
    return AppError("sso_required", "Your programme signs in with single sign-on, not a "
                    "password: use the \"Sign in with ...\" button for your organisation.", 403)


async def sso_required_for(svc: Services, user_id: str) -> bool:
    """Whether any programme this person belongs to (as member, facilitator or lead) requires
    single sign-on."""
    return bool(await svc.db.fetch_value(
        "SELECT 1 FROM programmes p WHERE p.require_sso = 1 AND (p.id IN"
        " (SELECT g.programme_id FROM groups g JOIN memberships m ON m.group_id = g.id"
        "  WHERE m.user_id = ?) OR p.id IN"
        " (SELECT l.programme_id FROM programme_leads l WHERE l.user_id = ?))",
        (user_id, user_id)))


async def sign_in(svc: Services, username: str, password: str,
                  address: str = "") -> tuple[str, SignedIn]:
    """Check a password and start a session; returns the cookie token and who signed in.

    Each check is reserved against the throttle's limits before the slow hash (so guesses
    sent at once cannot all pass a check made before any of them failed) and given back only
    when the password was right. While a limit is reached even the right password is refused,
    or throttling would only slow a guesser down.
    """
    name = username.strip().lower()[:64]
    reservation = await svc.throttles.reserve_check(name, address, svc.clock.now())
    row = await svc.db.fetch_one("SELECT * FROM users WHERE username = ?", (name,))
    stored = row["password_hash"] if row else _dummy_hash(svc.config.scrypt_n)
    good = await asyncio.to_thread(passwords.verify_password, password, stored)
    if row is None or not good:
        # One message for both cases: do not tell a stranger which sign-in names exist.
        raise AppError("bad_credentials", "That sign-in name and password do not match.", 401)
    await svc.throttles.password_right(reservation)
    # Checked only once the password is right: a stranger learns nothing about the account.
    if await sso_required_for(svc, row["id"]):
        raise sso_required()
    return await start_session(svc, _user(row))


async def start_session(svc: Services, user: User, *, method: str = "password",
                        provider: str | None = None) -> tuple[str, SignedIn]:
    token, csrf = ids.new_token(), secrets.token_urlsafe(24)
    now = svc.clock.now()
    # A passkey (with user verification) is both factors at once; other methods may need one.
    pending = method != "passkey" and await second_factor_required(svc, user)
    await svc.db.execute_write(
        "INSERT INTO auth_sessions (token_hash, user_id, csrf_token, created_at, expires_at,"
        " method, provider, needs_second_factor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ids.token_hash(token), user.id, csrf, now, now + svc.config.session_seconds, method,
         provider, int(pending)),
    )
    return token, SignedIn(user, csrf, pending)


async def second_factor_required(svc: Services, user: User) -> bool:
    """A programme that asks its staff for a passkey: its facilitators and leads, and every
    administrator while any programme asks it."""
    return bool(await svc.db.fetch_value(
        "SELECT 1 FROM programmes p WHERE p.staff_second_factor = 1 AND (? OR p.id IN"
        " (SELECT g.programme_id FROM groups g JOIN memberships m ON m.group_id = g.id"
        "  WHERE m.user_id = ? AND m.role = 'facilitator') OR p.id IN"
        " (SELECT l.programme_id FROM programme_leads l WHERE l.user_id = ?))",
        (int(user.is_admin), user.id, user.id)))


async def resolve_session(svc: Services, token: str | None, *,
                          pending: bool = False) -> SignedIn | None:
    """The sign-in this cookie holds; one still waiting for its second factor only when
    `pending` (the second-factor step itself asks so)."""
    if not token:
        return None
    row = await svc.db.fetch_one(
        "SELECT u.*, s.csrf_token, s.needs_second_factor FROM auth_sessions s"
        " JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?",
        (ids.token_hash(token), svc.clock.now()),
    )
    if row is None or (row["needs_second_factor"] and not pending):
        return None
    return SignedIn(_user(row), row["csrf_token"], bool(row["needs_second_factor"]))


async def sign_out(svc: Services, token: str) -> str | None:
    """End one sign-in; returns whose it was (None if it had already ended)."""
    hashed = ids.token_hash(token)
    async with svc.db.write() as conn:
        async with conn.execute(
            "DELETE FROM auth_sessions WHERE token_hash = ? RETURNING user_id", (hashed,)
        ) as cur:
            row = await cur.fetchone()
    return None if row is None else str(row[0])


async def change_password(svc: Services, user: User, current: str, new: str,
                          address: str = "") -> tuple[str, SignedIn]:
    """Check the current password, store the new one and end every sign-in of this person.

    The current sign-in is renewed rather than kept: a new cookie after a password change means
    whoever copied the old one (the reason people change passwords) holds nothing. Wrong
    current passwords count towards the same throttle as failed sign-ins, so a borrowed
    signed-in browser cannot be used to guess the password faster than the sign-in page allows.
    Returns the new cookie token and the renewed sign-in; callers then close the sockets of
    the ended sign-ins (server/actions/revoke.py).
    """
    now = svc.clock.now()
    reservation = await svc.throttles.reserve_check(user.username, address, now,
                                                    what="wrong passwords")
    stored = await svc.db.fetch_value("SELECT password_hash FROM users WHERE id = ?", (user.id,))
    if not stored or not await asyncio.to_thread(passwords.verify_password, current, stored):
        raise AppError("wrong_password", "Your current password is not right, so nothing was "
                       "changed. Please try again.", 403)
    await svc.throttles.password_right(reservation)
    new = validate.password(new)
    if new == current:
        raise bad_request("Your new password must be different from your current one.",
                          "same_password")
    new_hash = await asyncio.to_thread(passwords.hash_password, new, svc.config.scrypt_n)
    cookie, csrf = ids.new_token(), secrets.token_urlsafe(24)
    async with svc.db.write() as conn:
        await conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                           (new_hash, user.id))
        # One transaction: no moment where the new password works and an old cookie still does.
        await conn.execute("DELETE FROM auth_sessions WHERE user_id = ?", (user.id,))
        await conn.execute(
            "INSERT INTO auth_sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (ids.token_hash(cookie), user.id, csrf, now, now + svc.config.session_seconds),
        )
    return cookie, SignedIn(user, csrf)
