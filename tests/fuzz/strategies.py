"""Hypothesis strategies for hostile input: wrong types, missing and extra fields, huge strings,
deep nesting, lone surrogates, numbers out of range, booleans for numbers.

Most generated payloads are *nearly* right: each field is usually a plausible value, often a
`Ref` to one of the world's real ids (resolved when the case runs, because sessions come and go),
so a case gets past the first check and reaches the code behind it. The rest is junk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from server import flow


@dataclass(frozen=True)
class Ref:
    """A real value of the running world, looked up when the case runs (world.World.resolve)."""

    name: str


@dataclass(frozen=True)
class Raw:
    """A path segment or query string sent exactly as written, without percent-encoding."""

    text: str


def weighted(*options: tuple[int, SearchStrategy[Any]]) -> SearchStrategy[Any]:
    """One of `options`, chosen with the given weights (st.one_of chooses evenly)."""
    total = sum(w for w, _ in options)

    def pick(n: int) -> SearchStrategy[Any]:
        for w, strategy in options:
            if n < w:
                return strategy
            n -= w
        raise AssertionError("unreachable")

    return st.integers(0, total - 1).flatmap(pick)


def refs(*names: str) -> SearchStrategy[Ref]:
    return st.sampled_from([Ref(n) for n in names])


# --- scalars ------------------------------------------------------------------------------

SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
ODD = st.sampled_from([
    "\x00", "\x1b[2J", "\u202e", "\u200b", "\ufeff", "\U0001f600", "\r\n", "\t", "\\", '"',
    "'", "<script>alert(1)</script>", "%00", "../", "e\u0301", "\ud83d", "\udc00", "\uffff",
    "\U0010ffff", " ", "NaN", "null", "[object Object]", "${x}", "{{x}}", "\u0085", "\u2028",
])


def texts(max_size: int = 40) -> SearchStrategy[str]:
    """Any text, including control characters, lone surrogates and awkward strings."""
    return st.one_of(
        st.text(max_size=max_size),
        st.lists(st.one_of(st.characters(), SURROGATE, ODD), max_size=max_size).map("".join),
    )


def huge_text(low: int = 4_000, high: int = 30_000) -> SearchStrategy[str]:
    # Built by repetition: hypothesis drawing 30,000 characters one by one would be slow.
    return st.builds(lambda unit, n: unit * n,
                     st.sampled_from(["x", "é", "😀", "\x00", "\ud800", "<", " ", "ab\n"]),
                     st.integers(low, high))


BIG_INTS = st.one_of(
    st.sampled_from([2**31 - 1, 2**31, 2**53 - 1, 2**53, 2**53 + 1, 2**63 - 1, 2**63, 2**64,
                     -(2**63), -(2**63) - 1, -(2**53) - 1, 10**30, -(10**30), 10**99]),
    st.integers(min_value=2**53),
    st.integers(max_value=-(2**53)),
)
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([0.5, -0.0, 1e308, -1e-308, 1.0, 3.0000000000000004]))
# What a confused client sends where a number, a flag or a string was expected.
CONFUSED = st.sampled_from([True, False, 0, 1, -1, 1.5, "1", "true", "", [], {}, None, [1],
                            {"a": 1}, "null", "0x10", "1e3"])


def scalars(binary: bool = False) -> SearchStrategy[Any]:
    options: list[SearchStrategy[Any]] = [st.none(), st.booleans(), st.integers(-10, 100),
                                          BIG_INTS, FLOATS, texts(), CONFUSED]
    if binary:  # socket.io carries bytes as binary attachments; JSON bodies cannot
        options.append(st.binary(max_size=24))
    return st.one_of(*options)


def json_values(binary: bool = False) -> SearchStrategy[Any]:
    """Any JSON value (NaN and the infinities included: Python's JSON reader accepts them)."""
    return st.recursive(
        scalars(binary),
        lambda kids: st.one_of(st.lists(kids, max_size=4),
                               st.dictionaries(texts(10), kids, max_size=4)),
        max_leaves=12,
    )


def nested(depth: int, leaf: Any = 1) -> Any:
    """A value nested `depth` levels deep, alternating lists and objects."""
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


# --- fields, by what they hold ---------------------------------------------------------------

SESSION = weighted(
    (14, st.just(Ref("session"))),
    (3, refs("other_session", "ended_session", "unknown_id")),
    (1, texts(30)),
)
USER = weighted(
    (8, refs("user:m1", "user:m2", "user:waiter", "user:fac", "user:outsider", "user:lead",
             "user:self", "user:admin")),
    (1, texts(30)),
    (1, st.sampled_from(["", "unknown-user-id"])),
)
SEQ = weighted(
    (5, st.just(Ref("seq"))),
    (4, st.integers(-3, 60)),
    (1, BIG_INTS),
    (1, CONFUSED),
)
CLIENT_ID = weighted(
    (6, st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True)),
    (2, st.just(Ref("used_client_id"))),
    (1, texts(70)),
)
MESSAGE = weighted(
    (8, st.text(min_size=1, max_size=80)),
    (1, st.integers(3_995, 4_005).map(lambda n: "m" * n)),
    (2, texts(60)),
    (1, st.sampled_from([" ", "\n\t ", "\u200b"])),
)
CHANNEL = weighted((5, st.sampled_from(["group", "facilitators"])), (1, texts(12)))
BOOL = weighted((6, st.booleans()), (1, CONFUSED))
FLOW_ACTION = weighted(
    (10, st.sampled_from([a for a in flow.ACTIONS])),
    (1, texts(12)),
    (1, st.sampled_from(["START", " start", "end\x00", "advance ", "__init__", "to_dict"])),
)
MINUTES = weighted((6, st.integers(-2, 35)), (1, BIG_INTS), (1, CONFUSED))
PAUSE_NOTE = weighted((4, st.text(max_size=300)), (1, st.integers(275, 290).map("n".__mul__)),
                      (2, texts(40)))

NAME = weighted((5, st.text(min_size=1, max_size=40)), (2, texts(130)), (1, huge_text(120, 400)))
USERNAME = weighted(
    (3, st.from_regex(r"[a-z0-9][a-z0-9._-]{2,31}", fullmatch=True)),
    (2, st.just(Ref("username"))),
    (2, texts(40)),
)
PASSWORD = weighted((3, st.just(Ref("password"))), (3, st.text(max_size=30)),
                    (1, st.integers(195, 205).map("p".__mul__)), (1, texts(20)))
INVITE_TOKEN = weighted((4, st.just(Ref("invite_token"))), (1, st.just(Ref("used_invite_token"))),
                        (2, texts(60)))
ROLE = weighted((5, st.sampled_from(["member", "facilitator"])),
                (1, st.sampled_from(["admin", "lead", "Member", ""])), (1, texts(12)))
DATE = weighted(
    (4, st.dates().map(lambda d: d.isoformat())),
    (3, st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "", "today",
                         "2026-1-1", "+002026-01-01", "2026-01-01T00:00", "2026-W01-1",
                         "1970-01-01", "2025-01-01", "2026-12-31"])),
    (1, texts(12)),
)
EMAIL = weighted((4, st.emails()), (2, texts(40)), (1, huge_text(250, 400)))
PUBLIC_KEY = weighted((3, st.just(Ref("public_key"))), (1, st.just(Ref("my_public_key"))),
                      (2, st.binary(min_size=0, max_size=40).map(lambda b: b.hex())),
                      (1, texts(50)))
BACKUP = weighted((3, st.just(Ref("backup"))), (2, texts(80)), (1, huge_text(1_000, 20_000)))
NOTE_ID = weighted((4, st.just(Ref("note_id"))), (3, st.from_regex(r"[A-Za-z0-9_-]{22}",
                                                                   fullmatch=True)),
                   (1, texts(30)))
AUDIENCE = weighted((5, st.sampled_from(["me", "facilitators", "group"])), (1, texts(12)))
ENVELOPE = weighted((3, st.just(Ref("envelope"))), (2, texts(100)),
                    (1, huge_text(10_000, 60_000)), (1, json_values().map(repr)))
RATE = weighted((5, st.integers(40, 110)), (1, BIG_INTS), (1, CONFUSED))
DAYS = weighted((5, st.integers(-5, 800)), (1, BIG_INTS), (1, CONFUSED))
REASON = weighted((5, st.text(min_size=1, max_size=60)), (1, st.integers(275, 290).map(
    "r".__mul__)), (2, texts(30)))


def near_object(fields: dict[str, SearchStrategy[Any]],
                binary: bool = False) -> SearchStrategy[dict[str, Any]]:
    """A JSON object with each field usually plausible, sometimes junk or missing, and
    sometimes extra fields."""

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, good in fields.items():
            how = draw(st.sampled_from(("good",) * 6 + ("junk", "missing")))
            if how == "good":
                out[name] = draw(good)
            elif how == "junk":
                out[name] = draw(st.one_of(CONFUSED, json_values(binary)))
        if draw(st.integers(0, 4)) == 0:
            out.update(draw(st.dictionaries(texts(10), json_values(binary), max_size=3)))
        return out

    return build()


def hostile_object(fields: dict[str, SearchStrategy[Any]],
                   binary: bool = False) -> SearchStrategy[Any]:
    """Mostly `near_object`; otherwise any JSON, or a near object with one field made huge,
    deeply nested, out of range or of the wrong type."""
    names = sorted(fields) or ["x"]

    @st.composite
    def spoil(draw: Any) -> Any:
        base = draw(near_object(fields, binary))
        name = draw(st.sampled_from(names))
        kind = draw(st.sampled_from(["huge", "deep", "big", "confused", "float"]))
        base[name] = draw({
            "huge": huge_text(),
            "deep": st.integers(5, 150).map(nested),
            "big": BIG_INTS,
            "confused": CONFUSED,
            "float": FLOATS,
        }[kind])
        return base

    return weighted((14, near_object(fields, binary)), (2, json_values(binary)), (4, spoil()))


# --- HTTP request parts -----------------------------------------------------------------------

PATH_PARAM_JUNK = st.one_of(
    texts(24),
    st.sampled_from([Raw(x) for x in ("..", "%2e%2e", "%00", "%ff", "%zz", "%", "%2F", "null",
                                      "a" * 300, "%ED%A0%80", "%C0%AF", "~", "'", ";", "*")]),
)


def path_param(ref: str) -> SearchStrategy[Any]:
    return weighted((6, st.just(Ref(ref))), (2, PATH_PARAM_JUNK),
                    (1, refs("group", "session", "programme", "note_id", "user:m1")))


QUERY_JUNK = st.one_of(
    st.dictionaries(texts(8), st.one_of(texts(20), st.lists(texts(8), max_size=3)), max_size=3),
    st.sampled_from([Raw(x) for x in ("%zz", "a=%ff%fe", "=", "&&&", "a", "a=1&a=2", "from",
                                      "from=&to=", "%ED%A0%80=1", "x=" + "y" * 5000, "+=+",
                                      "from=2026-01-01&from=2025-01-01", "download", ";=;")]),
)
ORIGIN = weighted(
    (10, st.none()),
    (4, st.just(Ref("origin"))),
    (2, st.sampled_from(["https://evil.example", "null", "http://127.0.0.1", "file://",
                         "http://localhost:1"])),
    (1, st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7e), max_size=30)),
)
CSRF = weighted((12, st.just("good")), (2, st.just("missing")), (1, st.just("wrong")),
                (1, st.just("huge")))
COOKIE = weighted((12, st.just("actor")), (1, st.just("none")), (1, st.just("garbage")),
                  (1, st.just("two")))
CONTENT_TYPE = weighted(
    (12, st.just("application/json")),
    (4, st.sampled_from([None, "text/plain", "application/x-www-form-urlencoded",
                         "multipart/form-data; boundary=x", "application/json; charset=latin-1",
                         "a/b; charset=nope", "application/xml"])),
)
ASCII_VALUE = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=40)
EXTRA_HEADERS = st.dictionaries(
    st.sampled_from(["Range", "If-Modified-Since", "Accept", "Accept-Encoding", "X-Forwarded-For",
                     "Forwarded", "Host", "Content-Encoding", "Expect", "X-Requested-With",
                     "Authorization"]),
    ASCII_VALUE, max_size=2,
)
