"""The Balint session flow: one pure state machine.

A meeting walks waiting -> check_in -> case_choice -> presentation -> questions -> discussion ->
return -> closing -> ended, and may take up to MAX_CASES cases by going from `return` back to
`case_choice`. Every move is a row in `_RULES`; every public transition looks its row up there,
so no code path can move the session in a way the table does not list.

Pure: no I/O, no asyncio, no clock. Callers pass `now` (unix seconds) and persist `to_dict()`
after each change, so a restarted server resumes the same phase, presenter and deadline. Timers
never move the session on by themselves: the facilitator does; clients show "time's up" from
`overrun()`.

Going back from the case_choice of a later case reopens the previous case at `return` with its
presenter restored: a facilitator who pressed "next case" instead of "closing" can undo it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any, Final, Literal, get_args

from server.errors import AppError

Phase = Literal[
    "waiting", "check_in", "case_choice", "presentation", "questions", "discussion", "return",
    "closing", "ended",
]  # fmt: skip
Action = Literal[
    "start", "advance", "back", "next_case", "close", "return_early", "end",
    "choose_presenter", "extend", "pause", "resume",
]  # fmt: skip
_Guard = Literal[
    "has_presenter", "room_for_case", "first_case", "later_case", "case_finished",
    "no_case_taken", "running", "paused",
]  # fmt: skip
# What a move does to the case bookkeeping (presenter, history, case_number).
_Effect = Literal["keep", "drop_presenter", "finish_case", "next_case", "reopen", "reopen_prev"]

PHASES: Final[tuple[Phase, ...]] = get_args(Phase)  # in meeting order
TIMED_PHASES: Final[tuple[Phase, ...]] = PHASES[1:-1]
ACTIONS: Final[tuple[Action, ...]] = get_args(Action)
# A case is "open" from presentation to return: someone must be presenting it.
_CASE_OPEN: Final = frozenset({"presentation", "questions", "discussion", "return"})

PHASE_LABELS: Final[Mapping[Phase, str]] = MappingProxyType({
    "waiting": "Waiting room — the session has not started",
    "check_in": "Check-in",
    "case_choice": "Who has a case?",
    "presentation": "Presentation — the group listens",
    "questions": "Clarifying questions",
    "discussion": "Discussion — the presenter is listening",
    "return": "The presenter returns and says what struck them",
    "closing": "Closing round",
    "ended": "Session ended",
})  # fmt: skip

# Minutes, as a group's settings state them; FlowState.durations holds seconds.
DEFAULT_DURATIONS: Final[Mapping[str, int]] = MappingProxyType({
    "check_in": 5, "case_choice": 5, "presentation": 10, "questions": 5, "discussion": 25,
    "return": 5, "closing": 5,
})  # fmt: skip
MIN_MINUTES: Final = 1
MAX_MINUTES: Final = 120
MAX_EXTENSION_MINUTES: Final = 30
MAX_CASES: Final = 3  # three 45-minute cases already fill the longest (120 min) meeting
SCHEMA: Final = 1  # bump when to_dict() changes shape, so old rows are refused, not misread


class FlowError(AppError):
    """A refused flow action. 409: the request was fine, the session's state forbids it."""

    def __init__(self, code: str, message: str, status: int = 409) -> None:
        super().__init__(code, message, status)


@dataclass(frozen=True)
class _Rule:
    action: Action
    source: Phase
    target: Phase
    guard: _Guard | None = None
    effect: _Effect = "keep"


# The one transition table. Rows whose target equals their source are in-phase actions: they
# change the presenter or the timer, never the phase. Several rows for one (source, action) are
# told apart by complementary guards (first_case / later_case, case_finished / no_case_taken).
_RULES: Final[tuple[_Rule, ...]] = (
    _Rule("start", "waiting", "check_in"),
    _Rule("advance", "waiting", "check_in"),
    _Rule("advance", "check_in", "case_choice"),
    _Rule("advance", "case_choice", "presentation", "has_presenter"),
    _Rule("advance", "presentation", "questions"),
    _Rule("advance", "questions", "discussion"),
    _Rule("advance", "discussion", "return"),
    _Rule("return_early", "discussion", "return"),
    _Rule("advance", "return", "closing", effect="finish_case"),
    _Rule("close", "return", "closing", effect="finish_case"),
    # Silence is allowed in "who has a case?": if nobody brings one, the group still closes.
    _Rule("close", "case_choice", "closing", effect="drop_presenter"),
    _Rule("next_case", "return", "case_choice", "room_for_case", "next_case"),
    _Rule("advance", "closing", "ended"),
    _Rule("back", "case_choice", "check_in", "first_case", "drop_presenter"),
    _Rule("back", "case_choice", "return", "later_case", "reopen_prev"),
    _Rule("back", "presentation", "case_choice"),
    _Rule("back", "questions", "presentation"),
    _Rule("back", "discussion", "questions"),
    _Rule("back", "return", "discussion"),
    _Rule("back", "closing", "return", "case_finished", "reopen"),
    _Rule("back", "closing", "case_choice", "no_case_taken"),
    *(
        _Rule("end", p, "ended", effect="finish_case" if p in _CASE_OPEN else "drop_presenter")
        for p in PHASES[:-1]
    ),
    _Rule("choose_presenter", "case_choice", "case_choice"),
    *(_Rule("extend", p, p) for p in TIMED_PHASES),
    *(_Rule("pause", p, p, "running") for p in TIMED_PHASES),
    *(_Rule("resume", p, p, "paused") for p in TIMED_PHASES),
)
_BY_KEY: Final[dict[tuple[Phase, Action], tuple[_Rule, ...]]] = {}
for _rule in _RULES:
    _BY_KEY[(_rule.source, _rule.action)] = (*_BY_KEY.get((_rule.source, _rule.action), ()), _rule)

_NO_BACK: Final = ("cannot_go_back", "You cannot go back.")
_GUARDS: Final[Mapping[_Guard, tuple[Callable[[FlowState], bool], str, str]]] = {
    "has_presenter": (
        lambda s: s.presenter_user_id is not None,
        "no_presenter", "Choose who presents before moving on.",
    ),
    "room_for_case": (
        lambda s: s.case_number < MAX_CASES,
        "too_many_cases",
        f"A meeting can take at most {MAX_CASES} cases. Move on to the closing round.",
    ),
    "running": (lambda s: s.paused_remaining is None, "already_paused", "The timer is paused."),
    "paused": (lambda s: s.paused_remaining is not None, "not_paused", "The timer is running."),
    # Selectors: their sibling rows cover the opposite case, so these refusals never show.
    "first_case": (lambda s: s.case_number == 1, *_NO_BACK),
    "later_case": (lambda s: s.case_number > 1, *_NO_BACK),
    "case_finished": (lambda s: len(s.history) == s.case_number, *_NO_BACK),
    "no_case_taken": (lambda s: len(s.history) < s.case_number, *_NO_BACK),
}  # fmt: skip

# Why an action has no row in this phase, in the facilitator's words. {phase} is its label.
_NOT_HERE: Final[Mapping[Action, tuple[str, str]]] = {
    "start": ("wrong_phase", "The session has already started."),
    "advance": ("wrong_phase", "There is no next step from “{phase}”."),
    "back": ("cannot_go_back", "You cannot go back from “{phase}”."),
    "next_case": ("wrong_phase", "Another case can start only after the presenter has returned."),
    "close": ("wrong_phase", "The closing round can start only from “Who has a case?” or after "
              "the presenter has returned."),
    "return_early": ("wrong_phase", "The presenter can be invited back only during discussion."),
    "end": ("session_ended", "The session has already ended."),  # only ever "ended"
    "choose_presenter": ("wrong_phase", "The presenter is chosen during “Who has a case?”."),
    "extend": ("not_timed", "“{phase}” has no timer to extend."),
    "pause": ("not_timed", "“{phase}” has no timer to pause."),
    "resume": ("not_timed", "“{phase}” has no timer to resume."),
}  # fmt: skip


def _bad_state(what: str) -> FlowError:
    return FlowError("bad_state", f"The saved session state is damaged ({what}).", 500)


def _is_time(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class FlowState:
    """Where one meeting is. Immutable: every transition returns a new state.

    `history` holds the presenters of finished cases, in order; the current case's presenter is
    `presenter_user_id`. While the timer is paused `deadline` is None and `paused_remaining` holds
    the seconds that were left (negative if it was paused after time was up).
    """

    phase: Phase
    case_number: int
    presenter_user_id: str | None
    phase_started_at: float
    deadline: float | None
    durations: Mapping[str, int]  # seconds per timed phase
    history: tuple[str, ...] = ()
    paused_remaining: float | None = None
    version: int = 0

    def __post_init__(self) -> None:
        # Every state, whether built by a transition or read back from the store, passes here,
        # so an illegal combination can never exist long enough to be saved or shown.
        if self.phase not in PHASES:
            raise _bad_state("phase")
        if type(self.case_number) is not int or not 1 <= self.case_number <= MAX_CASES:
            raise _bad_state("case number")
        if type(self.version) is not int or self.version < 0:
            raise _bad_state("version")
        if not isinstance(self.durations, Mapping) or set(self.durations) != set(TIMED_PHASES):
            raise _bad_state("durations")
        for seconds in self.durations.values():
            if type(seconds) is not int or not 0 < seconds <= MAX_MINUTES * 60:
                raise _bad_state("durations")
        # A read-only copy: a frozen state must not change if the caller's dict later does.
        object.__setattr__(self, "durations", MappingProxyType(dict(self.durations)))
        if not isinstance(self.history, tuple):
            raise _bad_state("history")
        current = () if self.presenter_user_id is None else (self.presenter_user_id,)
        if not all(isinstance(p, str) and p for p in (*self.history, *current)):
            raise _bad_state("presenters")
        may_present = self.phase == "case_choice" or self.phase in _CASE_OPEN
        if (self.phase in _CASE_OPEN and not current) or (current and not may_present):
            raise _bad_state("presenter")
        finished = len(self.history)
        if self.phase in {"waiting", "check_in"} and self.case_number != 1:
            raise _bad_state("case number")
        if self.phase in {"closing", "ended"}:
            if not self.case_number - 1 <= finished <= self.case_number:
                raise _bad_state("history")
        elif finished != self.case_number - 1:
            raise _bad_state("history")
        for name in ("phase_started_at", "deadline", "paused_remaining"):
            value = getattr(self, name)
            if value is None and name != "phase_started_at":
                continue
            if not _is_time(value):
                raise _bad_state(name)
            object.__setattr__(self, name, float(value))
        timers = (self.deadline is not None) + (self.paused_remaining is not None)
        if timers != (1 if self.phase in TIMED_PHASES else 0):
            raise _bad_state("timer")

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-able dict of every field plus `schema`; `from_dict` reads it back."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(durations=dict(self.durations), history=list(self.history))
        return {"schema": SCHEMA, **data}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FlowState:
        """Read back a `to_dict()` result; anything damaged raises FlowError('bad_state')."""
        if not isinstance(data, Mapping) or set(data) != {"schema", *(f.name for f in fields(cls))}:
            raise _bad_state("fields")
        if data["schema"] != SCHEMA:
            raise _bad_state("schema")
        if not isinstance(data["history"], list):
            raise _bad_state("history")
        values = {k: v for k, v in data.items() if k != "schema"}
        return cls(**{**values, "history": tuple(data["history"])})


def validate_durations(overrides: Mapping[str, object] | None = None) -> dict[str, int]:
    """A group's phase lengths in minutes: the defaults with `overrides` applied.

    Refuses unknown phases, anything but whole minutes, and values outside 1..120 minutes with
    FlowError('bad_duration') naming the phase, so a facilitator can fix their settings.
    """
    if overrides is None:
        overrides = {}
    if not isinstance(overrides, Mapping):
        raise _bad_duration("Phase durations must map phase names to minutes.")
    merged = dict(DEFAULT_DURATIONS)
    for phase, minutes in overrides.items():
        if phase not in DEFAULT_DURATIONS:
            known = ", ".join(DEFAULT_DURATIONS)
            raise _bad_duration(f"“{str(phase)[:40]}” is not a timed phase. Use one of: {known}.")
        if type(minutes) is not int:
            raise _bad_duration(f"The {phase} duration must be a whole number of minutes.")
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise _bad_duration(
                f"The {phase} duration must be from {MIN_MINUTES} to {MAX_MINUTES} minutes."
            )
        merged[phase] = minutes
    return merged


def _bad_duration(message: str) -> FlowError:
    return FlowError("bad_duration", message, 400)


def new_flow(now: float, durations: Mapping[str, object] | None = None) -> FlowState:
    """A session in the waiting room, with the group's duration overrides (minutes) applied."""
    minutes = validate_durations(durations)
    return FlowState(
        phase="waiting",
        case_number=1,
        presenter_user_id=None,
        phase_started_at=now,
        deadline=None,
        durations={phase: m * 60 for phase, m in minutes.items()},
    )


def _rule_for(state: FlowState, action: Action) -> _Rule:
    """The table row that allows `action` now, or the FlowError a facilitator should read."""
    if state.phase == "ended":
        raise FlowError("session_ended", "The session has ended.")
    refusal: FlowError | None = None
    for rule in _BY_KEY.get((state.phase, action), ()):
        if rule.guard is None:
            return rule
        check, code, message = _GUARDS[rule.guard]
        if check(state):
            return rule
        refusal = refusal or FlowError(code, message)
    if refusal is not None:
        raise refusal
    code, template = _NOT_HERE[action]
    raise FlowError(code, template.format(phase=PHASE_LABELS[state.phase]))


def _move(state: FlowState, now: float, action: Action) -> FlowState:
    rule = _rule_for(state, action)
    presenter, history, case = state.presenter_user_id, state.history, state.case_number
    if rule.effect in ("finish_case", "next_case") and presenter is not None:
        history, presenter = (*history, presenter), None
    elif rule.effect == "drop_presenter":
        presenter = None
    elif rule.effect in ("reopen", "reopen_prev"):
        presenter, history = history[-1], history[:-1]
    case += {"next_case": 1, "reopen_prev": -1}.get(rule.effect, 0)
    # Entering a phase, even by going back, starts its full duration afresh and drops any pause.
    deadline = now + state.durations[rule.target] if rule.target in TIMED_PHASES else None
    return replace(
        state,
        phase=rule.target,
        case_number=case,
        presenter_user_id=presenter,
        history=history,
        phase_started_at=now,
        deadline=deadline,
        paused_remaining=None,
        version=state.version + 1,
    )


def start(state: FlowState, now: float) -> FlowState:
    """Open the session: waiting room -> check-in."""
    return _move(state, now, "start")


def advance(state: FlowState, now: float) -> FlowState:
    """Move to the next phase (from `return`, that is the closing round; see `next_case`)."""
    return _move(state, now, "advance")


def back(state: FlowState, now: float) -> FlowState:
    """Undo a move made by mistake; the earlier phase's timer restarts in full."""
    return _move(state, now, "back")


def next_case(state: FlowState, now: float) -> FlowState:
    """From `return`, ask "who has a case?" again for another case (up to MAX_CASES)."""
    return _move(state, now, "next_case")


def close(state: FlowState, now: float) -> FlowState:
    """Go to the closing round from `return`, or from "who has a case?" when nobody has one."""
    return _move(state, now, "close")


def return_presenter_early(state: FlowState, now: float) -> FlowState:
    """Invite the presenter back before the discussion's time is up."""
    return _move(state, now, "return_early")


def end(state: FlowState, now: float) -> FlowState:
    """End the session from any phase; a case under way counts as taken in `history`."""
    return _move(state, now, "end")


def choose_presenter(state: FlowState, now: float, user_id: str | None) -> FlowState:
    """Record who presents the case (None: the volunteer withdrew). Only in case_choice.

    The caller checks that `user_id` is in the room; the flow only knows opaque ids.
    """
    _rule_for(state, "choose_presenter")
    if user_id is not None and (not isinstance(user_id, str) or not user_id.strip()):
        raise FlowError("bad_presenter", "Choose a member of the group to present.", 400)
    return replace(state, presenter_user_id=user_id, version=state.version + 1)


def extend(state: FlowState, now: float, minutes: int) -> FlowState:
    """Give the current phase 1..30 more minutes.

    Counted from now if time is already up: "five more minutes" after an overrun means five
    minutes the group can still use, not five minutes of which some are already gone.
    """
    _rule_for(state, "extend")
    if type(minutes) is not int or not 1 <= minutes <= MAX_EXTENSION_MINUTES:
        raise FlowError(
            "bad_extension",
            f"Extend by a whole number of minutes from 1 to {MAX_EXTENSION_MINUTES}.",
            400,
        )
    if state.paused_remaining is not None:
        paused = max(state.paused_remaining, 0.0) + minutes * 60
        return replace(state, paused_remaining=paused, version=state.version + 1)
    assert state.deadline is not None  # a timed phase that is not paused has a deadline
    deadline = max(state.deadline, now) + minutes * 60
    return replace(state, deadline=deadline, version=state.version + 1)


def pause(state: FlowState, now: float) -> FlowState:
    """Stop the clock, e.g. while the group waits a couple of minutes for someone who dropped."""
    _rule_for(state, "pause")
    assert state.deadline is not None
    left = state.deadline - now
    return replace(state, deadline=None, paused_remaining=left, version=state.version + 1)


def resume(state: FlowState, now: float) -> FlowState:
    """Restart the clock with the time that was left when it was paused."""
    _rule_for(state, "resume")
    assert state.paused_remaining is not None
    deadline = now + state.paused_remaining
    return replace(state, deadline=deadline, paused_remaining=None, version=state.version + 1)


def remaining(state: FlowState, now: float) -> float | None:
    """Seconds left in this phase (never negative), or None for untimed phases."""
    if state.paused_remaining is not None:
        return max(state.paused_remaining, 0.0)
    return None if state.deadline is None else max(state.deadline - now, 0.0)


def overrun(state: FlowState, now: float) -> float:
    """Seconds past the deadline; 0.0 while time is left or the phase is untimed."""
    if state.paused_remaining is not None:
        return max(-state.paused_remaining, 0.0)
    return 0.0 if state.deadline is None else max(now - state.deadline, 0.0)


def presenter_may_post(state: FlowState) -> bool:
    """False during discussion: the presenter has stepped back and listens in silence."""
    return state.phase != "discussion"


def allowed_actions(state: FlowState) -> list[Action]:
    """The actions the facilitator may take now, in ACTIONS order (for enabling buttons)."""
    allowed: list[Action] = []
    for action in ACTIONS:
        try:
            _rule_for(state, action)
        except FlowError:
            continue
        allowed.append(action)
    return allowed


def next_phases(state: FlowState) -> list[Phase]:
    """The phases the facilitator can move to now, in PHASES order."""
    targets = {_rule_for(state, a).target for a in allowed_actions(state)} - {state.phase}
    return [p for p in PHASES if p in targets]


def describe(state: FlowState, now: float) -> dict[str, Any]:
    """The public snapshot sent to everyone in the room. Holds no past presenters."""
    return {
        "phase": state.phase,
        "phase_label": PHASE_LABELS[state.phase],
        "case_number": state.case_number,
        "max_cases": MAX_CASES,
        "presenter_user_id": state.presenter_user_id,
        "presenter_may_post": presenter_may_post(state),
        "phase_started_at": state.phase_started_at,
        "deadline": state.deadline,
        "remaining": remaining(state, now),
        "overrun": overrun(state, now),
        "paused": state.paused_remaining is not None,
        "version": state.version,
        "next_phases": next_phases(state),
        "actions": allowed_actions(state),
    }
