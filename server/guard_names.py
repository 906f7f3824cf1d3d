"""Names in running text, without a title: the guard's name lists and the context around them.

The twin of `web/guard_names.js`; both read the one data file `web/guard_names.json` (built by
bench/make_guard_names.py from the US SSA and Census name lists and SCOWL's common English
words; licences there), and both follow the same steps on the same tokens, so that Python and
the browser agree finding for finding (tests/browser/test_guard_parity.py).

A capitalised word is taken for (the start of) a name when:
- a strong cue comes right before it ("her daughter X", "a lady called X", "call him X") and
  it is a known first name (even one that is also a word or a month: "her daughter May"), or a
  word no dictionary knows;
- it is possessive and a kinship word follows ("X's husband");
- a known first name is followed by a surname ("Sarah Jones", "Aisha Okafor"); a first name
  that is also a common word (Will, Grace) only when that surname is no common word either;
  a word the lists do not know only when followed by a listed surname that is no common word;
- it is a known first name that is no common English word ("when Priya came in");
- a weaker cue comes before a known first name ("with Grace", "told Mark").
Never: months, weekdays, places, shops, eponyms ("Parkinson's", "Wilson's disease"), roles
("Sister", "Registrar"): the data file's `not_names`, except after a strong cue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

DATA_PATH = Path(__file__).resolve().parent.parent / "web" / "guard_names.json"

# Keep these byte-for-byte equal to web/guard_names.js.
_L = r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]"
_TOKEN = re.compile(
    rf"(?<![0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f'\u2019]){_L}+(?:['\u2019\-]{_L}+)*"
)
_UP = r"[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f]"
_LO = r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f]"
_PART = rf"{_UP}(?:{_LO}+(?:{_UP}{_LO}+)?|['\u2019]{_UP}{_LO}+)"
_CAPITALISED = re.compile(rf"{_PART}(?:-{_PART})*(?:['\u2019]s)?")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_APOSTROPHES = re.compile(r"['\u2019]")
_ADJACENT = re.compile(r",?[ \t\u00a0]+")  # the same line and sentence: spaces, maybe a comma
_CLOSE = re.compile(r"[ \t\u00a0]+")  # parts of one name: spaces only
_OBJECTS = frozenset({"him", "her", "me", "them", "as", "himself", "herself"})
_MAX_PARTS = 3


class _Lists:
    def __init__(self, data: dict[str, str]) -> None:
        def words(key: str) -> frozenset[str]:
            return frozenset(data[key].split())

        self.first = words("first")
        self.surname = words("surname")
        self.words = words("words")
        self.not_names = words("not_names")
        self.kin = words("kin")
        self.strong = words("strong_before")
        self.weak = words("weak_before")
        self.kin_after = words("kin_after")
        self.eponym_after = words("eponym_after")
        self.not_after = words("not_after")
        self.not_before = words("not_before")
        self.names_despite = words("names_despite")


def _load() -> _Lists:
    return _Lists(json.loads(DATA_PATH.read_text(encoding="utf-8")))


LISTS = _load()


class _Token:
    __slots__ = ("cap", "end", "key", "low", "possessive", "start")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end = start, end
        self.low = text.lower()
        self.cap = _CAPITALISED.fullmatch(text) is not None
        self.possessive = self.cap and _POSSESSIVE.search(text) is not None
        bare = self.low[:-2] if self.possessive else self.low
        self.key = _APOSTROPHES.sub("", bare)


def _parts(key: str) -> list[str]:
    return key.split("-")


def _is_first(key: str) -> bool:
    return key in LISTS.first or ("-" in key and all(p in LISTS.first for p in _parts(key)))


def _is_surname(key: str) -> bool:
    return key in LISTS.surname or ("-" in key and any(p in LISTS.surname for p in _parts(key)))


def _is_word(key: str) -> bool:
    return all(p in LISTS.words for p in _parts(key))


def _is_excluded(key: str) -> bool:
    return any(p in LISTS.not_names for p in _parts(key))


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [_Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]

    def joined(self, i: int, j: int, gap: re.Pattern[str]) -> bool:
        """Tokens i and j (i < j, both present) are neighbours separated only by `gap`."""
        if i < 0 or j >= len(self.tokens):
            return False
        a, b = self.tokens[i], self.tokens[j]
        return gap.fullmatch(self.text, a.end, b.start) is not None

    def eponym(self, i: int) -> bool:
        tok = self.tokens[i]
        if not tok.possessive:
            return False
        if tok.key in LISTS.not_names:
            return True
        nxt = i + 1 < len(self.tokens) and self.joined(i, i + 1, _CLOSE)
        return nxt and self.tokens[i + 1].key in LISTS.eponym_after

    def strong_cue(self, i: int) -> bool:
        if not self.joined(i - 1, i, _ADJACENT):
            return False
        prev = self.tokens[i - 1].low
        if prev in LISTS.kin or prev in LISTS.strong:
            return True
        return (
            prev in _OBJECTS
            and self.joined(i - 2, i - 1, _CLOSE)
            and self.tokens[i - 2].low in LISTS.strong
        )

    def weak_cue(self, i: int) -> bool:
        return self.joined(i - 1, i, _CLOSE) and self.tokens[i - 1].low in LISTS.weak

    def good_surname(self, j: int, *, strict: bool) -> bool:
        """Token j, right after a name part, can continue it; `strict`: a listed name and no
        common word."""
        if j >= len(self.tokens) or not self.joined(j - 1, j, _CLOSE):
            return False
        tok, prev = self.tokens[j], self.tokens[j - 1]
        if prev.possessive or not tok.cap or _is_excluded(tok.key) or self.eponym(j):
            return False
        if strict:
            return (_is_surname(tok.key) or _is_first(tok.key)) and not _is_word(tok.key)
        return _is_surname(tok.key) or _is_first(tok.key) or not _is_word(tok.key)

    def starts_name(self, i: int) -> bool:
        tok = self.tokens[i]
        if not tok.cap or self.eponym(i):
            return False
        if self.joined(i - 1, i, _CLOSE) and self.tokens[i - 1].key in LISTS.not_before:
            return False
        if tok.key in LISTS.not_before:
            return False
        known, word, excluded = _is_first(tok.key), _is_word(tok.key), _is_excluded(tok.key)
        if self.strong_cue(i):
            if known and (not excluded or tok.key in LISTS.names_despite):
                return True
            if not (word or excluded):
                return True
        if excluded:
            return False
        if tok.possessive and i + 1 < len(self.tokens) and self.joined(i, i + 1, _CLOSE):
            if self.tokens[i + 1].low in LISTS.kin_after and (known or not word):
                return True
        if known and not word:
            return True
        if known and (self.weak_cue(i) or self.good_surname(i + 1, strict=True)):
            return True
        # A name the lists lack ("Olu"), before a listed surname that is no word ("Okafor").
        return (
            not word
            and self.good_surname(i + 1, strict=True)
            and _is_surname(self.tokens[i + 1].key)
        )

    def names(self) -> Iterator[tuple[int, int]]:
        i = 0
        while i < len(self.tokens):
            if not self.starts_name(i):
                i += 1
                continue
            j = i
            while j - i + 1 < _MAX_PARTS and self.good_surname(j + 1, strict=False):
                j += 1
            if not self.place_follows(j):
                yield self.tokens[i].start, self.tokens[j].end
            i = j + 1

    def place_follows(self, j: int) -> bool:
        """A street, a ward or a hospital comes right after token j: "Acacia Road"."""
        if not self.joined(j, j + 1, _CLOSE):
            return False
        nxt = self.tokens[j + 1]
        return nxt.cap and nxt.key in LISTS.not_after


def find_names(text: str) -> list[tuple[int, int]]:
    """Spans of names in running text (without titles; guard.py's rules find those)."""
    return list(_Text(text).names())
