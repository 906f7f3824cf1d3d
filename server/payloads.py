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

from server import retention, validate
from server.errors import AppError, bad_request

T = TypeVar("T", bound="Payload")

# msgspec names the offending field in its message: "... - at `$.text`" (a wrong type) or
# "Object missing required field `text`". Only the top-level name is used: it is all our
# message ever said.
_AT = re.compile(r" - at `\$\.([^`.\[]+)")
_MISSING = re.compile(r"missing required field `([^`]+)`")
# Where an error is, as a path of field names ("$.retention.chat_hours" -> ("retention",
# "chat_hours"); list indices dropped), and the name of an unknown field, for the bodies that
# refuse unknown fields in their own words (`refusal` below).
_PATH = re.compile(r" - at `\$((?:\.[^`.\[]+|\[\d+\])*)`$")
_UNKNOWN = re.compile(r"^Object contains unknown field `(.*?)`(?: - at `[^`]*`)?$", re.S)


def _where(text: str) -> tuple[str, ...]:
    found = _PATH.search(text)
    if found is None:
        return ()
    return tuple(part for part in re.split(r"\.|\[\d+\]", found.group(1)) if part)


def _refusal(kind: type[Payload], error: msgspec.ValidationError) -> AppError:
    text = str(error)
    unknown = _UNKNOWN.match(text)
    own = kind.refusal(_where(text), unknown.group(1) if unknown else None)
    if own is not None:
        return own
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
        raise _refusal(kind, error) from None


class Payload(msgspec.Struct, frozen=True):
    """Base of every payload: immutable once parsed."""

    @classmethod
    def refusal(cls, where: tuple[str, ...], unknown: str | None) -> AppError | None:
        """A body's own code and words for a shape error at `where` (the path of field names;
        for an unknown field, the object holding it), or None for the general `bad_payload`."""
        return None

    def given(self) -> dict[str, Any]:
        """The fields the client sent (those still UNSET left out), for partial updates."""
        return {name: value for name, value in msgspec.structs.asdict(self).items()
                if value is not msgspec.UNSET}


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


# Voice and video (server/actions/media.py): a WebRTC session description is a few KB (a dozen
# m-lines with their codecs); anything much larger is not one.
MAX_SDP_CHARS = 32_000
MAX_CANDIDATE_CHARS = 1_000
SIGNAL_KINDS = frozenset({"hello", "offer", "answer", "candidate", "state", "bye"})


class IceCandidate(Payload, frozen=True):
    """RTCIceCandidateInit, as the browser's `candidate.toJSON()` gives it (its own names)."""

    candidate: str
    sdpMid: str | None = None
    sdpMLineIndex: int | None = None
    usernameFragment: str | None = None


class MediaState(Payload, frozen=True):
    """What a person sends now: their microphone and camera, on or off."""

    mic: bool
    camera: bool


class MediaSignal(Payload, frozen=True):
    """`media_signal`: one WebRTC message for one other person in the room. `sdp` goes with an
    offer or answer, `candidate` with a candidate, `state` with a state; hello and bye carry
    nothing. `peer` names the sender's page, so a second tab of the same person is told apart."""

    session_id: str
    to: str
    kind: str
    peer: str
    sdp: str | None = None
    candidate: IceCandidate | None = None
    state: MediaState | None = None

    def __post_init__(self) -> None:
        if self.kind not in SIGNAL_KINDS:
            raise bad_request("Unknown kind of media signal.", "bad_signal")
        if not self.to or not 0 < len(self.peer) <= 64:
            raise bad_request("Say whom this media signal is for.", "bad_payload")
        needs = {"offer": "sdp", "answer": "sdp", "candidate": "candidate", "state": "state"}
        wanted = needs.get(self.kind)
        if wanted is not None and getattr(self, wanted) is None:
            raise missing(wanted)
        if self.sdp is not None and len(self.sdp) > MAX_SDP_CHARS:
            raise bad_request("That session description is too long.", "too_long")
        if self.candidate is not None and len(self.candidate.candidate) > MAX_CANDIDATE_CHARS:
            raise bad_request("That ICE candidate is too long.", "too_long")


class MuteMicrophones(Payload, frozen=True):
    """`mute_microphones`: a facilitator turns one person's microphone off (no `user_id`:
    everyone's but the facilitators'). Only the person turns it back on."""

    session_id: str
    user_id: str | None = None

    def __post_init__(self) -> None:
        _target(self.user_id)


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


class CertificateSignature(Payload, frozen=True, forbid_unknown_fields=True):
    algorithm: str
    key_id: str
    value: str


class Certificate(Payload, frozen=True, forbid_unknown_fields=True):
    """`POST /api/verify` and `POST /api/certificate-qr`: a signed certificate, exactly its
    three parts (any other field would be unsigned). The certificate itself stays a plain
    object: its signature covers every byte of it, so nothing may be dropped or converted.
    Read with `certificate`, not `parse`: a wrong shape is a verdict, not a refusal."""

    format: str
    certificate: dict[str, Any]
    signature: CertificateSignature

    def document(self) -> dict[str, Any]:
        """The certificate as JSON again (signed, packed into a link)."""
        return {"format": self.format, "certificate": self.certificate,
                "signature": {"algorithm": self.signature.algorithm,
                              "key_id": self.signature.key_id, "value": self.signature.value}}


def certificate(data: Any) -> Certificate | None:
    """The pasted document as a Certificate, or None when it is not shaped like one (the
    check page then says "not a certificate", server/crypto/certificates.py)."""
    try:
        return msgspec.convert(data, Certificate)
    except msgspec.ValidationError:
        return None


class CertificateName(Payload, frozen=True):
    """`PUT /api/me/certificate-name`; empty goes back to the display name."""

    certificate_name: str


# -- retention and group settings (server/retention.py, server/group_settings.py): partial
# updates, so every field may be left out (UNSET); `null` is a wrong type, as it always was.
# These bodies refuse unknown fields (a misspelt setting must not be silently dropped) and
# keep their own codes; the ranges are checked on the typed values by the actions.

_Int = int | msgspec.UnsetType


def _retention_refusal(where: tuple[str, ...], unknown: str | None,
                       ranges: dict[str, tuple[int, int]]) -> AppError | None:
    if unknown is not None:
        return bad_request(f"Unknown retention setting: {unknown[:40]}.", "bad_setting")
    if where and where[0] in ranges:
        return retention.out_of_range(where[0], ranges)
    return None


class RetentionLimits(Payload, frozen=True, forbid_unknown_fields=True):
    """`PUT /api/programmes/{id}/retention-limits`: any of a programme's limits."""

    max_chat_hours: _Int = msgspec.UNSET
    max_facilitator_days: _Int = msgspec.UNSET
    max_note_days: _Int = msgspec.UNSET
    attendance_years: _Int = msgspec.UNSET

    @classmethod
    def refusal(cls, where: tuple[str, ...], unknown: str | None) -> AppError | None:
        return _retention_refusal(where, unknown, retention.LIMIT_RANGES)


class GroupRetention(Payload, frozen=True, forbid_unknown_fields=True):
    chat_hours: _Int = msgspec.UNSET
    facilitator_days: _Int = msgspec.UNSET
    note_days: _Int = msgspec.UNSET


class LanguageReflection(Payload, frozen=True, forbid_unknown_fields=True):
    enabled: bool | msgspec.UnsetType = msgspec.UNSET
    extra_terms: list[str] | msgspec.UnsetType = msgspec.UNSET


_REFLECTION_SHAPE = ("Language reflection must be an object with 'enabled' and/or "
                     "'extra_terms'.")


class GroupSettings(Payload, frozen=True, forbid_unknown_fields=True):
    """`PUT /api/groups/{id}/settings`: any of a group's settings. The minutes per phase are
    checked by server/flow.py (phase names and ranges), the rest by server/group_settings.py."""

    durations: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET
    auto_admit: bool | msgspec.UnsetType = msgspec.UNSET
    ground_rules: str | msgspec.UnsetType = msgspec.UNSET
    retention: GroupRetention | msgspec.UnsetType = msgspec.UNSET
    language_reflection: LanguageReflection | msgspec.UnsetType = msgspec.UNSET
    push_to_talk: bool | msgspec.UnsetType = msgspec.UNSET

    @classmethod
    def refusal(cls, where: tuple[str, ...], unknown: str | None) -> AppError | None:
        inside = where[1:]
        if not where:
            if unknown is not None:
                return bad_request(f"Unknown setting: {unknown[:40]}.", "bad_setting")
            return None
        if where[0] == "durations":
            return bad_request("Durations must map phase names to minutes.", "bad_duration")
        if where[0] == "retention":
            if not inside and unknown is None:
                return bad_request("Retention settings must be a JSON object.", "bad_payload")
            return _retention_refusal(inside, unknown, retention.GROUP_RANGES)
        if where[0] == "language_reflection":
            return _reflection_refusal(inside, unknown)
        if where[0] == "push_to_talk":
            return bad_request("Push-to-talk is either on (true) or off (false).", "bad_setting")
        return None  # auto_admit, ground_rules: the general wording, as validate.field said


def _reflection_refusal(inside: tuple[str, ...], unknown: str | None) -> AppError:
    if unknown is not None:
        return bad_request(f"Unknown language reflection setting: {unknown[:40]}.",
                           "bad_setting")
    if inside and inside[0] == "enabled":
        return bad_request("Language reflection is either on (true) or off (false).",
                           "bad_setting")
    if inside and inside[0] == "extra_terms":
        return bad_request("The extra words must be a list of words or short phrases.",
                           "bad_setting")
    return bad_request(_REFLECTION_SHAPE, "bad_setting")


# -- single sign-on and passkeys (issue 24) -------------------------------------------------


class SsoStart(Payload, frozen=True):
    """`POST /api/sso/{provider}/start`: an invitation to accept with it, or `link` to add it
    to the signed-in account."""

    invitation: str | None = None
    link: bool = False


class SsoFinish(Payload, frozen=True):
    """`POST /api/sso/finish`: what the provider sent back to /sso/callback."""

    state: str = ""
    code: str = ""
    error: str = ""


class SignInPolicy(Payload, frozen=True, forbid_unknown_fields=True):
    """`PUT /api/programmes/{programme_id}/sign-in-policy`."""

    require_sso: bool = False
    staff_second_factor: bool = False


class PasskeyAnswer(Payload, frozen=True):
    """`POST /api/passkeys/sign-in`: navigator.credentials.get's answer as JSON (py_webauthn
    reads its fields)."""

    credential: dict[str, Any]


class NewPasskey(Payload, frozen=True):
    """`POST /api/passkeys`: navigator.credentials.create's answer and the owner's name for it."""

    credential: dict[str, Any]
    name: str = ""


class PasskeyName(Payload, frozen=True):
    """`PATCH /api/passkeys/{passkey_id}`."""

    name: str


class SecondFactor(Payload, frozen=True):
    """`POST /api/passkeys/second-factor`: a passkey's answer, or a recovery code."""

    credential: dict[str, Any] | None = None
    recovery_code: str | None = None
# -- terms, calendars, reminders and apologies (server/http/schedule_api.py); dates, times
# and zones are checked in server/schedule.py, the one home for them.


class ScheduleSettings(Payload, frozen=True):
    """`PUT /api/groups/{id}/schedule-settings`; absent or null leaves one as it is."""

    timezone: str | None = None
    open_minutes: int | None = None


class NewTerm(Payload, frozen=True):
    """`POST /api/groups/{id}/terms`: "from this date (on this weekday), at this time, every N
    weeks, so many sessions of so many minutes"."""

    first_date: str
    start_time: str
    every_weeks: int
    count: int
    minutes: int
    weekday: str | None = None


class NewScheduled(Payload, frozen=True):
    """`POST /api/groups/{id}/scheduled` (one extra session) and the new time of a move
    (`PUT /api/scheduled/{id}`); `minutes` absent keeps the length."""

    date: str
    start_time: str
    minutes: int | None = None


class Apologies(Payload, frozen=True):
    """`PUT /api/scheduled/{id}/apologies`: "I can't come", with an optional reason."""

    reason: str | None = None


class ReminderSettings(Payload, frozen=True):
    """`PUT /api/me/reminders`."""

    email: str
    enabled: bool = True
