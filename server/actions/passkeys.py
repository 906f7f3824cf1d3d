"""Passkeys (WebAuthn discoverable credentials, user verification required): register, name,
remove, sign in with one, use one as the second factor, and one-time recovery codes.

py_webauthn checks every response (origin, RP ID, challenge, user verification, signature,
counter); this module keeps the challenges (single use, five minutes), the credentials and
the codes. The RP ID is the host of BALINT_PUBLIC_URL, the origin that URL itself.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
from typing import Any

import webauthn
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from server import ids, validate
from server.actions import accounts
from server.errors import AppError, bad_request
from server.keys import Services

log = logging.getLogger("balint.passkeys")

CHALLENGE_SECONDS = 5 * 60
RECOVERY_CODES = 8
RP_NAME = "Balint Rooms"


def _no_passkey() -> AppError:
    return AppError("passkey_refused", "That passkey was not accepted: it is not (or no "
                    "longer) registered with Balint Rooms. Sign in another way, or use a "
                    "recovery code.", 401)


async def _new_challenge(svc: Services, purpose: str, user_id: str | None) -> bytes:
    challenge = secrets.token_bytes(32)
    now = svc.clock.now()
    async with svc.db.write() as conn:
        await conn.execute("DELETE FROM passkey_challenges WHERE expires_at <= ?", (now,))
        await conn.execute(
            "INSERT INTO passkey_challenges (challenge_hash, purpose, user_id, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (ids.token_hash(bytes_to_base64url(challenge)), purpose, user_id,
             now + CHALLENGE_SECONDS))
    return challenge


def _client_challenge(credential: dict[str, Any]) -> str:
    """The challenge the browser signed, read from clientDataJSON (py_webauthn checks it
    again against the one we return from here)."""
    try:
        client_data = json.loads(base64url_to_bytes(credential["response"]["clientDataJSON"]))
        return str(client_data["challenge"])
    except (KeyError, TypeError, ValueError):
        raise bad_request("The passkey's answer could not be read.", "bad_payload") from None


async def _take_challenge(svc: Services, credential: dict[str, Any], purpose: str,
                          user_id: str | None) -> bytes:
    sent = _client_challenge(credential)
    async with svc.db.write() as conn:
        async with conn.execute(
            "DELETE FROM passkey_challenges WHERE challenge_hash = ? RETURNING *",
            (ids.token_hash(sent),)) as cur:
            row = await cur.fetchone()
    if (row is None or row["purpose"] != purpose or row["user_id"] != user_id
            or row["expires_at"] <= svc.clock.now()):
        raise AppError("passkey_challenge_unknown", "This passkey request has expired or was "
                       "already used. Please try again.", 400)
    return base64url_to_bytes(sent)


async def registration_options(svc: Services, user: accounts.User) -> dict[str, Any]:
    existing = await svc.db.fetch_all("SELECT credential_id FROM passkeys WHERE user_id = ?",
                                      (user.id,))
    options = webauthn.generate_registration_options(
        rp_id=svc.config.passkey_rp_id, rp_name=RP_NAME, user_name=user.username,
        user_id=user.id.encode(), user_display_name=user.display_name,
        challenge=await _new_challenge(svc, "register", user.id),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=bytes(r["credential_id"]))
                             for r in existing],
    )
    result: dict[str, Any] = json.loads(webauthn.options_to_json(options))
    return result


async def register(svc: Services, user: accounts.User, credential: dict[str, Any],
                   name: str) -> dict[str, Any]:
    """Keep a new passkey. The first one also brings recovery codes, shown this once."""
    name = validate.clean_text(name or "My passkey", "passkey name", 60)
    challenge = await _take_challenge(svc, credential, "register", user.id)
    try:
        verified = webauthn.verify_registration_response(
            credential=credential, expected_challenge=challenge,
            expected_rp_id=svc.config.passkey_rp_id, expected_origin=svc.config.base_url,
            require_user_verification=True)
    except WebAuthnException as err:
        log.info("event=passkey_register_refused reason=%s", type(err).__name__)
        raise AppError("passkey_refused", "This passkey could not be registered (the device "
                       "did not confirm it was you). Please try again.", 400) from None
    now = svc.clock.now()
    try:
        await svc.db.execute_write(
            "INSERT INTO passkeys (credential_id, user_id, public_key, sign_count, name,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (verified.credential_id, user.id, verified.credential_public_key,
             verified.sign_count, name, now))
    except sqlite3.IntegrityError:
        raise AppError("passkey_exists", "This passkey is already registered.", 409) from None
    codes = None
    if await svc.db.fetch_value("SELECT COUNT(*) FROM passkeys WHERE user_id = ?",
                                (user.id,)) == 1:
        codes = await new_recovery_codes(svc, user)
    return {"id": bytes_to_base64url(verified.credential_id), "name": name,
            "recovery_codes": codes}


async def list_passkeys(svc: Services, user: accounts.User) -> dict[str, Any]:
    rows = await svc.db.fetch_all(
        "SELECT credential_id, name, created_at, last_used_at FROM passkeys WHERE user_id = ?"
        " ORDER BY created_at", (user.id,))
    codes_left = await svc.db.fetch_value(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
        (user.id,))
    return {"passkeys": [{"id": bytes_to_base64url(bytes(r["credential_id"])), "name": r["name"],
                          "created_at": r["created_at"], "last_used_at": r["last_used_at"]}
                         for r in rows],
            "recovery_codes_left": codes_left,
            "second_factor_required": await accounts.second_factor_required(svc, user)}


def _credential_id(passkey_id: str) -> bytes:
    try:
        return base64url_to_bytes(passkey_id)
    except ValueError:
        raise AppError("passkey_unknown", "There is no such passkey.", 404) from None


async def rename(svc: Services, user: accounts.User, passkey_id: str, name: str) -> None:
    name = validate.clean_text(name, "passkey name", 60)
    async with svc.db.write() as conn:
        async with conn.execute(
            "UPDATE passkeys SET name = ? WHERE credential_id = ? AND user_id = ?"
            " RETURNING name", (name, _credential_id(passkey_id), user.id)) as cur:
            if await cur.fetchone() is None:
                raise AppError("passkey_unknown", "There is no such passkey.", 404)


async def remove(svc: Services, user: accounts.User, passkey_id: str, keep_token: str) -> None:
    """Remove a passkey and end this person's other sign-ins (a lost phone's passkey removed:
    whoever holds the phone is signed out). The caller closes their sockets."""
    async with svc.db.write() as conn:
        async with conn.execute(
            "DELETE FROM passkeys WHERE credential_id = ? AND user_id = ? RETURNING user_id",
            (_credential_id(passkey_id), user.id)) as cur:
            if await cur.fetchone() is None:
                raise AppError("passkey_unknown", "There is no such passkey.", 404)
        await conn.execute("DELETE FROM auth_sessions WHERE user_id = ? AND token_hash != ?",
                           (user.id, ids.token_hash(keep_token)))


async def authentication_options(svc: Services, purpose: str,
                                 user: accounts.User | None = None) -> dict[str, Any]:
    """Options for navigator.credentials.get: no list of credentials for a sign-in (the
    authenticator offers its discoverable ones), this person's for a second factor."""
    allow = None
    if user is not None:
        rows = await svc.db.fetch_all("SELECT credential_id FROM passkeys WHERE user_id = ?",
                                      (user.id,))
        allow = [PublicKeyCredentialDescriptor(id=bytes(r["credential_id"])) for r in rows]
    options = webauthn.generate_authentication_options(
        rp_id=svc.config.passkey_rp_id, allow_credentials=allow,
        challenge=await _new_challenge(svc, purpose, user.id if user else None),
        user_verification=UserVerificationRequirement.REQUIRED)
    result: dict[str, Any] = json.loads(webauthn.options_to_json(options))
    return result


async def _verify_assertion(svc: Services, credential: dict[str, Any], purpose: str,
                            user_id: str | None, address: str) -> accounts.User:
    challenge = await _take_challenge(svc, credential, purpose, user_id)
    try:
        credential_id = base64url_to_bytes(str(credential["rawId"]))
    except (KeyError, ValueError):
        raise bad_request("The passkey's answer could not be read.", "bad_payload") from None
    row = await svc.db.fetch_one(
        "SELECT p.*, u.username, u.display_name, u.is_admin FROM passkeys p"
        " JOIN users u ON u.id = p.user_id WHERE p.credential_id = ?", (credential_id,))
    # Counted like a password check against the account's throttle (or the address's alone).
    reservation = await svc.throttles.reserve_check(
        row["username"] if row else f"(passkey) {address}", address, svc.clock.now())
    if row is None or (user_id is not None and row["user_id"] != user_id):
        raise _no_passkey()
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential, expected_challenge=challenge,
            expected_rp_id=svc.config.passkey_rp_id, expected_origin=svc.config.base_url,
            credential_public_key=bytes(row["public_key"]),
            credential_current_sign_count=row["sign_count"], require_user_verification=True)
    except WebAuthnException as err:
        log.info("event=passkey_refused reason=%s", type(err).__name__)
        raise _no_passkey() from None
    await svc.db.execute_write(
        "UPDATE passkeys SET sign_count = ?, last_used_at = ? WHERE credential_id = ?",
        (verified.new_sign_count, svc.clock.now(), credential_id))
    await svc.throttles.password_right(reservation)
    return accounts.User(row["user_id"], row["username"], row["display_name"],
                         bool(row["is_admin"]))


async def sign_in(svc: Services, credential: dict[str, Any],
                  address: str) -> tuple[str, accounts.SignedIn]:
    user = await _verify_assertion(svc, credential, "sign_in", None, address)
    if await accounts.sso_required_for(svc, user.id):
        raise accounts.sso_required()
    return await accounts.start_session(svc, user, method="passkey")


async def complete_second_factor(svc: Services, token: str, who: accounts.SignedIn, *,
                                 credential: dict[str, Any] | None, recovery_code: str | None,
                                 address: str) -> None:
    """This sign-in's second factor: a passkey of its person, or one of their recovery codes."""
    if credential is not None:
        await _verify_assertion(svc, credential, "second_factor", who.user.id, address)
    else:
        await use_recovery_code(svc, who.user, recovery_code or "", address)
    await _complete(svc, token)


async def _complete(svc: Services, token: str) -> None:
    await svc.db.execute_write(
        "UPDATE auth_sessions SET needs_second_factor = 0 WHERE token_hash = ?",
        (ids.token_hash(token),))


async def first_passkey_completes(svc: Services, token: str, who: accounts.SignedIn) -> None:
    """Someone asked for a second factor who had no passkey yet has just registered one
    (with user verification): that is their second factor for this sign-in."""
    if who.pending:
        await _complete(svc, token)


def _code_hash(code: str) -> bytes:
    return ids.token_hash("".join(code.split()).upper().replace("-", ""))


async def new_recovery_codes(svc: Services, user: accounts.User) -> list[str]:
    """Eight new one-time codes (the old ones stop working); only their hashes are kept."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I to misread
    codes = ["".join(secrets.choice(alphabet) for _ in range(12)) for _ in range(RECOVERY_CODES)]
    now = svc.clock.now()
    async with svc.db.write() as conn:
        await conn.execute("DELETE FROM recovery_codes WHERE user_id = ?", (user.id,))
        await conn.executemany(
            "INSERT INTO recovery_codes (code_hash, user_id, created_at) VALUES (?, ?, ?)",
            [(_code_hash(c), user.id, now) for c in codes])
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]


async def use_recovery_code(svc: Services, user: accounts.User, code: str,
                            address: str) -> None:
    reservation = await svc.throttles.reserve_check(user.username, address, svc.clock.now(),
                                                    what="wrong recovery codes")
    async with svc.db.write() as conn:
        async with conn.execute(
            "UPDATE recovery_codes SET used_at = ? WHERE code_hash = ? AND user_id = ?"
            " AND used_at IS NULL RETURNING user_id",
            (svc.clock.now(), _code_hash(code), user.id)) as cur:
            used = await cur.fetchone()
    if used is None:
        raise AppError("recovery_code_wrong", "That recovery code is not right, or has been "
                       "used already (each works once).", 401)
    await svc.throttles.password_right(reservation)
