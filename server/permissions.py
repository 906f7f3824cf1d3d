"""Who may do what: the one table, consulted by every action (server/actions) before it acts.

Pure: callers work out which roles a user holds for a group (see `roles_for`) and ask `check`.
A user can hold several roles at once (an administrator who is also a member of a group); an
action is allowed when any held role allows it. docs/protocol.md lists this table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from server.errors import forbidden


class Role(StrEnum):
    MEMBER = "member"
    PRESENTER = "presenter"
    FACILITATOR = "facilitator"
    LEAD = "programme_lead"
    ADMIN = "administrator"
    OUTSIDER = "outsider"
    # Whoever runs `balint` at the server's console (server/cli.py): the machine's owner, who
    # sets groups up but never takes part in one. Held only by OPERATOR below.
    OPERATOR = "operator"


class Action(StrEnum):
    VIEW_GROUP = "view_group"
    JOIN_ROOM = "join_room"
    POST_MESSAGE = "post_message"
    INVITE_MEMBER = "invite_member"
    OPEN_SESSION = "open_session"
    END_SESSION = "end_session"
    CONTROL_FLOW = "control_flow"
    RAISE_HAND = "raise_hand"
    GIVE_FLOOR = "give_floor"
    ADMIT = "admit"
    LOCK_ROOM = "lock_room"
    MUTE = "mute"
    REMOVE_MEMBER = "remove_member"
    REDACT = "redact"
    FACILITATOR_CHANNEL = "facilitator_channel"
    SIGNAL_PAUSE = "signal_pause"
    SEE_PAUSE_SIGNALS = "see_pause_signals"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_PROGRAMMES = "manage_programmes"
    VIEW_ATTENDANCE_REPORT = "view_attendance_report"
    VIEW_REGISTER = "view_register"
    CORRECT_REGISTER = "correct_register"
    SEE_OWN_ATTENDANCE = "see_own_attendance"
    NOTIFY_SUPERVISOR = "notify_supervisor"
    WRITE_NOTE = "write_note"
    READ_NOTES = "read_notes"
    SHARE_NOTE = "share_note"
    SET_RETENTION_LIMITS = "set_retention_limits"
    # Rules of the room by role, once written where they were used (entry, live, moderation,
    # session_flow): who comes in without waiting, who may post whatever the flow says, who
    # can be muted or removed, who can be chosen to present.
    SKIP_WAITING_ROOM = "skip_waiting_room"
    POST_ANY_TIME = "post_any_time"
    BE_MODERATED = "be_moderated"
    PRESENT_CASE = "present_case"
    # Terms and schedules (server/actions/schedule.py).
    MANAGE_SCHEDULE = "manage_schedule"
    VIEW_SCHEDULE = "view_schedule"
    SEND_APOLOGIES = "send_apologies"
    SEE_APOLOGY_REASONS = "see_apology_reasons"
    # Voice and video (issue 22): the server relays WebRTC offers, answers and candidates
    # between people in the room and hands out TURN credentials; media never passes through it.
    MEDIA_SIGNAL = "media_signal"


M, P, F, L, A = Role.MEMBER, Role.PRESENTER, Role.FACILITATOR, Role.LEAD, Role.ADMIN
OP = Role.OPERATOR
IN_ROOM = frozenset({M, P, F})

# The table. Anything not listed is refused.
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.VIEW_GROUP: frozenset({M, P, F, A}),
    Action.JOIN_ROOM: IN_ROOM,
    Action.POST_MESSAGE: IN_ROOM,  # the flow silences a presenter during discussion
    Action.INVITE_MEMBER: frozenset({F, A, OP}),
    Action.OPEN_SESSION: frozenset({F, A, OP}),
    Action.END_SESSION: frozenset({F}),
    Action.CONTROL_FLOW: frozenset({F}),
    Action.RAISE_HAND: frozenset({M, P}),
    Action.GIVE_FLOOR: frozenset({F}),
    Action.ADMIT: frozenset({F}),
    Action.LOCK_ROOM: frozenset({F}),
    Action.MUTE: frozenset({F}),
    Action.REMOVE_MEMBER: frozenset({F}),
    Action.REDACT: frozenset({F}),
    Action.FACILITATOR_CHANNEL: frozenset({F}),
    Action.SIGNAL_PAUSE: frozenset({M, P}),
    Action.SEE_PAUSE_SIGNALS: frozenset({F}),
    Action.CHANGE_SETTINGS: frozenset({F, OP}),
    Action.MANAGE_PROGRAMMES: frozenset({A, OP}),
    Action.VIEW_ATTENDANCE_REPORT: frozenset({L, A}),
    Action.VIEW_REGISTER: frozenset({F}),  # names and minutes: the group's own leaders only
    Action.CORRECT_REGISTER: frozenset({F}),
    Action.SEE_OWN_ATTENDANCE: IN_ROOM,
    Action.NOTIFY_SUPERVISOR: frozenset({L, A}),  # the lead never learns who is told
    # Case notes are for the people in the room; a lead or an administrator outside the group
    # gets nothing, not even which notes exist.
    Action.WRITE_NOTE: IN_ROOM,
    Action.READ_NOTES: IN_ROOM,
    Action.SHARE_NOTE: IN_ROOM,
    Action.SET_RETENTION_LIMITS: frozenset({L, A}),
    Action.SKIP_WAITING_ROOM: frozenset({F}),
    # Chat paused, a mute or the presenter stepping back never silence a facilitator.
    Action.POST_ANY_TIME: frozenset({F}),
    # Of a person acted upon: facilitators cannot mute or remove each other.
    Action.BE_MODERATED: frozenset({M, P}),
    # Of the person chosen: a member of the group in the room, never a facilitator.
    Action.PRESENT_CASE: frozenset({M}),
    # The group's facilitators plan its term; everyone in the group reads it (and can put it in
    # a calendar); trainees send apologies, whose reasons only facilitators read.
    Action.MANAGE_SCHEDULE: frozenset({F, OP}),
    Action.VIEW_SCHEDULE: IN_ROOM,
    Action.SEND_APOLOGIES: frozenset({M, P}),
    Action.SEE_APOLOGY_REASONS: frozenset({F}),
    # Admitted, not removed, session open: checked by the room before the table is asked.
    Action.MEDIA_SIGNAL: IN_ROOM,
}

# What a refused user reads. Leads get their own words: they are trusted staff, just not in rooms.
_REFUSALS: dict[Role, tuple[str, str]] = {
    Role.OUTSIDER: (
        "not_a_member",
        "You are not a member of this group. Ask its facilitator for an invitation.",
    ),
    Role.LEAD: (
        "lead_not_in_rooms",
        "Programme leads see anonymised attendance only; group rooms are for members.",
    ),
}
_FACILITATOR_ONLY = ("facilitators_only", "Only the group's facilitators can do that.")
_ADMIN_ONLY = ("administrators_only", "Only an administrator can do that.")
_LEAD_ONLY = ("programme_leads_only", "Only the programme's lead can do that.")
_NOT_ALLOWED = ("not_allowed", "Your role in this group does not allow that.")


def is_allowed(roles: Iterable[Role], action: Action) -> bool:
    allowed = ALLOWED.get(action, frozenset())
    return any(role in allowed for role in roles)


def check(roles: Iterable[Role], action: Action) -> None:
    """Raise the refusal a user of these roles should see, or return if allowed."""
    held = set(roles)
    if is_allowed(held, action):
        return
    # The console's operator never reads these words: they are for people.
    allowed = ALLOWED.get(action, frozenset()) - {Role.OPERATOR}
    if allowed & IN_ROOM and not held & IN_ROOM:
        # Someone outside the group (an administrator too) is refused as an outsider.
        code, message = _REFUSALS[Role.LEAD if Role.LEAD in held else Role.OUTSIDER]
    elif allowed == {Role.ADMIN}:
        code, message = _ADMIN_ONLY
    elif allowed == {Role.LEAD, Role.ADMIN}:
        code, message = _LEAD_ONLY
    elif Role.FACILITATOR in allowed and not allowed & {M, P}:
        code, message = _FACILITATOR_ONLY
    else:
        code, message = _NOT_ALLOWED
    raise forbidden(code, message)


def roles_for(
    *,
    membership_role: str | None,
    is_presenter: bool = False,
    is_lead: bool = False,
    is_admin: bool = False,
) -> frozenset[Role]:
    """The roles a user holds for one group; `outsider` when they hold none."""
    roles: set[Role] = set()
    if membership_role == "facilitator":
        roles.add(Role.FACILITATOR)
    elif membership_role == "member":
        roles.add(Role.PRESENTER if is_presenter else Role.MEMBER)
    if is_lead:
        roles.add(Role.LEAD)
    if is_admin:
        roles.add(Role.ADMIN)
    found = frozenset(roles or {Role.OUTSIDER})
    # A handful of distinct sets exist; every connected member's room entry shares one.
    return _ROLE_SETS.setdefault(found, found)


_ROLE_SETS: dict[frozenset[Role], frozenset[Role]] = {}


@dataclass(frozen=True)
class Operator:
    """The actor for chores at the server's console (`balint create-group`, `balint invite`,
    tests and the bench setting a scene up): named, so that no action is ever called with
    "nobody" and skips its check. It holds the one role OPERATOR, which the table allows the
    console's chores and nothing that happens in a room."""

    name: str = "console"

    @property
    def roles(self) -> frozenset[Role]:
        return OPERATOR_ROLES


OPERATOR_ROLES = frozenset({Role.OPERATOR})
OPERATOR = Operator()
