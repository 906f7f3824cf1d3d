"""The live state of one open session, kept in memory and mirrored in the store.

Hot-path checks (may this person post now?) read this object, never the database. Every change
is committed to the store first and applied here after, so a restarted server rebuilds exactly
the same state from the store (`load`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from server import flow
from server.errors import AppError, not_found
from server.keys import Services
from server.permissions import Action, Role, is_allowed

ADMITTED, WAITING, TURNED_AWAY, REMOVED = "admitted", "waiting", "turned_away", "removed"

# Why a member may not write now, in the words of a refused `send` and of the room above their
# message box before they try: the join acknowledgement carries these (`silenced`), so the
# client keeps no copy of them.
SILENCED = {
    "presenter_listening": "You are listening while the group discusses your case. You can read "
                           "everything; the facilitator will invite you back to speak.",
    "muted": "A facilitator has muted you for now. You can still read everything.",
    "chat_paused": "A facilitator has paused chat for members for now. You can still read "
                   "everything; raise your hand if you would like to speak.",
}


@dataclass(slots=True)  # one per person in each open session
class Participant:
    user_id: str
    display_name: str
    role: str  # member | facilitator
    status: str
    muted: bool = False


@dataclass
class LiveSession:
    session_id: str
    group_id: str
    title: str
    group_name: str
    state: str  # open | ended
    flow: flow.FlowState
    locked: bool
    muted_all: bool
    participants: dict[str, Participant] = field(default_factory=dict)
    # Transient by design: a raised hand or a pause signal matters now, not after a restart.
    hands: list[tuple[str, float]] = field(default_factory=list)
    pauses: list[dict[str, Any]] = field(default_factory=list)
    # Who was given the floor, and in which phase of which case: the floor lapses by itself
    # when the group moves on, without the flow having to know about it.
    floor: tuple[str, str, int] | None = None

    def adopt(self, fresh: LiveSession) -> None:
        """Take the stored state from a fresh load, in place: code holding this object (or one
        of its participants) across an await sees the new state and writes into the cache."""
        self.state, self.flow = fresh.state, fresh.flow
        self.locked, self.muted_all = fresh.locked, fresh.muted_all
        for user_id, p in fresh.participants.items():
            mine = self.participants.get(user_id)
            if mine is None:
                self.participants[user_id] = p
            else:
                mine.display_name, mine.role = p.display_name, p.role
                mine.status, mine.muted = p.status, p.muted

    def display_name(self, user_id: str | None) -> str | None:
        p = self.participants.get(user_id or "")
        return p.display_name if p else None

    def is_admitted(self, user_id: str) -> bool:
        p = self.participants.get(user_id)
        return p is not None and p.status == ADMITTED

    def floor_holder(self) -> str | None:
        """Who has the floor in this phase of this case, if anyone."""
        if self.floor is None:
            return None
        user_id, phase, case = self.floor
        if (phase, case) != (self.flow.phase, self.flow.case_number):
            return None
        return user_id

    def check_may_post(self, user_id: str, roles: frozenset[Role]) -> None:
        """Refuse a post from a silenced presenter or a muted member, in plain words.

        What a Balint leader expects: the presenter speaks while presenting, answers the
        clarifying questions and returns at the end, so "pause chat for members" never
        silences them then; during discussion they listen, whatever else is set. A member
        given the floor may speak while chat is paused for the others. A mute of one person
        is the facilitator's explicit choice and holds for everyone, presenter included.
        """
        if is_allowed(roles, Action.POST_ANY_TIME):
            return
        presenting = self.flow.presenter_user_id == user_id
        if presenting and not flow.presenter_may_post(self.flow):
            raise AppError("presenter_listening", SILENCED["presenter_listening"], 403)
        p = self.participants.get(user_id)
        if p is not None and p.muted:
            raise AppError("muted", SILENCED["muted"], 403)
        if self.muted_all and not presenting and self.floor_holder() != user_id:
            raise AppError("muted", SILENCED["chat_paused"], 403)

    def flow_view(self, now: float) -> dict[str, Any]:
        view = flow.describe(self.flow, now)
        view["presenter_name"] = self.display_name(self.flow.presenter_user_id)
        view["server_now"] = now
        view["locked"] = self.locked
        view["muted_all"] = self.muted_all
        floor = self.floor_holder()
        view["floor_user_id"] = floor
        view["floor_name"] = self.display_name(floor)
        return view


async def load(svc: Services, session_id: str) -> LiveSession:
    row = await svc.db.fetch_one(
        "SELECT s.*, g.name AS group_name, g.settings FROM sessions s"
        " JOIN groups g ON g.id = s.group_id WHERE s.id = ?",
        (session_id,),
    )
    if row is None:
        raise not_found("session_unknown", "There is no such session. Check the link.")
    stored = json.loads(row["flow"] or "{}")
    state = flow.FlowState.from_dict(stored) if stored else flow.new_flow(row["opened_at"])
    live = LiveSession(row["id"], row["group_id"], row["title"], row["group_name"], row["state"],
                       state, bool(row["locked"]), bool(row["muted_all"]))
    rows = await svc.db.fetch_all(
        "SELECT p.user_id, p.status, p.muted, u.display_name, COALESCE(m.role, 'member') AS role"
        " FROM participants p JOIN users u ON u.id = p.user_id"
        " LEFT JOIN memberships m ON m.group_id = ? AND m.user_id = p.user_id"
        " WHERE p.session_id = ?",
        (row["group_id"], session_id),
    )
    for r in rows:
        live.participants[r["user_id"]] = Participant(r["user_id"], r["display_name"], r["role"],
                                                      r["status"], bool(r["muted"]))
    return live
