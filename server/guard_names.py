"""Names in running text, without a title: where each starts and where it ends.

The twin of `web/guard_names.js`. Where a name starts is decided token by token in
server/guard_starts.py (its docstring lists the rules), with the questions asked of the words
around each token (server/guard_tokens.py's) in server/guard_cues.py and server/guard_described.py
(how they describe a person), and those about names typed in lower case or capitals in
server/guard_typed.py; the browser keeps them all in web/guard_names.js, as one module loads
faster than five. Both read the one data file `web/guard_names.json` (built by
bench/make_guard_names.py from the US SSA and Census name lists, nomquamgender's world first
names, GeoNames places and SCOWL's common English words; licences there), and both follow the
same steps on the same tokens, so that Python and the browser agree finding for finding
(tests/browser/test_guard_parity.py).

Here: the walk over the tokens, how far each name goes ("Sarah Jones", "van der Berg", "J.
Whitworth", a title before it) and the names a list of names holds besides ("Usman, Bilqis,
Idris", "ADEYEMI 11am, FORSYTH-BROWN 12").
"""

from __future__ import annotations

import itertools
import re

from server import guard_words as w
from server.guard_lists import (
    APOSTROPHES,
    LISTS,
    brand_spans,
    is_excluded,
    is_first,
    is_more_word,
    is_surname,
    is_word,
    titled_thing,
)
from server.guard_starts import Starts
from server.guard_tokens import CLAUSE_CLOSE, CLOSE, COMMA, SPOKEN

# Keep these byte-for-byte equal to web/guard_names.js.
_SURNAME_INITIALS = "BCDEFGHJKLMNOPQRSTUVWXYZ"  # any capital but "I" and "A"
_TRAILING = re.compile(r"['\u2019]?[ \t\u00a0]+")  # "James' Place"
_FIRM_AFTER = re.compile(
    r"[ \t\u00a0]+(?:(?:&|and)[ \t\u00a0]+Sons?|Ltd|Limited|LLP|PLC|plc)(?![A-Za-z])"
)
_LIST_GOES_ON = re.compile(r"(?:[ \t\u00a0]*(?:[,.;!?]|$)|[ \t\u00a0]+and[ \t\u00a0])")
_ITEM_OPENS = re.compile(r"[,:;][ \t\u00a0]*\Z")  # an item of a list starts after it
_ITEM_PARTICLES = w.PARTICLES | {"al"}  # "AL-SAYED", "VAN DER POEL"
_MAX_PARTS = 4

__all__ = ["brand_spans", "find_names", "titled_thing"]


class _Text(Starts):
    def extend(self, i: int) -> int:
        """The last token of the name that starts at token i."""
        j, parts = i, 1
        while parts < _MAX_PARTS:
            k = self.after_particles(j + 1)
            if k >= 0:
                j = k
            elif j + 1 < len(self.tokens) and self.good_surname(j + 1, strict=False):
                j += 1
            elif (j == i or (j == i + 1 and self.middle_name(j))) and self.word_surname(j + 1):
                j += 1
            elif self.joined(j, j + 1, CLOSE) and self.particle_name(j + 1):  # "Noor ul-Haq"
                j += 1
            else:
                break
            parts += 1
        if j == i and self.surname_initial(j + 1):  # "Tom W said", "Tom W: smooth"
            j += 1
        return j

    def middle_name(self, j: int) -> bool:
        """Token j, the second part of a name, is a first name and no word: "Gordon Arthur
        Pilling" goes on to its surname as "Gordon Pilling" would."""
        tok = self.tokens[j]
        return tok.cap and not tok.possessive and is_first(tok.key) and not is_word(tok.key)

    def surname_initial(self, k: int) -> bool:
        """Token k, one capital after a first name, is the initial of its surname: "Tom W said",
        "Kate M:", as a group tells its two Toms apart (not "I" nor "A": "thanks Tom I will")."""
        if k >= len(self.tokens) or not self.joined(k - 1, k, CLOSE):
            return False
        tok, prev = self.tokens[k], self.tokens[k - 1]
        if tok.end - tok.start != 1 or self.text[tok.start] not in _SURNAME_INITIALS:
            return False
        if not (prev.cap and not prev.possessive and is_first(prev.key)):
            return False
        if CLAUSE_CLOSE.match(self.text, tok.end):
            return True
        after = self.tokens[k + 1] if self.joined(k, k + 1, CLOSE) else None
        return after is not None and after.lower and not after.upper

    def word_surname(self, j: int) -> bool:
        """Token j, right after a first name found so, is its surname: a word with a capital
        after a capitalised one ("Lorna Grieve whose", "Doreen Pilling has"), unless it names a
        place, a thing or a time; in lower case, a word no list knows ("edna shufflebottom")."""
        if j >= len(self.tokens) or not self.joined(j - 1, j, CLOSE):
            return False
        tok, prev = self.tokens[j], self.tokens[j - 1]
        if prev.possessive:
            return False
        if prev.lower and not prev.upper and is_first(prev.key):
            # "edna shufflebottom is": no word, no list's, and then how people go on; not
            # "sam didn't", "rehana texted", "kemi youre so".
            return (
                self.unknown_lower(j)
                and not tok.key.endswith("ed")
                and not APOSTROPHES.search(self.text, tok.start, tok.end)
                and tok.key not in LISTS.person_verbs
                and (self.verb_after(j, LISTS.person_verbs) or self.joined(j, j + 1, COMMA))
            )
        if not (tok.cap and prev.cap and is_first(prev.key)):
            return False
        key = tok.key
        return (
            is_word(key)
            and not is_excluded(key)
            and key not in LISTS.not_after
            and key not in LISTS.not_before
            and not self.eponym(j)
        )

    def first_before(self, i: int, taken_to: int) -> int:
        """Where a name found at token i really starts: a first name before it that was no
        evidence alone ("Summer Kettleborough", "Anwen Pryce" once "Pryce" is found)."""
        k = i - 1
        if k <= taken_to or not self.joined(k, i, CLOSE):
            return i
        tok = self.tokens[k]
        if tok.lower and not tok.upper and self.tokens[i].lower and not tok.possessive:
            # "maría josé": in lower case, a first name no word is, before a name found so
            listed = is_first(tok.key) and not is_word(tok.key) and not is_excluded(tok.key)
            return k if listed and tok.key not in LISTS.not_lower else i
        if not tok.cap or tok.possessive or self.blocked[k] or tok.low in w.TITLES:
            return i
        if tok.key in LISTS.not_before or tok.key in LISTS.not_after:
            return i
        if self.opener(k):  # "So Zanele came back"
            return i
        claimed = is_word(tok.key) or is_excluded(tok.key) or tok.key in LISTS.proper
        return k if is_first(tok.key) or not claimed else i

    def person_called(self, i: int) -> bool:
        """ "her son is called", "the patient was named": a person said to be called token i."""
        return (
            self.low(i - 1) in ("called", "named")
            and self.low(i - 2) in w.BE
            and self.person_noun(i - 3)
            and self.joined(i - 3, i - 2, CLOSE)
            and self.joined(i - 2, i - 1, CLOSE)
            and self.joined(i - 1, i, CLOSE)
        )

    def place_follows(self, j: int) -> bool:
        """A street, a ward or a hospital comes right after token j: "Acacia Road"; after a
        possessive only a capitalised one ("James' Place", but "Edna's house" is hers); or the
        name is a firm's: "Frank Dyson & Sons", "Cooper and Sons", "Hallam Ltd"."""
        if _FIRM_AFTER.match(self.text, self.tokens[j].end):
            return True
        if not self.joined(j, j + 1, _TRAILING):
            return False
        nxt = self.tokens[j + 1]
        gap = self.text[self.tokens[j].end : nxt.start]
        if (self.tokens[j].possessive or APOSTROPHES.search(gap)) and not nxt.cap:
            return False
        if nxt.key in w.PLACE_VERBS and not nxt.cap:  # "Lachlan walk in", "Ray drive home"
            return False
        # "Ramsay Hunt syndrome", "Stevens-Johnson syndrome": an eponym without its "'s".
        disease = nxt.key in w.DISEASE and not gap.startswith(("'", "\u2019"))
        return nxt.key in LISTS.not_after or disease

    def lead(self, i: int) -> int:
        """Where the name starting at token i begins with its title or honorific: "mrs begum",
        "Nana Ama" (a lower-case "her nan" stays outside), and its particles: "Van der Berg was",
        "Ó Briain"."""
        k = i
        while i - k < 2 and self.low(k - 1) in w.PARTICLES and self.joined(k - 1, k, CLOSE):
            k -= 1
        if not self.joined(k - 1, k, CLOSE):
            return k
        low = self.low(k - 1)
        if low in w.TITLES or (low in w.HONORIFICS and self.tokens[k - 1].cap):
            return k - 1
        return k

    def surname_before_record(self, j: int) -> bool:
        """Token j+1, in lower case, is a listed surname right after a lower-case name at j, and
        a record follows it: "kelvin moss, dob 22/08/1979" (a word or not)."""
        if j + 1 >= len(self.tokens) or not self.joined(j, j + 1, CLOSE):
            return False
        tok, nxt = self.tokens[j], self.tokens[j + 1]
        if not (tok.lower and nxt.lower):
            return False
        return is_surname(nxt.key) and self.record_follows(j + 1)

    def names(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(self.tokens):
            if not self.starts_name(i):
                i += 1
                continue
            # "J. Whitworth": the name goes on past the initial's full stop.
            j = self.extend(i + 1 if self.initial(i) else i)
            # "her son is called Mason Lane", "his half-sister Poppy Ward": a surname, not a
            # street or a ward, after a person is called or right after whose kin they are
            kin = self.kin_owned(i - 1) and self.joined(i - 1, i, CLOSE)
            if self.place_follows(j) and (self.person_called(i) or kin):
                if self.listed_surname(j + 1):
                    j += 1
            if self.surname_before_record(j):  # "kelvin moss, dob 22/08/1979"
                j += 1
            # "Aaron Beck's cognitive triad": a first name before a thinker's is the thinker's.
            thinker_next = self.joined(j, j + 1, CLOSE) and self.thinker(j + 1)
            # "Carson and Stone's work on", "Kurtz and Draper's model": a thinker's co-author
            # ("Sarah and Tom's book club" are two people).
            if self.low(j + 1) == "and" and self.joined(j, j + 1, CLOSE):
                thinker_next = thinker_next or (
                    self.joined(j + 1, j + 2, CLOSE) and self.co_authored(j + 2)
                )
            if not (self.place_follows(j) or self.famous(i, j) or thinker_next):
                start = self.first_before(i, spans[-1][1] if spans else -1)
                spans.append((self.lead(start), j))
            i = j + 1
        taken = {k for a, b in spans for k in range(a, b + 1)}
        more: list[tuple[int, int]] = []
        for a, b in spans:
            after, before = b + 2, a - 2
            if self.low(b + 1) == "and" and self.joined(b, b + 1, CLOSE):
                if after < len(self.tokens) and self.joined(b + 1, after, CLOSE):
                    if after not in taken and self.joins(after):
                        last = self.extend(after)
                        if not self.place_follows(last):  # "Helen and Douglas House"
                            more.append((after, last))
            if self.low(a - 1) == "and" and self.joined(a - 1, a, CLOSE):
                if before >= 0 and self.joined(before, a - 1, CLOSE):
                    if before not in taken and self.joins(before):
                        more.append((before, before))
        more += self.listed(sorted(spans), taken)
        more += self.capitals_items(spans, taken)
        found = sorted(set(spans + more))
        return [(self.tokens[a].start, self.tokens[b].end) for a, b in found]

    def listed(self, ordered: list[tuple[int, int]], taken: set[int]) -> list[tuple[int, int]]:
        """The other names of a list that names in `ordered` (sorted spans of tokens) are in."""
        more: list[tuple[int, int]] = []
        # "Usman, Bilqis, Idris": a word between two names in a list is one too.
        for (_, b), (a2, _) in itertools.pairwise(ordered):
            k = b + 1
            if a2 == k + 1 and self.joined(b, k, COMMA) and self.joined(k, a2, COMMA):
                if self.joins(k, listed=True):
                    more.append((k, k))
        # "Yetunde, Folake, Bisi": the list goes on, to its end or to the next comma or "and".
        for _, b in ordered:
            k = b + 1
            while (
                k < len(self.tokens)
                and self.joined(k - 1, k, COMMA)
                and self.joins(k, listed=True)
            ):
                end = self.tokens[k].end
                if not (k + 1 == len(self.tokens) or _LIST_GOES_ON.match(self.text, end)):
                    break
                if k not in taken:
                    more.append((k, k))
                k += 1
        # "Gill, Yaw, Priti and me", "Awate, Semhar and Yonas", "OYELARAN, SMITH, WOJCIK": a
        # list of two names or more reaches back to its first.
        for (a, b), (a2, _) in itertools.pairwise(sorted(set(ordered + more))):
            if not (self.joined(b, a2, COMMA) or self.and_between(b, a2)):
                continue
            k = a - 1
            while self.joined(k, k + 1, COMMA) and k not in taken and self.joins(k, listed=True):
                more.append((k, k))
                k -= 1
        return more

    def capitals_items(
        self, spans: list[tuple[int, int]], taken: set[int]
    ) -> list[tuple[int, int]]:
        """ "VISITS: ADEYEMI 11am, FORSYTH-BROWN 12, NÉMETH after lunch": where a name in
        capitals is found, a word in capitals that opens an item of the list is another, said
        and not spelt ("THURS", "CAMHS" are not), its parts too if it has two ("AL-SAYED"); a
        surname that is also a place too ("ASHWORTH"), but no word ("SEPSIS")."""
        if not any(self.tokens[a].upper for a, _ in spans):
            return []
        more = []
        for k, tok in enumerate(self.tokens):
            if k in taken or not tok.upper or not _ITEM_OPENS.search(self.text, 0, tok.start):
                continue
            key = tok.key
            if is_word(key) or is_more_word(key) or key in LISTS.proper:
                continue
            if is_excluded(key) and not is_surname(key):
                continue
            parts = key.split("-")
            if all(
                is_first(p) or is_surname(p) or SPOKEN.fullmatch(p) or p in _ITEM_PARTICLES
                for p in parts
            ) and not all(p in _ITEM_PARTICLES for p in parts):
                more.append((k, k))
        return more

    def and_between(self, b: int, a2: int) -> bool:
        """Just "and" between tokens b and a2: "Semhar and Yonas"."""
        k = b + 1
        return (
            a2 == k + 1
            and self.low(k) == "and"
            and self.joined(b, k, CLOSE)
            and self.joined(k, a2, CLOSE)
        )


def find_names(text: str) -> list[tuple[int, int]]:
    """Spans of names in running text (without titles; guard.py's rules find those)."""
    return _Text(text).names()
