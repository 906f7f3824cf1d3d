"""Invitations as the people who send them see them: several open at once, each with its role,
who it is for and when it expires, and a way to take one back. Also the programme lead's
invitation, which only an administrator sends.

Links themselves are never stored (accounts.create_invitation keeps only the token's hash), so
the list can show what a link is for but never the link again. An invitation's id in this list
is the hex of that hash: it names the row without opening anything.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from server import ids, payloads
from server.actions import accounts
from server.actions.accounts import User
from server.actions.roles import Actor, admin_roles, group_roles
from server.errors import AppError, bad_request, not_found
from server.keys import Services
from server.permissions import Action, check

_OPEN = "used_at IS NULL AND revoked_at IS NULL AND expires_at > ?"


def _row(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": bytes(row["token_hash"]).hex(), "kind": row["kind"], "role": row["role"],
            "label": row["label"], "created_at": row["created_at"],
            "expires_at": row["expires_at"], "created_by": row["created_by_name"]}


async def _programme_exists(svc: Services, programme_id: str) -> None:
    if await svc.db.fetch_value("SELECT 1 FROM programmes WHERE id = ?", (programme_id,)) is None:
        raise not_found("programme_unknown", "There is no such programme.")


# Which open invitations a list shows; the only text ever put into the query below.
_WHERE = {"one": "i.token_hash = ?", "group": "i.group_id = ?",
          "lead": "i.kind = 'lead' AND i.programme_id = ?"}


async def _listed(svc: Services, which: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = await svc.db.fetch_all(
        "SELECT i.*, u.display_name AS created_by_name FROM invitations i"  # noqa: S608
        f" LEFT JOIN users u ON u.id = i.created_by WHERE {_WHERE[which]} AND {_OPEN}"
        " ORDER BY i.created_at DESC, i.rowid DESC LIMIT 200", (*args, svc.clock.now()))
    return [_row(r) for r in rows]


async def invite_to_group(svc: Services, user: User, group_id: str,
                          asked: payloads.Invite) -> dict[str, Any]:
    """A facilitator (or an administrator) invites a member or a co-facilitator; whether they
    may is checked by `accounts.create_invitation`, the one home of that rule."""
    link = await accounts.create_invitation(
        svc, user, kind="group", group_id=group_id,
        role=asked.role, label=asked.label)
    return {"link": link, "invitation": await _just_made(svc, link)}


async def invite_lead(svc: Services, actor: Actor, programme_id: str,
                      asked: payloads.InviteLead) -> dict[str, Any]:
    """An administrator (or the operator at the console) invites a programme lead, who will
    see the programme's anonymised attendance and set its retention limits."""
    check(admin_roles(actor), Action.MANAGE_PROGRAMMES)
    await _programme_exists(svc, programme_id)
    link = await accounts.create_invitation(
        svc, actor, kind="lead", programme_id=programme_id,
        label=asked.label)
    return {"link": link, "invitation": await _just_made(svc, link)}


async def _just_made(svc: Services, link: str) -> dict[str, Any]:
    hashed = ids.token_hash(accounts.token_from_link(link))
    rows = await _listed(svc, "one", (hashed,))
    return rows[0]


async def group_invitations(svc: Services, user: User, group_id: str) -> list[dict[str, Any]]:
    check(await group_roles(svc, user, group_id), Action.INVITE_MEMBER)
    return await _listed(svc, "group", (group_id,))


async def lead_invitations(svc: Services, user: User, programme_id: str) -> list[dict[str, Any]]:
    check(admin_roles(user), Action.MANAGE_PROGRAMMES)
    await _programme_exists(svc, programme_id)
    return await _listed(svc, "lead", (programme_id,))


async def revoke(svc: Services, user: User, invitation_id: str) -> dict[str, Any]:
    """Take back an open invitation: its link then says kindly that it was withdrawn.

    Group invitations: whoever may invite to that group. Lead and administrator invitations:
    administrators only. An unknown id and one the user may not touch read the same."""
    try:
        hashed = bytes.fromhex(invitation_id)
    except ValueError:
        raise bad_request("That is not an invitation id.", "bad_invitation_id") from None
    row = await svc.db.fetch_one("SELECT * FROM invitations WHERE token_hash = ?", (hashed,))
    if row is None:
        raise not_found("invite_unknown", "There is no such invitation.")
    if row["kind"] == "group":
        check(await group_roles(svc, user, row["group_id"]), Action.INVITE_MEMBER)
    else:
        check(admin_roles(user), Action.MANAGE_PROGRAMMES)
    if row["used_at"] is not None:
        raise AppError("invite_used", "This invitation has already been used, so there is "
                       "nothing to withdraw.", 409)
    await svc.db.execute_write(
        "UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE token_hash = ?",
        (svc.clock.now(), hashed))
    return {"id": invitation_id, "revoked": True}

