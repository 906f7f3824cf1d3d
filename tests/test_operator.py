"""The console's operator is an actor like any other: the table says what it may do."""

from __future__ import annotations

import pytest

from server.errors import AppError
from server.permissions import ALLOWED, OPERATOR, Action, Role, check, is_allowed, roles_for

# Written out by hand: the chores `balint` offers at the console, and nothing else (the
# scheduler opens a term's sessions as the operator too).
CONSOLE_CHORES = {Action.MANAGE_PROGRAMMES, Action.INVITE_MEMBER, Action.OPEN_SESSION,
                  Action.CHANGE_SETTINGS, Action.MANAGE_SCHEDULE}


@pytest.mark.parametrize("action", list(Action))
def test_the_operator_may_do_the_console_chores_and_nothing_in_a_room(action: Action) -> None:
    assert is_allowed(OPERATOR.roles, action) == (action in CONSOLE_CHORES)
    if action not in CONSOLE_CHORES:
        with pytest.raises(AppError):
            check(OPERATOR.roles, action)


def test_no_person_ever_holds_the_operator_role() -> None:
    for membership in (None, "member", "facilitator"):
        for flags in ({}, {"is_lead": True}, {"is_admin": True}, {"is_presenter": True}):
            assert Role.OPERATOR not in roles_for(membership_role=membership, **flags)


@pytest.mark.parametrize(("action", "code"), [
    (Action.MANAGE_PROGRAMMES, "administrators_only"),
    (Action.CHANGE_SETTINGS, "facilitators_only"),
    (Action.INVITE_MEMBER, "facilitators_only"),
])
def test_people_refused_a_console_chore_read_the_same_words_as_before(
        action: Action, code: str) -> None:
    assert Role.OPERATOR in ALLOWED[action]
    with pytest.raises(AppError) as refused:
        check(roles_for(membership_role="member"), action)
    assert refused.value.code == code
