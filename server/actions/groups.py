"""Programmes, groups, memberships and sessions (the scheduled meetings of a group)."""

from __future__ import annotations

import json
from typing import Any

from server import flow, group_settings, ids, validate
from server.actions.accounts import User
from server.crypto import at_rest
from server.errors import not_found
from server.keys import Services
from server.permissions import Action, Role, check, roles_for


async def create_programme(svc: Services, name: str) -> str:
    programme_id = ids.new_id()
    await svc.db.execute_write(
        "INSERT INTO programmes (id, name, created_at) VALUES (?, ?, ?)",
        (programme_id, validate.clean_text(name, "programme name", 120), svc.clock.now()),
    )
    return programme_id


async def create_group(svc: Services, programme_id: str, name: str) -> str:
    if await svc.db.fetch_value("SELECT 1 FROM programmes WHERE id = ?", (programme_id,)) is None:
        raise not_found("programme_unknown", "There is no such programme.")
    group_id = ids.new_id()
    await svc.db.execute_write(
        "INSERT INTO groups (id, programme_id, name, created_at) VALUES (?, ?, ?, ?)",
        (group_id, programme_id, validate.clean_text(name, "group name", 120), svc.clock.now()),
    )
    return group_id


async def group_exists(svc: Services, group_id: str) -> None:
    if await svc.db.fetch_value("SELECT 1 FROM groups WHERE id = ?", (group_id,)) is None:
        raise not_found("group_unknown", "There is no such group.")


async def group_roles(svc: Services, user: User, group_id: str) -> frozenset[Role]:
    """The roles `user` holds in `group_id` (outsider if none); unknown groups are refused."""
    row = await svc.db.fetch_one(
        "SELECT g.programme_id, m.role,"
        " EXISTS (SELECT 1 FROM programme_leads l WHERE l.programme_id = g.programme_id"
        "         AND l.user_id = ?) AS is_lead"
        " FROM groups g LEFT JOIN memberships m ON m.group_id = g.id AND m.user_id = ?"
        " WHERE g.id = ?",
        (user.id, user.id, group_id),
    )
    if row is None:
        raise not_found("group_unknown", "There is no such group.")
    return roles_for(membership_role=row["role"], is_lead=bool(row["is_lead"]),
                     is_admin=user.is_admin)


async def open_session(svc: Services, user: User | None, group_id: str, title: str) -> str:
    """Open a meeting of the group now; its room becomes joinable by members.

    `user` is None for the operator at the server's console (`balint open-session`).
    """
    if user is not None:
        check(await group_roles(svc, user, group_id), Action.OPEN_SESSION)
    else:
        await group_exists(svc, group_id)
    title = validate.clean_text(title, "session title", 120)
    session_id = ids.new_id()
    now = svc.clock.now()
    settings = await get_settings(svc, group_id)
    state = flow.new_flow(now, settings["durations"])
    async with svc.db.write() as conn:
        await conn.execute(
            "INSERT INTO sessions (id, group_id, title, state, opened_at, flow)"
            " VALUES (?, ?, ?, 'open', ?, ?)",
            (session_id, group_id, title, now, json.dumps(state.to_dict())),
        )
        await conn.executemany(
            "INSERT INTO session_keys (session_id, class, data_key, created_at)"
            " VALUES (?, ?, ?, ?)",
            [(session_id, cls, at_rest.new_data_key(), now) for cls in ("chat", "facilitators")],
        )
    return session_id


async def my_overview(svc: Services, user: User) -> dict[str, Any]:
    """What the home screen shows: my groups, my role in each, their open and recent sessions."""
    groups = await svc.db.fetch_all(
        "SELECT g.id, g.name, p.name AS programme, m.role FROM memberships m"
        " JOIN groups g ON g.id = m.group_id JOIN programmes p ON p.id = g.programme_id"
        " WHERE m.user_id = ? ORDER BY g.name",
        (user.id,),
    )
    result = []
    for g in groups:
        sessions = await svc.db.fetch_all(
            "SELECT id, title, state, opened_at, ended_at FROM sessions WHERE group_id = ?"
            " ORDER BY opened_at DESC LIMIT 10",
            (g["id"],),
        )
        result.append({
            "id": g["id"], "name": g["name"], "programme": g["programme"], "role": g["role"],
            "sessions": [dict(s) for s in sessions],
        })
    admin: dict[str, Any] | None = None
    if user.is_admin:
        programmes = await svc.db.fetch_all("SELECT id, name FROM programmes ORDER BY name")
        all_groups = await svc.db.fetch_all(
            "SELECT id, name, programme_id FROM groups ORDER BY name"
        )
        admin = {"programmes": [dict(p) for p in programmes],
                 "groups": [dict(g) for g in all_groups]}
    return {
        "user": {"id": user.id, "username": user.username, "display_name": user.display_name,
                 "is_admin": user.is_admin},
        "groups": result,
        "admin": admin,
    }


def admin_roles(user: User) -> frozenset[Role]:
    """Roles for actions that belong to no group (creating programmes and groups)."""
    return roles_for(membership_role=None, is_admin=user.is_admin)


async def get_settings(svc: Services, group_id: str) -> dict[str, Any]:
    stored = await svc.db.fetch_value("SELECT settings FROM groups WHERE id = ?", (group_id,))
    return group_settings.effective(stored)


async def change_settings(svc: Services, user: User | None, group_id: str,
                          changes: Any) -> dict[str, Any]:
    """A facilitator changes the group's settings; sessions opened later use them."""
    if user is not None:
        check(await group_roles(svc, user, group_id), Action.CHANGE_SETTINGS)
    else:
        await group_exists(svc, group_id)
    settings = group_settings.changed(await get_settings(svc, group_id), changes)
    await svc.db.execute_write("UPDATE groups SET settings = ? WHERE id = ?",
                               (json.dumps(settings, sort_keys=True), group_id))
    return settings
