"""What is fuzzed: every socket event of the room namespace and every route of the app's router.

The lists are made from the code (`namespace_events`, `router_routes`) and compared with the
specs here, so a new event or route without a spec fails tests/test_fuzz.py instead of going
unfuzzed. Each spec names the fields its handler reads; the strategies fill them with nearly
right values and junk (strategies.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from server.app import create_sio
from server.payloads import SIGNAL_KINDS
from server.realtime.rooms_ns import RoomNamespace
from tests.fuzz import strategies as s
from tests.fuzz.strategies import Ref, refs, weighted

# --- socket events --------------------------------------------------------------------------

_SESSION = {"session_id": s.SESSION}
SOCKET_FIELDS: dict[str, dict[str, SearchStrategy[Any]]] = {
    "join": {**_SESSION, "since_seq": s.SEQ},
    "accept_rules": _SESSION,
    "leave": _SESSION,
    "send": {**_SESSION, "client_id": s.CLIENT_ID, "text": s.MESSAGE, "channel": s.CHANNEL},
    "history": {**_SESSION, "since_seq": s.SEQ, "channel": s.CHANNEL},
    "hand": {**_SESSION, "raised": s.BOOL},
    "pause_signal": {**_SESSION, "note": s.PAUSE_NOTE},
    "flow": {**_SESSION, "action": s.FLOW_ACTION, "user_id": s.USER, "minutes": s.MINUTES},
    "admit": {**_SESSION, "user_id": s.USER, "admit": s.BOOL},
    "lock": {**_SESSION, "locked": s.BOOL},
    "mute": {**_SESSION, "user_id": s.USER, "muted": s.BOOL},
    "remove": {**_SESSION, "user_id": s.USER},
    "redact": {**_SESSION, "seq": s.SEQ},
    "give_floor": {**_SESSION, "user_id": s.USER},
    "pause_answer": {**_SESSION, "pause_id": s.PAUSE_NOTE, "reply": s.PAUSE_NOTE},
    # Voice and video's signaling: relayed to one person in the room, never stored.
    "media_signal": {**_SESSION, "to": s.USER, "peer": s.CLIENT_ID, "sdp": s.MESSAGE,
                     "kind": st.sampled_from(sorted(SIGNAL_KINDS))},
    "media_credentials": _SESSION,
    "mute_microphones": {**_SESSION, "user_id": s.USER},
    "unreadable": {},
}
FACILITATOR_EVENTS = {"flow", "admit", "lock", "mute", "remove", "redact", "give_floor",
                     "pause_answer", "mute_microphones"}
# Who sends: mostly the person each event is for, sometimes anyone else who holds a socket.
ROOM_PEOPLE = ("fac", "m1", "m2", "waiter")
_FOR_FACILITATORS = weighted((8, st.just("fac")),
                             (3, st.sampled_from(["m1", "m2", "waiter", "outsider", "lead"])))
_FOR_MEMBERS = weighted((4, st.just("m1")), (3, st.just("m2")),
                        (3, st.sampled_from(["fac", "waiter", "outsider", "lead"])))


def namespace_events() -> set[str]:
    """Every event a client can trigger: the room namespace's `on_<event>` methods, read from
    the class itself, and the handlers `create_sio` registers on the server."""
    ours = [c for c in RoomNamespace.__mro__ if c.__module__.startswith("server.")]
    names = {n[3:] for c in ours for n in vars(c) if n.startswith("on_")}
    names |= set(create_sio().handlers.get("/", {}))
    return names - {"connect", "disconnect"}  # socket.io's own, fuzzed by `connect` below


@dataclass(frozen=True)
class SocketCase:
    actor: str
    event: str
    mode: str  # one: a single argument; none: no argument; many: several arguments
    payload: Any


def socket_cases(event: str) -> SearchStrategy[SocketCase]:
    fields = SOCKET_FIELDS[event]
    actors = _FOR_FACILITATORS if event in FACILITATOR_EVENTS else _FOR_MEMBERS
    args = weighted(
        (16, s.hostile_object(fields, binary=True).map(lambda p: ("one", p))),
        (1, st.just(("none", None))),
        (1, st.lists(s.json_values(True), min_size=2, max_size=3).map(lambda a: ("many", a))),
    )
    return st.builds(lambda actor, a: SocketCase(actor, event, a[0], a[1]), actors, args)


@dataclass(frozen=True)
class Step:
    actor: str
    event: str
    payload: Any
    replay: bool = False  # send the previous step's resolved packet again, unchanged


def sequences() -> SearchStrategy[list[Step]]:
    """Short runs of well-formed events in any order: send before join, join twice, leave then
    send, flow actions out of order, redact twice, admit after removal, replays."""
    events = sorted(SOCKET_FIELDS.keys() - {"unreadable"})

    @st.composite
    def step(draw: Any) -> Step:
        event = draw(st.sampled_from(events))
        actor = draw(_FOR_FACILITATORS if event in FACILITATOR_EVENTS
                     else st.sampled_from(ROOM_PEOPLE))
        payload = {name: draw(good) for name, good in SOCKET_FIELDS[event].items()
                   if draw(st.integers(0, 5))}
        payload["session_id"] = Ref("session")
        return Step(actor, event, payload, replay=draw(st.integers(0, 9)) == 0)

    return st.lists(step(), min_size=2, max_size=6)


@dataclass(frozen=True)
class ConnectCase:
    cookie: str  # an actor's name, or none / garbage / huge / two
    origin: Any
    auth: Any
    namespace: str
    transport: str


def connect_cases() -> SearchStrategy[ConnectCase]:
    return st.builds(
        ConnectCase,
        cookie=weighted((6, st.sampled_from(["m1", "fac", "outsider", "lead", "admin"])),
                        (3, st.sampled_from(["none", "garbage", "huge", "two", "revoked"]))),
        origin=s.ORIGIN,
        auth=weighted((4, st.none()), (1, s.json_values())),
        namespace=weighted((8, st.just("/")), (1, st.sampled_from(["/nope", "/admin", "/x/y"]))),
        transport=weighted((5, st.just("websocket")), (1, st.just("polling"))),
    )


@dataclass(frozen=True)
class RawCase:
    """One socket.io packet written by hand, sent on its own engine.io connection."""

    packet: str | bytes
    attachments: tuple[bytes, ...] = ()
    oversized: bool = False


def _event_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _wire(text: str) -> str:
    # A websocket text frame must be valid UTF-8: a lone surrogate travels as its JSON escape.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def raw_cases() -> SearchStrategy[RawCase]:
    names = st.sampled_from([*sorted(SOCKET_FIELDS), "connect", "disconnect", "connect_error",
                             "message", "__class__", "", "on_join"])
    ack = weighted((3, st.integers(900_000, 999_999).map(str)), (1, st.just("")),
                   (1, st.just("9" * 120)))
    body = st.one_of(
        st.builds(lambda n, p: _event_text([n, p]), names, s.json_values()),
        st.builds(lambda n: _event_text([n]), names),
        st.sampled_from(["[]", "{}", '"join"', "[1]", "[null]", "[[]]", '["join"', "[,]", "NaN",
                         '["join",NaN]', '["join",{"session_id":"\\ud800"}]', "x", "",
                         '["join",' + "1" * 150 + "]", '["join",1e999]', '["join",-0]']),
        st.integers(10, 60_000).map(lambda n: '["join",' + "[" * n + "]" * n + "]"),
        st.integers(10, 60_000).map(lambda n: '["join",' + '{"a":' * n + "1" + "}" * n + "]"),
        s.texts(30),
    )
    namespaces = weighted((8, st.just("")), (1, st.sampled_from(["/nope,", "/,", "/" + "a" * 500
                                                                 + ","])))
    text = st.one_of(
        st.builds(lambda ns, a, b: "2" + ns + a + b, namespaces, ack, body),
        # (Not "0" alone: a second CONNECT to "/" makes the python client itself lose track.)
        st.builds(lambda t, b: t + b, st.sampled_from(["0/nope,", "3", "4", "6", "7", "9",
                                                       "x", "-", "22", "1/nope,"]), body),
        st.builds(lambda b: "51-" + b, body),
    )
    binary = st.builds(
        lambda n, att: RawCase('5' + str(n) + '-["join",{"_placeholder":true,"num":'
                               + str(n - 1 if n else 7) + "}]", tuple(att)),
        st.integers(0, 3), st.lists(st.binary(max_size=16), max_size=3))
    return weighted(
        (12, text.map(lambda x: RawCase(_wire(x)))),
        (2, binary),
        (2, st.binary(max_size=40).map(RawCase)),
        (1, st.integers(530_000, 700_000).map(
            lambda n: RawCase('42["send",{"text":"' + "x" * n + '"}]', oversized=True))),
    )


# --- HTTP routes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteSpec:
    body: dict[str, SearchStrategy[Any]] | None = None  # the fields the handler reads
    whole: SearchStrategy[Any] | None = None  # a ready-made body (a certificate, a note)
    query: dict[str, SearchStrategy[Any]] = field(default_factory=dict)
    # Sign-out and password change end the caller's sign-in: they run as a throwaway sign-in.
    ends_sign_in: bool = False


_TERM = {"from": s.DATE, "to": s.DATE}
_SUPERVISOR = {"name": s.NAME, "email": s.EMAIL}
_SETTINGS = {
    "durations": weighted((4, st.dictionaries(st.sampled_from(["check_in", "case_choice",
                                                               "presentation", "questions",
                                                               "discussion", "return", "closing",
                                                               "waiting", "ended"]),
                                              s.MINUTES, max_size=3)),
                          (1, s.json_values())),
    "auto_admit": s.BOOL,
    "ground_rules": weighted((4, st.text(min_size=1, max_size=200)), (1, s.texts(50)),
                             (1, s.huge_text(2_990, 3_100))),
    "retention": weighted((4, st.fixed_dictionaries({}, optional={
        "chat_hours": s.DAYS, "facilitator_days": s.DAYS, "note_days": s.DAYS})),
        (1, s.json_values())),
    "language_reflection": weighted((4, st.fixed_dictionaries({}, optional={
        "enabled": s.BOOL, "extra_terms": st.lists(s.texts(45), max_size=25)})),
        (1, s.json_values())),
}
_LIMITS = {k: s.DAYS for k in ("max_chat_hours", "max_facilitator_days", "max_note_days",
                               "attendance_years")}
_CERTIFICATE = weighted(
    (3, st.just(Ref("certificate"))),
    (4, st.builds(lambda path, value: ("edit", path, value),
                  st.sampled_from([("format",), ("certificate", "total_minutes"),
                                   ("certificate", "sessions"), ("certificate", "trainee"),
                                   ("signature", "value"), ("signature", "key_id"),
                                   ("signature", "algorithm"), ("signature",),
                                   ("certificate", "period", "from"), ("extra",)]),
                  s.json_values())),
    (1, st.integers(5, 200).map(lambda n: ("edit", ("certificate", "sessions"),
                                           s.nested(n)))),
)
_CLOCK_TIME = weighted((5, st.sampled_from(["19:00", "07:30", "23:59"])), (1, s.texts(8)),
                      (1, st.sampled_from(["24:00", "7pm", "19:60", "1900"])))
_WHEN = {"date": s.DATE, "start_time": _CLOCK_TIME, "minutes": s.DAYS}
_TERM_BODY = {"first_date": s.DATE, "start_time": _CLOCK_TIME, "every_weeks": s.MINUTES,
              "count": s.MINUTES, "minutes": s.DAYS,
              "weekday": weighted((3, st.sampled_from(["Tuesday", "monday"])), (1, s.texts(12)))}
_ZONE = weighted((4, st.sampled_from(["Europe/London", "Europe/Dublin", "UTC"])),
                 (1, st.sampled_from(["../etc/passwd", "Mars/Olympus", "", "/", "a" * 300])),
                 (1, s.texts(40)))
ROUTE_SPECS: dict[str, RouteSpec] = {
    "index": RouteSpec(),
    "static": RouteSpec(),
    "vendor": RouteSpec(),
    "vendor_noble": RouteSpec(),
    "vendor_qr": RouteSpec(),  # {name}: a file name, as for static
    "healthz": RouteSpec(),
    "guard_name_data": RouteSpec(),  # the guard's name lists, gzipped once (name_data.py)
    "invitation_info": RouteSpec(body={"token": s.INVITE_TOKEN}),
    "accept_invitation": RouteSpec(body={"token": s.INVITE_TOKEN, "username": s.USERNAME,
                                         "display_name": s.NAME, "password": s.PASSWORD}),
    "sign_in": RouteSpec(body={"username": s.USERNAME, "password": s.PASSWORD}),
    "sign_out": RouteSpec(ends_sign_in=True),
    "change_password": RouteSpec(body={"current_password": s.PASSWORD,
                                       "new_password": s.PASSWORD}, ends_sign_in=True),
    "me": RouteSpec(),
    "create_programme": RouteSpec(body={"name": s.NAME}),
    # Groups go to a programme of their own: the main programme's report slows down sharply
    # with each group (disclosure.py), which is a finding of its own, not bad input.
    "create_group": RouteSpec(body={"programme_id": weighted((3, refs("scratch_programme")),
                                                             (1, s.texts(20))),
                                    "name": s.NAME}),
    "invite": RouteSpec(body={"role": s.ROLE, "label": s.NAME}),
    "group_invitations": RouteSpec(),
    "invite_lead": RouteSpec(body={"label": s.NAME}),
    "lead_invitations": RouteSpec(),
    "revoke_invitation": RouteSpec(),
    "group_settings_form": RouteSpec(),
    "programme_settings_form": RouteSpec(),
    "open_session": RouteSpec(body={"title": s.NAME}),
    "session_summary": RouteSpec(),
    "group_settings": RouteSpec(),
    "change_group_settings": RouteSpec(body=_SETTINGS),
    "retention_limits": RouteSpec(),
    "change_retention_limits": RouteSpec(body=_LIMITS),
    "notes_put_key": RouteSpec(body={"public_key": s.PUBLIC_KEY, "backup": s.BACKUP,
                                     "replace": s.BOOL}),
    "notes_get_key": RouteSpec(),
    "notes_group_keys": RouteSpec(),
    "notes_recipients": RouteSpec(query={"audience": s.AUDIENCE}),
    "notes_write": RouteSpec(body={"note_id": s.NOTE_ID, "audience": s.AUDIENCE,
                                   "envelope": s.ENVELOPE}, whole=st.just(Ref("note_body"))),
    "notes_list": RouteSpec(),
    "notes_get": RouteSpec(),
    "notes_add_reader": RouteSpec(body={"envelope": s.ENVELOPE}),
    "notes_delete": RouteSpec(),
    "group_register": RouteSpec(query=_TERM),
    "correct_register": RouteSpec(body={"user_id": s.USER, "present": s.BOOL,
                                        "minutes": s.MINUTES, "reason": s.REASON}),
    "my_attendance": RouteSpec(query=_TERM),
    "my_certificate": RouteSpec(query={**_TERM, "download": st.sampled_from(["1", "0", "",
                                                                             "yes"])}),
    "my_supervisor": RouteSpec(),
    "set_my_supervisor": RouteSpec(body=_SUPERVISOR),
    "set_supervisor": RouteSpec(body=_SUPERVISOR),
    "programme_report": RouteSpec(query=_TERM),
    "programme_report_csv": RouteSpec(query=_TERM),
    "programme_attendance_settings": RouteSpec(),
    "change_programme_attendance_settings": RouteSpec(body={"expected_rate": s.RATE,
                                                            "min_count": s.RATE}),
    "notify_supervisors": RouteSpec(body={"group_id": weighted((4, refs("group")),
                                                               (1, s.texts(20))),
                                          "from": s.DATE, "to": s.DATE,
                                          "pseudonym": weighted((2, refs("pseudonym")),
                                                                (1, s.texts(20)))}),
    "my_certificate_name": RouteSpec(),
    "set_my_certificate_name": RouteSpec(body={"certificate_name": s.NAME}),
    "certificate_qr": RouteSpec(whole=_CERTIFICATE),
    "certificate_keys": RouteSpec(),
    "verify_certificate": RouteSpec(whole=_CERTIFICATE),
    # Single sign-on and passkeys (issue 24). No provider is configured in this world, so the
    # SSO routes answer their refusals; the passkey answers are made-up shapes.
    "sso_callback": RouteSpec(query={"code": s.texts(20), "state": s.texts(20)}),
    "sso_providers": RouteSpec(),
    "sso_start": RouteSpec(body={"invitation": s.INVITE_TOKEN, "link": s.BOOL}),
    "sso_finish": RouteSpec(body={"state": s.texts(40), "code": s.texts(40),
                                  "error": s.texts(10)}),
    "view_sign_in_policy": RouteSpec(),
    "sign_in_policy": RouteSpec(body={"require_sso": s.BOOL, "staff_second_factor": s.BOOL}),
    "passkeys": RouteSpec(),
    "passkey_registration_options": RouteSpec(),
    "passkey_register": RouteSpec(body={"credential": s.json_values(), "name": s.NAME}),
    "passkey_rename": RouteSpec(body={"name": s.NAME}),
    "passkey_remove": RouteSpec(ends_sign_in=True),
    "passkey_sign_in_options": RouteSpec(),
    "passkey_sign_in": RouteSpec(body={"credential": s.json_values()}),
    "passkey_second_factor_options": RouteSpec(),
    "passkey_second_factor": RouteSpec(body={"credential": s.json_values(),
                                             "recovery_code": s.texts(14)}),
    "recovery_codes": RouteSpec(),
    # Terms, calendars, apologies and reminders (issue 23).
    "group_schedule": RouteSpec(),
    "change_schedule_settings": RouteSpec(body={"timezone": _ZONE, "open_minutes": s.DAYS}),
    "add_term": RouteSpec(body=_TERM_BODY),
    "add_scheduled": RouteSpec(body=_WHEN),
    "group_calendar": RouteSpec(),
    "move_scheduled": RouteSpec(body=_WHEN),
    "cancel_scheduled": RouteSpec(),
    "open_scheduled": RouteSpec(),
    "send_apologies": RouteSpec(body={"reason": s.REASON}),
    "withdraw_apologies": RouteSpec(),
    "my_schedule": RouteSpec(),
    "my_calendar_feed": RouteSpec(),
    "new_calendar_feed": RouteSpec(),
    "revoke_calendar_feed": RouteSpec(),
    "my_reminders": RouteSpec(),
    "set_my_reminders": RouteSpec(body={"email": s.EMAIL, "enabled": s.BOOL}),
    "calendar_feed": RouteSpec(),
}
# Where each path parameter's real value comes from.
PATH_REFS = {"group_id": "group", "programme_id": "programme", "session_id": "session",
             "note_id": "note_id", "user_id": "user:m1", "name": "static_name",
             "invitation_id": "invitation_id", "provider": "sso_provider",
             "passkey_id": "passkey_id", "scheduled_id": "scheduled",
             "token": "feed_token"}
HTTP_ACTORS = ("anon", "m1", "m2", "fac", "admin", "lead", "outsider", "waiter")


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # the canonical path with {placeholders}
    name: str

    @property
    def target(self) -> str:
        return f"http:{self.method} {self.name}"


def router_routes(app: web.Application) -> list[Route]:
    """Every route of the app, except engine.io's own endpoint (fuzzed by `raw` and `connect`,
    and by the `unknown` paths); a route without a name cannot be fuzzed and fails the test."""
    found = []
    for route in app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if path.startswith("/socket.io"):
            continue
        found.append(Route(route.method, path, route.name or f"<unnamed {path}>"))
    return sorted(set(found), key=lambda r: (r.path, r.method))


@dataclass(frozen=True)
class HttpCase:
    actor: str
    path_values: tuple[Any, ...]
    query: Any
    body: Any  # ("json", value) | ("raw", bytes) | ("text", str) | ("chunked", bytes) | None
    content_type: str | None
    csrf: str
    origin: Any
    cookie: str
    headers: dict[str, str]


def _bodies(spec: RouteSpec) -> SearchStrategy[Any]:
    json_body: SearchStrategy[Any] = (s.hostile_object(spec.body) if spec.body is not None
                                      else s.json_values())
    if spec.whole is not None:
        json_body = weighted((1, json_body), (2, spec.whole))
    weight_json = 14 if (spec.body is not None or spec.whole is not None) else 2
    return weighted(
        (weight_json, json_body.map(lambda v: ("json", v))),
        (4, st.none()),
        (2, s.json_values().map(lambda v: ("json", v))),
        (1, st.binary(max_size=64).map(lambda b: ("raw", b))),
        (1, st.sampled_from([b"\xff\xfe{}", b'{"a":"\xc3\x28"}', b'{"a":"\xed\xa0\x80"}',
                             b"\x00", b'{"token":"\xf0\x9f"}']).map(lambda b: ("raw", b))),
        (1, st.integers(10, 100_000).map(lambda n: ("text", "[" * n + "]" * n))),
        (1, st.integers(10, 50_000).map(lambda n: ("text", '{"a":' * n + "1" + "}" * n))),
        (1, st.integers(60_000, 200_000).map(lambda n: ("text", '{"x":"' + "y" * n + '"}'))),
        (1, st.sampled_from(['{"minutes": 1e400}', '{"minutes": ' + "9" * 5000 + "}",
                             '{"name": "\\ud800"}', '{"token": "\\udfff\\ud800"}', "NaN",
                             '{"a": NaN, "b": -Infinity}', '{"a":1,"a":2}', "{", "",
                             '{"role": "member"}' * 2]).map(lambda t: ("text", t))),
        (1, st.binary(max_size=2000).map(lambda b: ("chunked", b))),
    )


def http_cases(route: Route) -> SearchStrategy[HttpCase]:
    spec = ROUTE_SPECS[route.name]
    params = [p.split("}")[0].split(":")[0] for p in route.path.split("{")[1:]]
    query = weighted((3, st.fixed_dictionaries({}, optional=spec.query)),
                     (1, s.QUERY_JUNK)) if spec.query else weighted((5, st.just({})),
                                                                   (1, s.QUERY_JUNK))
    return st.builds(
        HttpCase,
        actor=st.sampled_from(HTTP_ACTORS),
        path_values=st.tuples(*[s.path_param(PATH_REFS[p]) for p in params]),
        query=query,
        body=_bodies(spec),
        content_type=s.CONTENT_TYPE,
        csrf=s.CSRF,
        origin=s.ORIGIN,
        cookie=s.COOKIE,
        headers=weighted((6, st.just({})), (1, s.EXTRA_HEADERS)),
    )


@dataclass(frozen=True)
class UnknownCase:
    method: str
    path: str  # already encoded
    actor: str


def unknown_cases() -> SearchStrategy[UnknownCase]:
    """Paths and methods no route serves: each must still get a clean answer."""
    segment = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7e,
                                    exclude_characters="#?"), min_size=1, max_size=20)
    path = st.one_of(
        segment.map(lambda x: "/api/" + x),
        st.sampled_from(["/api", "/api/", "/api/me/x", "/api/groups", "/api/notes/key/x",
                         "/api/sessions//notes", "/static/../README.md", "/static/.env",
                         "/static/node_modules", "/static/", "/vendor/", "/favicon.ico",
                         "/socket.io/?EIO=4&transport=polling&sid=nope",
                         "/socket.io/?EIO=3&transport=polling", "/socket.io/?EIO=4&transport=x",
                         "/socket.io/", "/%2e%2e/server/app.py", "/api/%ff", "//api/me",
                         "/api/me/", "/API/ME", "/api/me;x", "/healthz/x"]),
        segment.map(lambda x: "/" + x),
    )
    return st.builds(UnknownCase,
                     method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
                                             "HEAD", "PROPFIND", "TRACE"]),
                     path=path, actor=st.sampled_from(["anon", "m1", "admin"]))


# --- the list of targets and their share of the cases ----------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    weight: float
    strategy: SearchStrategy[Any]
    route: Route | None = None


def all_targets(app: web.Application) -> list[Target]:
    targets = [Target(f"socket:{e}", 0.5 if e == "unreadable" else 3.0, socket_cases(e))
               for e in sorted(SOCKET_FIELDS)]
    targets += [
        Target("socket:sequence", 6.0, sequences()),
        Target("socket:connect", 1.0, connect_cases()),
        Target("socket:raw", 2.5, raw_cases()),
    ]
    for route in router_routes(app):
        weight = 0.3 if route.method == "HEAD" else 1.0
        targets.append(Target(route.target, weight, http_cases(route), route))
    targets.append(Target("http:unknown", 1.0, unknown_cases()))
    return targets


def shares(targets: list[Target], total: int) -> dict[str, int]:
    """Split `total` cases over the targets by weight; every target gets at least 2."""
    weight = sum(t.weight for t in targets)
    return {t.name: max(2, round(total * t.weight / weight)) for t in targets}



def coverage_gaps(app: web.Application) -> list[str]:
    """Events and routes the code has but the specs lack (or the other way round)."""
    gaps = []
    events = namespace_events()
    if events != set(SOCKET_FIELDS):
        gaps.append(f"socket events without a spec: {sorted(events - set(SOCKET_FIELDS))}, "
                    f"specs without an event: {sorted(set(SOCKET_FIELDS) - events)}")
    names = {r.name for r in router_routes(app)}
    if names != set(ROUTE_SPECS):
        gaps.append(f"routes without a spec: {sorted(names - set(ROUTE_SPECS))}, "
                    f"specs without a route: {sorted(set(ROUTE_SPECS) - names)}")
    return gaps
