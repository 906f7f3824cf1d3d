"""Programmes, groups, memberships and sessions (the scheduled meetings of a group)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

import aiosqlite
import msgspec

from server import flow, group_settings, ids, retention, validate
from server.actions.accounts import User
from server.actions.roles import Actor, admin_roles, group_roles, programme_roles
from server.crypto import at_rest
from server.errors import AppError, not_found
from server.keys import Services
from server.payloads import GroupSettings, RetentionLimits
from server.permissions import Action, check


async def create_programme(svc: Services, actor: Actor, name: str) -> str:
    check(admin_roles(actor), Action.MANAGE_PROGRAMMES)
    programme_id = ids.new_id()
    await svc.db.execute_write(
        "INSERT INTO programmes (id, name, created_at) VALUES (?, ?, ?)",
        (programme_id, validate.clean_text(name, "programme name", 120), svc.clock.now()),
    )
    return programme_id


async def create_group(svc: Services, actor: Actor, programme_id: str, name: str) -> str:
    check(admin_roles(actor), Action.MANAGE_PROGRAMMES)
    if await svc.db.fetch_value("SELECT 1 FROM programmes WHERE id = ?", (programme_id,)) is None:
        raise not_found("programme_unknown", "There is no such programme.")
    group_id = ids.new_id()
    await svc.db.execute_write(
        "INSERT INTO groups (id, programme_id, name, created_at) VALUES (?, ?, ?, ?)",
        (group_id, programme_id, validate.clean_text(name, "group name", 120), svc.clock.now()),
    )
    return group_id


async def open_session(svc: Services, actor: Actor, group_id: str, title: str) -> str:
    """Open a meeting of the group now; its room becomes joinable by members.

    One open session per group: a second is refused (`session_already_open`), also when two
    facilitators press *Open a session now* at the same moment. The operator at the server's
    console (`balint open-session`) may open one too.
    """
    check(await group_roles(svc, actor, group_id), Action.OPEN_SESSION)
    title = validate.clean_text(title, "session title", 120)
    await _refuse_if_open(svc.db.fetch_all, group_id)
    session_id = ids.new_id()
    now = svc.clock.now()
    settings = await get_settings(svc, group_id)
    state = flow.new_flow(now, settings["durations"])
    # Keys first: a crash in between leaves an orphan key (the sweeper removes it), never a
    # session whose messages cannot be sealed.
    await svc.keystore.execute_write_many(
        "INSERT INTO session_keys (session_id, class, data_key, created_at) VALUES (?, ?, ?, ?)",
        [(session_id, cls, at_rest.new_data_key(), now) for cls in at_rest.CLASSES],
    )
    try:
        # Checked again inside the write transaction: BEGIN IMMEDIATE makes every writer (in
        # any worker process) take turns, so of two racing opens exactly one finds none open.
        async with svc.db.write() as conn:
            await _refuse_if_open(partial(_fetch, conn), group_id)
            await conn.execute(
                "INSERT INTO sessions (id, group_id, title, state, opened_at, flow)"
                " VALUES (?, ?, ?, 'open', ?, ?)",
                (session_id, group_id, title, now, json.dumps(state.to_dict())),
            )
    except AppError:
        await svc.keystore.execute_write("DELETE FROM session_keys WHERE session_id = ?",
                                         (session_id,))
        raise
    # Imported here: ending imports rooms, which imports this module for group_roles.
    from server.actions.ending import tell_group

    await tell_group(svc, group_id)
    return session_id


async def _fetch(conn: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> list[Any]:
    async with conn.execute(sql, params) as cur:
        return list(await cur.fetchall())


async def _refuse_if_open(query: Callable[[str, Sequence[Any]], Awaitable[list[Any]]],
                          group_id: str) -> None:
    found = await query("SELECT id, title FROM sessions WHERE group_id = ? AND state = 'open'"
                        " ORDER BY opened_at LIMIT 1", (group_id,))
    if found:
        raise AppError(
            "session_already_open",
            f"“{found[0]['title']}” is already open for this group. Enter the open session "
            "or end it first.", 409, details={"session_id": found[0]["id"]})


async def session_summary(svc: Services, user: User, session_id: str) -> dict[str, Any]:
    """A past (or open) session's page: its title and times, and until when its case notes
    are kept. For the group's members and facilitators, as its notes are."""
    row = await svc.db.fetch_one(
        "SELECT s.id, s.group_id, s.title, s.state, s.opened_at, s.ended_at,"
        " g.name AS group_name FROM sessions s JOIN groups g ON g.id = s.group_id"
        " WHERE s.id = ?", (session_id,))
    if row is None:
        raise not_found("session_unknown", "There is no such session. Check the link.")
    check(await group_roles(svc, user, row["group_id"]), Action.READ_NOTES)
    policy = (await get_settings(svc, row["group_id"]))["retention"]
    ended = row["ended_at"]
    return {**dict(row), "note_days": policy["note_days"],
            "notes_until": None if ended is None else retention.deadlines(policy, ended)["notes"]}


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
        # my_status: a person turned away or removed is not offered *Enter* again.
        sessions = await svc.db.fetch_all(
            "SELECT s.id, s.title, s.state, s.opened_at, s.ended_at, p.status AS my_status"
            " FROM sessions s LEFT JOIN participants p ON p.session_id = s.id AND p.user_id = ?"
            " WHERE s.group_id = ? ORDER BY s.opened_at DESC LIMIT 10",
            (user.id, g["id"]),
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
        "leads": [dict(p) for p in await svc.db.fetch_all(  # programmes whose reports I see
            "SELECT p.id, p.name FROM programme_leads l JOIN programmes p ON p.id = l.programme_id"
            " WHERE l.user_id = ? ORDER BY p.name", (user.id,))],
    }


async def view_settings(svc: Services, user: User, group_id: str) -> dict[str, Any]:
    """The group's settings, for whoever may see the group."""
    check(await group_roles(svc, user, group_id), Action.VIEW_GROUP)
    return await get_settings(svc, group_id)


async def get_settings(svc: Services, group_id: str) -> dict[str, Any]:
    stored, limits = await _settings_and_limits(svc, group_id)
    return group_settings.effective(stored, limits)


async def _settings_and_limits(svc: Services, group_id: str) -> tuple[str, dict[str, int]]:
    row = await svc.db.fetch_one(
        "SELECT g.settings, p.retention_limits FROM groups g"
        " JOIN programmes p ON p.id = g.programme_id WHERE g.id = ?", (group_id,))
    if row is None:
        raise not_found("group_unknown", "There is no such group.")
    return row["settings"], retention.limits(row["retention_limits"])


async def change_settings(svc: Services, actor: Actor, group_id: str,
                          changes: GroupSettings) -> dict[str, Any]:
    """A facilitator (or the console's operator) changes the group's settings; sessions
    opened later use them."""
    check(await group_roles(svc, actor, group_id), Action.CHANGE_SETTINGS)
    stored, limits = await _settings_and_limits(svc, group_id)
    new = group_settings.changed(stored, changes, limits)
    raw = json.dumps(new, sort_keys=True)
    await svc.db.execute_write("UPDATE groups SET settings = ? WHERE id = ?", (raw, group_id))
    settings = group_settings.effective(raw, limits)
    if changes.language_reflection is not msgspec.UNSET:
        await _tell_open_rooms(svc, group_id, settings["language_reflection"])
    if changes.push_to_talk is not msgspec.UNSET:
        await _tell_open_rooms(svc, group_id, {"enabled": settings["push_to_talk"]},
                               "push_to_talk")
    return settings


async def _tell_open_rooms(svc: Services, group_id: str, setting: dict[str, Any],
                          event: str = "language_reflection") -> None:
    """Language reflection and push-to-talk take effect at once in the group's open rooms: each
    browser there keeps them itself (looks for labels; sends sound only while held)."""
    # Imported here: rooms imports this module for group_roles.
    from server.actions.rooms import room_name

    open_sessions = await svc.db.fetch_all(
        "SELECT id FROM sessions WHERE group_id = ? AND state = 'open'", (group_id,))
    for row in open_sessions:
        await svc.sio.emit(event, {"session_id": row["id"], **setting},
                           room=room_name(row["id"]))


async def retention_limits(svc: Services, user: User, programme_id: str) -> dict[str, int]:
    check(await programme_roles(svc, user, programme_id), Action.SET_RETENTION_LIMITS)
    stored = await svc.db.fetch_value(
        "SELECT retention_limits FROM programmes WHERE id = ?", (programme_id,))
    return retention.limits(stored)


async def change_retention_limits(svc: Services, user: User, programme_id: str,
                                  changes: RetentionLimits) -> dict[str, int]:
    """A programme lead sets the limits within which its groups choose their retention."""
    current = await retention_limits(svc, user, programme_id)
    new = retention.change_limits(current, changes.given())
    await svc.db.execute_write("UPDATE programmes SET retention_limits = ? WHERE id = ?",
                               (json.dumps(new, sort_keys=True), programme_id))
    return new
