"""Which roles an actor holds, for `permissions.check`: every action asks here, then checks.

An actor is a signed-in person (`accounts.User`) or the console's operator
(`permissions.OPERATOR`): never "nobody". The operator holds its one role wherever it acts; a
group or programme it names must still exist.
"""

from __future__ import annotations

from typing import Protocol

from server.errors import not_found
from server.keys import Services
from server.permissions import Operator, Role, roles_for


class Person(Protocol):
    """What the role lookups read of a person (accounts.User): their id and admin flag."""

    @property
    def id(self) -> str: ...

    @property
    def is_admin(self) -> bool: ...


Actor = Person | Operator


async def group_roles(svc: Services, actor: Actor, group_id: str) -> frozenset[Role]:
    """The roles `actor` holds in `group_id` (outsider if none); unknown groups are refused."""
    if isinstance(actor, Operator):
        if await svc.db.fetch_value("SELECT 1 FROM groups WHERE id = ?", (group_id,)) is None:
            raise not_found("group_unknown", "There is no such group.")
        return actor.roles
    row = await svc.db.fetch_one(
        "SELECT g.programme_id, m.role,"
        " EXISTS (SELECT 1 FROM programme_leads l WHERE l.programme_id = g.programme_id"
        "         AND l.user_id = ?) AS is_lead"
        " FROM groups g LEFT JOIN memberships m ON m.group_id = g.id AND m.user_id = ?"
        " WHERE g.id = ?",
        (actor.id, actor.id, group_id),
    )
    if row is None:
        raise not_found("group_unknown", "There is no such group.")
    return roles_for(membership_role=row["role"], is_lead=bool(row["is_lead"]),
                     is_admin=actor.is_admin)


def admin_roles(actor: Actor) -> frozenset[Role]:
    """Roles for actions that belong to no group (creating programmes and groups)."""
    if isinstance(actor, Operator):
        return actor.roles
    return roles_for(membership_role=None, is_admin=actor.is_admin)


async def programme_roles(svc: Services, actor: Actor, programme_id: str) -> frozenset[Role]:
    if await svc.db.fetch_value("SELECT 1 FROM programmes WHERE id = ?", (programme_id,)) is None:
        raise not_found("programme_unknown", "There is no such programme.")
    if isinstance(actor, Operator):
        return actor.roles
    is_lead = await svc.db.fetch_value(
        "SELECT 1 FROM programme_leads WHERE programme_id = ? AND user_id = ?",
        (programme_id, actor.id))
    return roles_for(membership_role=None, is_lead=bool(is_lead), is_admin=actor.is_admin)


def person_id(actor: Actor) -> str | None:
    """Who to record as having done it: the person's id; None for the console's operator."""
    return None if isinstance(actor, Operator) else actor.id
