"""The shapes of what clients send, parsed once at the edge into typed structures.

Each socket payload and HTTP body is converted here (msgspec) before any action runs, so the
actions receive typed values instead of `Any`. msgspec checks the shape (an object, the field
present, of the right type); the text rules stay in server/validate.py, the one home for them,
and run in each structure's `__post_init__`. msgspec's own error text never reaches a user:
`parse` maps it to our codes and plain-English messages, in this one place.

Unknown fields are ignored, as they always were; `null` for an optional field means "not given".
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from server import validate
from server.errors import AppError, bad_request

T = TypeVar("T", bound=msgspec.Struct)

# msgspec names the offending field in its message: "... - at `$.text`" (a wrong type) or
# "Object missing required field `text`". Only the top-level name is used: it is all our
# message ever said.
_AT = re.compile(r" - at `\$\.([^`.\[]+)")
_MISSING = re.compile(r"missing required field `([^`]+)`")


def _refusal(error: msgspec.ValidationError) -> AppError:
    text = str(error)
    found = _AT.search(text) or _MISSING.search(text)
    if found is None:  # the payload itself is not an object (an array, a string, null)
        return bad_request("The request must be a JSON object.", "bad_payload")
    return bad_request(f"The field '{found.group(1)}' is missing or has the wrong type.",
                       "bad_payload")


def parse(kind: type[T], data: Any) -> T:
    """The payload as a `kind`, or our `bad_payload` refusal (never msgspec's wording).

    `data` is JSON already decoded (python-socketio decodes socket payloads; HTTP bodies go
    through validate.json_input first), so this converts Python values: no second parse.
    Errors a structure's `__post_init__` raises (AppError from server/validate.py) pass through.
    """
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as error:
        raise _refusal(error) from None


class Payload(msgspec.Struct, frozen=True):
    """Base of every payload: immutable once parsed."""


# -- socket events -----------------------------------------------------------------------------


class InSession(Payload, frozen=True):
    """Any event naming a session (`leave`, `accept_rules`)."""

    session_id: str


class Join(Payload, frozen=True):
    session_id: str
    since_seq: int | None = None

    def __post_init__(self) -> None:
        if self.since_seq is not None and self.since_seq < 0:
            raise bad_request("since_seq cannot be negative.", "bad_payload")

    @property
    def since(self) -> int:
        return self.since_seq or 0


GROUP = "group"  # the channel an event means when it names none (server/actions/rooms.py)


class Send(Payload, frozen=True):
    """A chat message. client_id and text are checked (and the text normalised) on parsing, so
    an action never sees a message that breaks the text rules."""

    session_id: str
    client_id: str
    text: str
    channel: str | None = None

    def __post_init__(self) -> None:
        validate.client_id(self.client_id)
        # frozen: the normalised text replaces the raw one once, here.
        msgspec.structs.force_setattr(self, "text", validate.message_text(self.text))

    @property
    def channel_named(self) -> str:
        """The channel asked for; `null` or absent is the group's (an empty name is not)."""
        return GROUP if self.channel is None else self.channel


class History(Payload, frozen=True):
    session_id: str
    since_seq: int
    channel: str | None = None

    @property
    def channel_named(self) -> str:
        """The channel asked for; `null` or absent is the group's (an empty name is not)."""
        return GROUP if self.channel is None else self.channel


class Hand(Payload, frozen=True):
    session_id: str
    raised: bool


class PauseSignal(Payload, frozen=True):
    session_id: str
    note: str | None = None


def _target(user_id: str | None) -> None:
    """`user_id` null or absent means everyone (mute) or nobody (floor); empty means a bug."""
    if user_id is not None and not user_id:
        raise bad_request("Say whom this is for.", "bad_payload")


def missing(name: str) -> AppError:
    """The refusal for a field a payload needs only in some cases (flow's `minutes`)."""
    return bad_request(f"The field '{name}' is missing or has the wrong type.", "bad_payload")


class Flow(Payload, frozen=True):
    """`flow`: `user_id` for choose_presenter (null clears), `minutes` for extend."""

    session_id: str
    action: str
    user_id: str | None = None
    minutes: int | None = None


class Admit(Payload, frozen=True):
    session_id: str
    user_id: str
    admit: bool | None = None

    @property
    def admitted(self) -> bool:
        return self.admit is not False


class Lock(Payload, frozen=True):
    session_id: str
    locked: bool


class Mute(Payload, frozen=True):
    """No `user_id`: everyone but the facilitators."""

    session_id: str
    muted: bool
    user_id: str | None = None

    def __post_init__(self) -> None:
        _target(self.user_id)


class Remove(Payload, frozen=True):
    session_id: str
    user_id: str


class Redact(Payload, frozen=True):
    session_id: str
    seq: int


class GiveFloor(Payload, frozen=True):
    """`user_id` null takes the floor back."""

    session_id: str
    user_id: str | None = None

    def __post_init__(self) -> None:
        _target(self.user_id)


class PauseAnswer(Payload, frozen=True):
    session_id: str
    pause_id: str
    reply: str | None = None


# -- HTTP bodies -------------------------------------------------------------------------------


class InvitationToken(Payload, frozen=True):
    """`POST /api/invitations/info`."""

    token: str


class AcceptInvitation(Payload, frozen=True):
    """`POST /api/invitations/accept`: a signed-in person sends only the token; the rules for
    a new account's fields are applied by the action, which knows which case it is."""

    token: str
    username: str | None = None
    display_name: str | None = None
    password: str | None = None


class SignIn(Payload, frozen=True):
    username: str
    password: str


class ChangePassword(Payload, frozen=True):
    current_password: str
    new_password: str


class Invite(Payload, frozen=True):
    """`POST /api/groups/{id}/invitations`."""

    role: str
    label: str | None = None


class InviteLead(Payload, frozen=True):
    """`POST /api/programmes/{id}/invitations` (a programme lead)."""

    label: str | None = None


class NewProgramme(Payload, frozen=True):
    """`POST /api/programmes`."""

    name: str


class NewGroup(Payload, frozen=True):
    """`POST /api/groups`."""

    programme_id: str
    name: str


class OpenSession(Payload, frozen=True):
    """`POST /api/groups/{id}/sessions`."""

    title: str


# -- case notes (server/http/notes_api.py): envelopes and keys stay opaque strings here; their
# structure is server/crypto's business.


class NotesKey(Payload, frozen=True):
    """`PUT /api/notes/key`."""

    public_key: str
    backup: str
    replace: bool | None = None
    signing_key: str | None = None


class NewNote(Payload, frozen=True):
    """`POST /api/sessions/{id}/notes`."""

    note_id: str
    audience: str
    envelope: str


class NoteReader(Payload, frozen=True):
    """`POST /api/notes/{id}/readers`."""

    envelope: str


# -- attendance and certificates (server/http/attendance_api.py); the text rules for the
# reason, names and email stay in the actions, beside their limits.


class Correction(Payload, frozen=True):
    """`POST /api/sessions/{id}/register/corrections`."""

    user_id: str
    present: bool
    minutes: int
    reason: str


class Supervisor(Payload, frozen=True):
    """`PUT /api/me/supervisor` and an administrator's for anyone."""

    name: str
    email: str


class ReportSettings(Payload, frozen=True):
    """A programme's attendance report bands; absent or null leaves one as it is."""

    expected_rate: int | None = None
    min_count: int | None = None


class NotifySupervisors(Payload, frozen=True):
    """`POST /api/programmes/{id}/supervisor-notifications`; `from` is a Python keyword."""

    group_id: str
    from_: str | None = msgspec.field(default=None, name="from")
    to: str | None = None
    pseudonym: str | None = None


class CertificateName(Payload, frozen=True):
    """`PUT /api/me/certificate-name`; empty goes back to the display name."""

    certificate_name: str
