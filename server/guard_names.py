"""Names in running text, without a title: the guard's name lists and the context around them.

The twin of `web/guard_names.js`; both read the one data file `web/guard_names.json` (built by
bench/make_guard_names.py from the US SSA and Census name lists, nomquamgender's world first
names, GeoNames places and SCOWL's common English words; licences there), and both follow
the same steps on the same tokens, so that Python and the browser agree finding for finding
(tests/browser/test_guard_parity.py).

A capitalised word is taken for (the start of) a name when:
- a strong cue comes right before it ("her daughter X", "a lady called X", "call him X") and
  it is a known first name (even one that is also a word or a month: "her daughter May"), or a
  word no dictionary knows;
- a verb that names someone comes before it with its object between ("everyone calls him Mo",
  "introduced himself as Gaz", "signs her cards Bex"), or the sentence says it is a name ("Marsh
  is the family name", "Cushing is his surname", "Peg as she prefers"), whatever else the word
  is; not a title or a word for a person ("called me Doctor"), nor "the name" of a thing;
- "who" or "whom" follows a known first name or a word no list knows ("reflect on Stuart,
  whom", not "April, who knows" or "Florence, who were"), or it closes a clause after "is" or
  "was" whose subject is a person ("the patient I think about most is Rosemary"), whatever
  preposition comes before it and even when it is also a place ("the woman ... was Jordan");
- it is possessive and a kinship word follows ("X's husband");
- a known first name is followed by a surname ("Sarah Jones", "Aisha Okafor"); a first name
  that is also a common word (Will, Grace) only when that surname is no common word either;
  a word the lists do not know only when followed by a listed surname that is no common word;
- it is a known first name that is no common English word ("when Priya came in");
- a weaker cue comes before a known first name ("with Grace", "told Mark");
- a word no list knows sits where a person does: after "about", "with", "told" and the like,
  before a verb people do (maybe after "just"), or opening a description ("Thulani the care
  worker"); a family by its plural surname ("the Kowalskis are"); a word between two names in a
  list. After "his", "my" or "a" such a word is a thing ("his Fitbit"), and so it is after
  another capitalised word ("Bupa Cromwell"). Opening a sentence, where every word has a
  capital, a plain "is", "was", "has" or "had" after it is evidence only when the words go on
  as people are described ("X is 15", "X is the son", "X has been"): "Covid was the excuse",
  "Hope is what" name nobody. A verb the lists have in one tense counts in the other ("plays"
  for "played", "cries" for "cried"). Two such words joined by "and" before a verb people do,
  or before "are" and a word for people ("Tafadzwa and Rutendo are sisters"; not "Madopar
  and Sinemet are both levodopa"). A letter no English word has ("Siân") is evidence itself.
- a known first name, even one that is a word, opening a sentence or what was said or thought
  ("my trainer said Rose is a worrier") and described as a person; a month, day or place
  that is a first name only when it is described as one ("June is a retired nurse", "Sunday
  is a man from Benin City"; "May is a busy month");
- a word that is a name in lower case ("mark", "bob") is one where it is who was rung or
  spoken to and the clause goes on as after a person ("spoke to mark about", "rang bob back");
- a first name in lower case that is no word even of the full dictionary (not "max", "dale")
  opens a line the way a name does in a note to oneself ("gemma again", "ben i think", "priya
  and tomasz", "kofi from the pharmacy"), or a description of a person follows it ("it was
  becky, the one who rings"); so does a listed first name or surname in capitals, not a month
  or a place ("Doherty, the man with the ulcer"; not "on Sunday, the one who", nor "the
  Fluenz, the nurse logged it", where the noun opens a clause of its own);
- between commas after a noun for a person ("the registrar, Tolu, rang"), or before an age
  ("Daisy, 90,"); after "that" before a verb ("I saw that Seun had been told");
- a capitalised word with a letter no English word has ("Siân", "Nguyễn") once no list of
  words or places knows it with its accents off (the lists are ASCII: keys are folded);
- after "to" where a verb of handing over comes a few words before ("passed the phone to
  Thandeka"); a list of names goes on to its end ("Yetunde, Folake, Bisi");
- in capitals, a name goes on into the next word in capitals ("DAVID JONES"), in lower case
  into a listed surname that is no word ("john walsh");
- a possessive mid-sentence, inside a clause, before a lower-case word ("it was Hadiza's
  third"); a place or a day that is also a name only as a person is described ("Paris is a 19
  year old", "Chelsea had been drinking").
A title before a name, even typed in lower case ("mrs begum"), and a capitalised honorific
("Nana Ama") are part of the span. UK towns that are first names (the data's `towns`) need
context like words do.
Never: months, weekdays, places, shops, eponyms ("Parkinson's", "Wilson's disease"), roles
("Sister", "Registrar"): the data file's `not_names`, except after a strong cue.
"""

from __future__ import annotations

import itertools
import re

from server import guard_words as w
from server.guard_lists import (
    APOSTROPHES,
    LISTS,
    TOKEN,
    brand_spans,
    fold,
    is_excluded,
    is_first,
    is_surname,
    is_word,
    titled_thing,
)

# Keep these byte-for-byte equal to web/guard_names.js (TOKEN is in server/guard_lists.py).
_UP = r"[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff]"
_LO = r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff]"
_PART = rf"{_UP}(?:{_LO}+(?:{_UP}{_LO}+)?|['\u2019]{_UP}{_LO}+)"
_CAPITALISED = re.compile(rf"{_PART}(?:-(?:{_PART}|{_LO}+))*(?:['\u2019]s)?")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_ADJACENT = re.compile(r",?[ \t\u00a0]+")  # the same line and sentence: spaces, maybe a comma
_CLOSE = re.compile(r"[ \t\u00a0]+")  # parts of one name: spaces only
_COMMA = re.compile(r",[ \t\u00a0]+")  # items of a list
_TRAILING = re.compile(r"['\u2019]?[ \t\u00a0]+")  # "James' Place"
# A name typed in lower case: "paula", "jo-anne", "lauren's".
_LOWER = re.compile(
    r"(?:[a-z]{3,}|[a-z]{2}(?=-)|[a-z]['\u2019][a-z]{3,})(?:-[a-z]{2,})?(?:['\u2019]s)?"
)
_UPPER = re.compile(r"[A-Z]{3,}(?:-[A-Z]{2,})?")  # in capitals, as a visit list prints it
_LIST_GOES_ON = re.compile(r"(?:[ \t\u00a0]*(?:[,.;!?]|$)|[ \t\u00a0]+and[ \t\u00a0])")
_CLAUSE_END = re.compile(r"[ \t\u00a0]*(?:[.,;:!?)]|$)")
# A clause ends here; a line break counts as in the browser, where "$" is only the text's end.
_CLAUSE_CLOSE = re.compile(r"[ \t\u00a0]*(?:[.,;:!?)\n]|$)")
_NUMBER_NEXT = re.compile(r"[ \t\u00a0]+[0-9]")  # "Amber is 15"
_ASCII = re.compile(r"[A-Za-z'\u2019\-]+")
_BREAK = re.compile(r"[.!?\n\"\u201c(]")  # a sentence (or a quotation) starts after one of these
_DOTTED = re.compile(r"\.[ \t\u00a0]+")
_INITIAL = re.compile(r"[A-Z]")
_MAX_PARTS = 4
# Right after a name, its owner's age or date of birth: "Fiifi (dob 30/01/2015)", "Edna, 84,".
_AGE_AFTER = re.compile(
    r"[ \t\u00a0]*(?:\([ \t\u00a0]*(?:dob|d\.o\.b|aged?[ \t\u00a0]|[0-9]{1,3}(?![0-9]))"
    r"|,[ \t\u00a0]*[0-9]{1,3}(?:[ \t\u00a0]*(?:y|yo|yrs?|years?)(?![a-z]))?[ \t\u00a0]*[,)]"
    r"|[ \t\u00a0]+aged?[ \t\u00a0]+[0-9])",
    re.ASCII | re.IGNORECASE,
)


__all__ = ["brand_spans", "find_names", "titled_thing"]


def _other_tense(low: str, verbs: frozenset[str]) -> bool:
    """ "plays", "cleans", "cries": the present of a verb the list has in the past ("played",
    "cleaned", "cried"); what a person does in one tense they do in the other."""
    if len(low) < 4 or not low.endswith("s") or low.endswith("ss"):
        return False
    if low.endswith("ies"):
        return low[:-3] + "ied" in verbs
    stem = low[:-1]
    if stem + "ed" in verbs or stem + "d" in verbs:
        return True
    return low.endswith("es") and low[:-2] + "ed" in verbs


class _Token:
    __slots__ = ("cap", "end", "key", "low", "lower", "possessive", "start", "upper")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end = start, end
        self.low = text.lower()
        self.cap = _CAPITALISED.fullmatch(text) is not None
        self.upper = _UPPER.fullmatch(text) is not None
        self.lower = _LOWER.fullmatch(text) is not None or self.upper
        self.possessive = (self.cap or self.lower) and _POSSESSIVE.search(text) is not None
        bare = self.low[:-2] if self.possessive else self.low
        self.key = fold(APOSTROPHES.sub("", bare))


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [_Token(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
        blocked = brand_spans(text)
        self.blocked = [any(s < t.end and t.start < e for s, e in blocked) for t in self.tokens]
        self.block_places()

    def block_places(self) -> None:
        """Tokens inside a place of more than one word ("Hong Kong") start no name."""
        for i in range(len(self.tokens)):
            words = [self.tokens[i].low]
            for j in range(i + 1, min(i + LISTS.place_words, len(self.tokens))):
                if not self.joined(j - 1, j, _CLOSE):
                    break
                words.append(self.tokens[j].low)
                if " ".join(words) in LISTS.places:
                    for k in range(i, j + 1):
                        self.blocked[k] = True

    def low(self, i: int) -> str:
        return self.tokens[i].low if 0 <= i < len(self.tokens) else ""

    def joined(self, i: int, j: int, gap: re.Pattern[str]) -> bool:
        """Tokens i and j (i < j, both present) are neighbours separated only by `gap`."""
        if i < 0 or j >= len(self.tokens):
            return False
        a, b = self.tokens[i], self.tokens[j]
        return gap.fullmatch(self.text, a.end, b.start) is not None

    def sentence_start(self, i: int) -> bool:
        before = self.tokens[i - 1].end if i > 0 else 0
        return i == 0 or _BREAK.search(self.text, before, self.tokens[i].start) is not None

    def eponym(self, i: int) -> bool:
        tok = self.tokens[i]
        if not tok.possessive:
            return False
        if tok.key in LISTS.not_names:
            return True
        return self.joined(i, i + 1, _CLOSE) and self.tokens[i + 1].key in LISTS.eponym_after

    def strong_cue(self, i: int) -> bool:
        if not self.joined(i - 1, i, _ADJACENT):
            return False
        prev = self.low(i - 1)
        if prev in LISTS.kin or prev in LISTS.strong:
            return True
        if prev == "by":  # "she goes by Mags"
            return self.joined(i - 2, i - 1, _CLOSE) and self.low(i - 2) in w.GO
        return (
            prev in w.OBJECTS
            and self.joined(i - 2, i - 1, _CLOSE)
            and self.low(i - 2) in LISTS.strong
        )

    def naming_cue(self, i: int) -> bool:
        """A verb that names someone, with the object between ("everyone calls him Mo",
        "introduced himself as Mo", "signs her emails Mags"), or what follows does: "Kit as he
        prefers", "Cushing is his surname", "Frost is actually her name"."""
        k = i - 1
        while k >= i - 3 and self.joined(k, k + 1, _CLOSE) and not self.tokens[k].cap:
            if self.low(k) in w.NAMING:
                between = [self.low(m) for m in range(k + 1, i)]
                if between and (between[0] in w.OBJECTS or between[0] in w.OWNERS):
                    return True
                break
            k -= 1
        j = i + 1
        if self.low(j) not in w.BE and self.good_surname(j, strict=False):
            j += 1  # "Jack Frost is actually his name"
        if not self.joined(i, i + 1, _ADJACENT):
            return False
        if self.low(i + 1) == "as":  # "Kit as he prefers"
            return self.low(i + 2) in w.SUBJECTS and self.low(i + 3) in w.PREFERS
        if not (self.joined(j - 1, j, _CLOSE) and self.low(j) in w.BE):
            return False
        words = []
        for k in range(j + 1, j + 5):
            if not self.joined(k - 1, k, _CLOSE):
                break
            words.append(self.low(k))
            if self.low(k) in w.NAME_NOUNS:
                rest = [x for x in words[:-1] if x not in ("actually", "really", "still")]
                if not (rest and len(rest) <= 2):
                    return False
                # "the name" alone is any thing's ("Fibromyalgia is the name they gave it")
                owned = any(x in w.OWNERS or x in w.NAME_KINDS for x in rest)
                if not (owned or self.low(k).startswith(("sur", "fore", "nick"))):
                    return False
                return all(
                    x in w.OWNERS or x in w.NAME_KINDS or x in ("the", "my", "our") for x in rest
                )
        return False

    def person_slot(self, i: int) -> bool:
        """What follows or comes before token i is said only of a person: "reflect on Stuart,
        whom I had been avoiding", "Florence who"; or it closes a clause after "is" or "was"
        whose subject is a person ("the one I keep coming back to is Florence")."""
        end = self.tokens[i].end
        j = i + 1
        if self.good_surname(j, strict=False):
            j, end = j + 1, self.tokens[j].end
        # "Cronin, the lady with the colitis"; not "the Fluenz, the nurse", "on Sunday, the one"
        key = self.tokens[i].key
        named = (is_first(key) or is_surname(key)) and not is_excluded(key)
        if named and self.described_after(j - 1):
            return True
        if self.joined(j - 1, j, _ADJACENT) and self.low(j) in ("who", "whom"):
            # "in April, who knows why", "the team at Florence, who were lovely"
            return self.low(j + 1) not in ("knows", "cares", "were", "are")
        if not (
            self.joined(i - 1, i, _CLOSE)
            and self.low(i - 1) in w.BE
            and (j == len(self.tokens) or _CLAUSE_CLOSE.match(self.text, end))
        ):
            return False
        k = i - 2
        while k > 0 and i - k < 10 and not self.sentence_start(k):
            if self.low(k - 1) in ("the", "my", "our", "this", "that") and self.person_noun(k):
                return True
            k -= 1
        return False

    def reported(self, i: int) -> bool:
        """Token i opens what was said or thought: "my trainer said Bill is", "I think Grace
        has"."""
        return self.joined(i - 1, i, _CLOSE) and self.low(i - 1) in w.SAYING

    def weak_cue(self, i: int) -> bool:
        return self.joined(i - 1, i, _CLOSE) and self.low(i - 1) in LISTS.weak

    def person_cue(self, i: int) -> bool:
        return self.joined(i - 1, i, _CLOSE) and self.low(i - 1) in LISTS.person_before

    def unknown_cue(self, i: int) -> bool:
        """Token i (capitalised, in no list) sits where a person does: after "about", "for",
        "with" and the like (not "to", "from", "in": places go there; not "and": drug lists),
        or at a sentence's start before "and I"."""
        if self.sentence_start(i):
            if not (self.joined(i, i + 1, _CLOSE) and self.low(i + 1) == "and"):
                return False
            if not self.joined(i + 1, i + 2, _CLOSE):
                return False
            if self.low(i + 2) in w.PRONOUNS:
                return True
            return self.pair_subject(i + 2)
        return self.joined(i - 1, i, _CLOSE) and self.low(i - 1) in LISTS.unknown_before

    def pair_subject(self, k: int) -> bool:
        """ "Tolu and Funmi are sisters": token k, after "X and", is a name too (a listed first
        name or a word no list knows, no place) and the two go on as people do."""
        tok = self.tokens[k]
        if not tok.cap or self.blocked[k] or tok.possessive or not self.joins(k):
            return False
        if tok.key in LISTS.proper or tok.key in LISTS.towns:
            return False
        if self.joined(k, k + 1, _CLOSE) and self.low(k + 1) in w.FAMILY_VERBS:
            # "are sisters", "were both nurses"; "Madopar and Sinemet are both levodopa" is not
            m = k + 3 if self.low(k + 2) == "both" else k + 2
            noun = self.low(m)[:-1] if self.low(m).endswith("s") else self.low(m)
            return self.joined(m - 1, m, _CLOSE) and (
                self.low(m) in w.FAMILY_NOUNS or self.person_noun_word(noun) or noun == "married"
            )
        return self.verb_after(k, LISTS.person_verbs_strong)

    def given_to(self, i: int) -> bool:
        """ "passed the phone to Thandeka", "gave the letter to Mbali": after "to", where a verb of
        handing over a few words back makes a person of a word no list knows ("moved to
        Leeds" stays a place, and so does anything the lists know)."""
        if not (self.joined(i - 1, i, _CLOSE) and self.low(i - 1) == "to"):
            return False
        return any(self.low(k) in w.GIVE for k in range(max(0, i - 5), i - 1))

    def wordlike(self, i: int) -> bool:
        """Token i is a common word or a UK town as well as whatever else: "Will", "Stockton"."""
        key = self.tokens[i].key
        return is_word(key) or key in LISTS.towns

    def age_after(self, i: int) -> bool:
        """ "Fiifi (dob 30/01/2015)", "Edna, 84, lives alone", "Kwame aged 6"."""
        end = self.tokens[i].end
        return _AGE_AFTER.match(self.text[end : end + 24]) is not None

    def describes(self, i: int) -> bool:
        return (
            self.sentence_start(i)
            and self.joined(i, i + 1, _CLOSE)
            and self.low(i + 1) in w.START_AFTER
        )

    def start_of_description(self, i: int) -> bool:
        """A word no list knows opens the sentence and a description follows: "Thulani the
        care worker", "Morag from the isles" (not a possessive: "Tinel's was negative")."""
        return not self.tokens[i].possessive and self.describes(i)

    def family(self, i: int) -> bool:
        """ "the Kowalskis are", "the McAllisters asked": a family by its surname, plural."""
        tok = self.tokens[i]
        if tok.possessive or not tok.key.endswith("s") or is_excluded(tok.key):
            return False
        stem = tok.key[:-1]
        if is_word(stem) or is_word(tok.key) or stem in LISTS.proper or tok.key in LISTS.proper:
            return False
        return self.verb_after(i, LISTS.person_verbs) or (
            self.joined(i, i + 1, _CLOSE) and self.low(i + 1) in w.FAMILY_VERBS
        )

    def family_named(self, i: int) -> bool:
        """ "the Hughes-Mbeki family", "the Smith twins": a surname that is no word."""
        tok = self.tokens[i]
        if tok.possessive or is_excluded(tok.key) or tok.key in LISTS.proper:
            return False
        if not (self.joined(i, i + 1, _CLOSE) and self.low(i + 1) in w.FAMILY_NOUNS):
            return False
        return is_surname(tok.key) or not is_word(tok.key)

    def verb_after(self, i: int, verbs: frozenset[str]) -> bool:
        """A verb people do follows token i, or follows the surname after it; "X and his wife"."""
        for j in (i + 1, i + 2):
            if not self.joined(j - 1, j, _CLOSE):
                return False
            low = self.low(j)
            if low in verbs or _other_tense(low, verbs):
                return True
            if low == "and" and self.joined(j, j + 1, _CLOSE) and self.low(j + 1) in w.OWNERS:
                return True
            if j == i + 2 or not (self.good_surname(j, strict=False) or low in w.ADVERBS):
                return False
        return False

    def described_as_person(self, i: int) -> bool:
        """ "X is 15", "X is a retired teacher", "X is the son", "X has been crying": token i
        and a plain "is", "was", "has" or "had" go on the way people are described, where
        "Hope is what", "Covid was the excuse" and "Joy is not a word" do not."""
        j = i + 1
        if self.low(j) not in w.BE_HAVE and self.good_surname(j, strict=False):
            j += 1  # "Lascelles Grant is a bus driver"
        k = j + 1
        if not (self.joined(j - 1, j, _CLOSE) and self.low(j) in w.BE_HAVE):
            return False
        if self.low(j) in w.BE and _NUMBER_NEXT.match(self.text, self.tokens[j].end):
            return True
        if not self.joined(j, k, _CLOSE):
            return False
        if self.low(k) == "the":
            return self.joined(k, k + 1, _CLOSE) and self.person_noun(k + 1)
        return self.low(k) in w.COMPLEMENTS

    def described_strictly(self, i: int) -> bool:
        """Only as a person is described: "X is 15", "X is a 19 year old", "X is the son", "X
        had been drinking". For words that are mostly something else: places, days, months."""
        j, k = i + 1, i + 2
        if not (self.joined(i, j, _CLOSE) and self.low(j) in w.BE_HAVE):
            return False
        if self.low(j) in w.BE and _NUMBER_NEXT.match(self.text, self.tokens[j].end):
            return True
        if not self.joined(j, k, _CLOSE):
            return False
        low = self.low(k)
        if low in ("a", "an"):
            if _NUMBER_NEXT.match(self.text, self.tokens[k].end):
                return True
            # "Sunday is a man from Benin City", "June is a retired nurse"; "May is a busy month",
            # and a role ("Sis is a nurse") is no first name.
            if not is_first(self.tokens[i].key):
                return False
            for m in range(k + 1, k + 4):
                if not self.joined(m - 1, m, _CLOSE) or self.tokens[m].cap:
                    return False
                if self.person_noun(m):
                    return True
            return False
        if low == "the":
            return self.joined(k, k + 1, _CLOSE) and self.low(k + 1) in LISTS.kin
        return (
            low == "been"
            and self.joined(k, k + 1, _CLOSE)
            and self.low(k + 1).endswith("ing")
        )

    def owned(self, i: int) -> bool:
        """Token i, a possessive mid-sentence, owns the lower-case word after it, and no
        preposition before it makes it a place ("at Bart's")."""
        if self.sentence_start(i) or not self.joined(i, i + 1, _CLOSE):
            return False
        if not self.joined(i - 1, i, _CLOSE):  # "..., Hickam's dictum": no clause around it
            return False
        nxt = self.tokens[i + 1]
        if nxt.cap or nxt.upper or self.low(i - 1) in LISTS.drug_before:
            return False
        return self.low(i - 1) not in ("to", "from", "by", "via", "for", "with")

    def surname_no_word(self, j: int) -> bool:
        return self.good_surname(j, strict=False) and not is_word(self.tokens[j].key)

    def person_noun(self, i: int) -> bool:
        """ "the son", "the teenager", "the one who": a noun for a person."""
        return self.person_noun_word(self.low(i))

    @staticmethod
    def person_noun_word(low: str) -> bool:
        return low in LISTS.kin or low in w.PERSON_NOUNS

    def appositive(self, i: int) -> bool:
        """ "the other registrar, Tolu, had": between commas, right after a noun for a person."""
        return (
            self.joined(i - 1, i, _COMMA)
            and self.person_noun(i - 1)
            and self.text.startswith(",", self.tokens[i].end)
        )

    def proper_compound(self, i: int) -> bool:
        """Token i (in no first-name list) follows a capitalised word that is no title and no
        cue: "Bupa Cromwell", "Royal Stoke". A person's name there would have been found from
        its first word."""
        if not self.joined(i - 1, i, _CLOSE):
            return False
        prev = self.tokens[i - 1]
        if not prev.cap:  # after an acronym, a role ("our GPA Bex") as often as a thing
            return False
        low = prev.low
        if is_first(prev.key):  # "May Tsang": the first name decides
            return False
        return not (
            low in w.TITLES
            or low in w.HONORIFICS
            or low in LISTS.person_before
            or low in LISTS.unknown_before
            or low in LISTS.weak
            or low in LISTS.strong
            or low in LISTS.kin
        )

    def contacted(self, i: int) -> bool:
        """Token i, typed in lower case, is who was rung, seen or spoken to, and the clause
        ends there or goes on as it would after a person: "spoke to mark about his drinking",
        "rang bob back", "asked jo if". A word that is also a name ("mark", "bob") needs all of
        that; the verb of contact alone ("saw rose") does not make it one."""
        if not self.joined(i - 1, i, _CLOSE):
            return False
        prev = self.low(i - 1)
        if prev == "to":
            if not (self.joined(i - 2, i - 1, _CLOSE) and self.low(i - 2) in w.SPEAK):
                return False
        elif prev not in w.CONTACT:
            return False
        end = self.tokens[i].end
        if i + 1 == len(self.tokens) or _CLAUSE_END.match(self.text, end):
            return True
        return self.joined(i, i + 1, _CLOSE) and self.low(i + 1) in w.AFTER_CONTACT

    def lower_name(self, i: int) -> bool:
        """A known first name typed in lower case or in capitals, with a cue either side:
        "spoke to chris", "DAVID is"."""
        tok = self.tokens[i]
        if not tok.lower or is_excluded(tok.key) or tok.key in LISTS.not_lower:
            return False
        if self.joined(i - 1, i, _CLOSE) and self.low(i - 1) in w.TITLES:  # "mrs begum"
            return not (is_word(tok.key) or tok.key in LISTS.proper)
        if is_first(tok.key) and self.contacted(i):  # "spoke to mark about", "rang bob back"
            return True
        if not is_first(tok.key) or is_word(tok.key) or tok.key in LISTS.not_before:
            return False
        if tok.possessive:
            return self.joined(i, i + 1, _CLOSE) and self.low(i + 1) in LISTS.kin_after
        if (
            not tok.upper
            and tok.key not in LISTS.proper
            and tok.key not in w.FULL_DICT_NAMES
            and self.lower_shape(i)
        ):
            return True  # "gemma again", "ben i think", "it was becky, the one who rings"
        return self.weak_cue(i) or self.strong_cue(i) or self.verb_after(i, LISTS.person_verbs)

    def described_after(self, i: int) -> bool:
        """A comma and a noun for a person follow token i, and describe it: "becky, the one who
        rings", "Cronin, the lady with the colitis" (not "to Boston, the nurse said": there the
        noun opens a clause of its own)."""
        k = i + 3
        return (
            self.text.startswith(",", self.tokens[i].end)
            and self.joined(i, i + 1, _COMMA)
            and self.low(i + 1) in ("the", "my", "our")
            and self.joined(i + 1, i + 2, _CLOSE)
            and self.person_noun(i + 2)
            and (
                k == len(self.tokens)
                or _CLAUSE_CLOSE.match(self.text, self.tokens[i + 2].end) is not None
                or (self.joined(i + 2, k, _CLOSE) and self.low(k) in w.DESCRIBING)
            )
        )

    def lower_shape(self, i: int) -> bool:
        """Token i (a first name in lower case, no word) opens a line or a sentence the way a
        person's name does in a note to oneself ("gemma again", "ben i think you're right",
        "jo and steve the couple"), or a description of a person follows it ("becky, the one
        who rings")."""
        end = self.tokens[i].end
        nxt = self.low(i + 1)
        if self.described_after(i):
            return True
        if not self.sentence_start(i):
            return False
        if i + 1 == len(self.tokens):
            return _CLAUSE_CLOSE.match(self.text, end) is not None
        if not self.joined(i, i + 1, _CLOSE):
            return False
        if nxt in ("again", "i", "who"):
            return True
        if nxt == "from" and self.low(i + 2) == "the":  # "dev from the reception team"
            return self.joined(i + 1, i + 2, _CLOSE)
        if nxt == "and" and self.joined(i + 1, i + 2, _CLOSE):
            other = self.tokens[i + 2] if i + 2 < len(self.tokens) else None
            return other is not None and (
                other.lower
                and is_first(other.key)
                and not is_word(other.key)
                and other.key not in LISTS.proper
                and other.key not in w.FULL_DICT_NAMES
            )
        return False

    def good_surname(self, j: int, *, strict: bool) -> bool:
        """Token j, right after a name part, can continue it; `strict`: a listed name and no
        common word."""
        if not self.joined(j - 1, j, _CLOSE):
            return False
        tok, prev = self.tokens[j], self.tokens[j - 1]
        if prev.possessive or self.eponym(j):
            return False
        if tok.lower and not tok.upper and prev.lower and not prev.upper:
            # "john walsh": a listed surname that is no word, after a first name in lower case
            return (
                is_first(prev.key)
                and is_surname(tok.key)
                and not is_word(tok.key)
                and not is_excluded(tok.key)
            )
        if not tok.cap and not (tok.upper and prev.upper):  # "DAVID JONES" goes on in capitals
            return False
        # "Christine Bell", "Sarah May": an excluded word that is a surname, after a first name.
        # Only to continue a name found on other evidence ("Happy Friday" starts nothing).
        if is_excluded(tok.key) and (strict or not (is_surname(tok.key) and is_first(prev.key))):
            return False
        if tok.key in LISTS.not_after:  # "Cedar Ave": the street word ends the name
            return False
        if strict:
            return (is_surname(tok.key) or is_first(tok.key)) and not is_word(tok.key)
        return is_surname(tok.key) or is_first(tok.key) or not is_word(tok.key)

    def after_particles(self, j: int) -> int:
        """The index of the capitalised word after particles from token j ("van der Berg"),
        or -1."""
        k = j
        while k < j + 2 and self.low(k) in w.PARTICLES and self.joined(k - 1, k, _CLOSE):
            k += 1
        if k == j or not self.joined(k - 1, k, _CLOSE):
            return -1
        tok = self.tokens[k]
        return k if tok.cap and not is_excluded(tok.key) else -1

    def initial(self, i: int) -> bool:
        """ "J. Whitworth": an initial and a surname."""
        tok = self.tokens[i]
        if tok.end - tok.start != 1 or not _INITIAL.fullmatch(self.text[tok.start]):
            return False
        if not self.joined(i, i + 1, _DOTTED):
            return False
        nxt = self.tokens[i + 1]
        if not nxt.cap or is_excluded(nxt.key):
            return False
        return is_surname(nxt.key) or not is_word(nxt.key)

    def starts_name(self, i: int) -> bool:
        tok = self.tokens[i]
        if self.blocked[i]:
            return False
        if not tok.cap:
            return self.initial(i) or self.lower_name(i)
        if self.eponym(i) or tok.key in LISTS.not_before or tok.key in LISTS.not_after:
            return False  # "Hospice was full": a place word starts no name
        # "calls him Mo", "Cushing is his surname": named, whatever else the word is; but "she
        # called me Doctor", "There was his name" name nobody.
        if (
            (is_first(tok.key) or is_surname(tok.key) or not is_word(tok.key))
            and (is_surname(tok.key) or not is_excluded(tok.key))  # "Cushing", not "Covid"
            and not (tok.low in w.TITLES or self.person_noun(i))
            and self.naming_cue(i)
        ):
            return True
        # "reflect on Stuart, whom", "the one I keep coming back to is Florence": a known first
        # name, or a word no list knows, where only a person goes.
        if (
            (is_first(tok.key) or not (self.wordlike(i) or tok.key in LISTS.proper))
            and (is_first(tok.key) or not is_excluded(tok.key))
            and self.person_slot(i)
        ):
            return True
        if self.joined(i - 1, i, _CLOSE):
            prev = self.tokens[i - 1].key
            if prev == "the" and (self.family(i) or self.family_named(i)):
                return True
            if prev in LISTS.not_before:
                return False
            # "in Preston", "on Yasmin"; but "into Gareth Pryce", "in Amy's room".
            # "angry at Brian", "reflect on Stuart": a listed first name that is no word nor
            # drug is a person after "at" and "on" too; places and drugs are in not_names.
            at_person = prev in w.AT_ON and is_first(tok.key) and not self.wordlike(i)
            if prev in LISTS.drug_before and not tok.possessive and not at_person:
                if not self.good_surname(i + 1, strict=False):
                    return False
        known, word, excluded = is_first(tok.key), self.wordlike(i), is_excluded(tok.key)
        if self.strong_cue(i):
            if known and (not excluded or tok.key in LISTS.names_despite):
                return True
            if not (word or excluded or tok.key in LISTS.proper):
                return True
        if excluded:  # "June said", "May Tsang" are people, "in June" stays a month
            if self.sentence_start(i) and self.described_strictly(i):
                return True  # "Paris is a 19 year old", "Sunday is a man from Benin City"
            return tok.key in LISTS.names_despite and (
                self.verb_after(i, LISTS.person_verbs_strong)
                or self.good_surname(i + 1, strict=True)
            )
        if tok.possessive and self.joined(i, i + 1, _CLOSE):
            if self.low(i + 1) in LISTS.kin_after and (known or not word):
                return True
        if known and not word:
            return True
        if known and (self.weak_cue(i) or self.good_surname(i + 1, strict=True)):
            return True
        if known and self.verb_after(i, LISTS.person_verbs_strong):
            return True
        # "Bill is a heartsink" opening a sentence or what was said or thought ("my trainer said
        # Bill is a heartsink").
        if known and (self.sentence_start(i) or self.reported(i)) and self.described_as_person(i):
            return True
        # "Mercy Owusu was": a first name and a surname that is no word before a verb ("Love
        # Island was" is a programme).
        if known and self.surname_no_word(i + 1) and self.verb_after(i, LISTS.person_verbs):
            return True
        if known and (self.appositive(i) or self.age_after(i)):  # "Daisy, 90, still gardens"
            return True
        if known and not is_word(tok.key) and self.describes(i):  # "Beverley from the church"
            return True
        if known and tok.key in LISTS.towns and self.verb_after(i, LISTS.person_verbs):
            return True  # "Kimberley has seen", where "Stockton" alone is a town
        if word or tok.key in LISTS.proper:  # "Lagos", "Swansea": no person without a cue
            return False
        if self.joined(i - 1, i, _CLOSE) and self.low(i - 1) in w.DETERMINERS:
            # "his Fitbit": a thing he has (a listed name passes: "our Kylie"); but "I saw
            # that Seun had been told" is a person.
            if not (self.low(i - 1) == "that" and self.verb_after(i, LISTS.person_verbs)):
                return False
        if self.proper_compound(i):
            return False  # "the NHS App", "Bupa Cromwell": the second word of a thing's name
        # A capitalised word with a letter no English word has ("Siân", "Nguyễn"), in no list
        # of words or places once its accents are off.
        if not _ASCII.fullmatch(self.text, tok.start, tok.end) and tok.key not in LISTS.kin:
            # Opening a sentence, only before a verb ("Siân was"; "Déjà vu" is French).
            if not self.sentence_start(i) or self.verb_after(i, LISTS.person_verbs):
                return True
        if self.person_cue(i) or self.appositive(i):
            return True
        if tok.possessive and self.owned(i):  # "it was Hadiza's third miscarriage"
            return True
        if self.verb_after(i, LISTS.person_verbs_strong):
            return True
        # "Covid was", "Derriford is": at a sentence's start, where every word is capitalised,
        # "is", "was" or "has" after a word no list knows is evidence of a person only as
        # people are described ("X is the son"), or after a second name ("Nomsa Dlamini has").
        if self.sentence_start(i):
            if self.described_as_person(i) or (
                self.good_surname(i + 1, strict=False) and self.verb_after(i, LISTS.person_verbs)
            ):
                return True
        elif self.verb_after(i, LISTS.person_verbs):
            return True
        if self.start_of_description(i) or self.age_after(i):
            return True
        # Mid-sentence, a word no list knows after a preposition people follow ("thinking about
        # Wojciech", "sat with Dũng"), or before "and I"/"and her": the names no list can hold.
        if self.unknown_cue(i) or self.given_to(i):
            return True
        if self.after_particles(i + 1) >= 0:
            return True
        # A name the lists lack ("Olu"), before a listed surname that is no word ("Okafor").
        return self.good_surname(i + 1, strict=True) and is_surname(self.tokens[i + 1].key)

    def extend(self, i: int) -> int:
        """The last token of the name that starts at token i."""
        j, parts = i, 1
        while parts < _MAX_PARTS:
            k = self.after_particles(j + 1)
            if k >= 0:
                j = k
            elif j + 1 < len(self.tokens) and self.good_surname(j + 1, strict=False):
                j += 1
            else:
                break
            parts += 1
        return j

    def place_follows(self, j: int) -> bool:
        """A street, a ward or a hospital comes right after token j: "Acacia Road"; after a
        possessive only a capitalised one ("James' Place", but "Edna's house" is hers)."""
        if not self.joined(j, j + 1, _TRAILING):
            return False
        nxt = self.tokens[j + 1]
        gap = self.text[self.tokens[j].end : nxt.start]
        if (self.tokens[j].possessive or APOSTROPHES.search(gap)) and not nxt.cap:
            return False
        # "Ramsay Hunt syndrome", "Stevens-Johnson syndrome": an eponym without its "'s".
        disease = nxt.key in w.DISEASE and not gap.startswith(("'", "\u2019"))
        return nxt.key in LISTS.not_after or disease

    def joins(self, i: int) -> bool:
        """Token i, on the far side of an "and" from a name, is another: "Kath and Derek"."""
        tok = self.tokens[i]
        if not tok.cap or self.blocked[i] or is_excluded(tok.key) or tok.key in LISTS.not_before:
            return False
        return is_first(tok.key) or not is_word(tok.key)

    def lead(self, i: int) -> int:
        """Where the name starting at token i begins with its title or honorific: "mrs begum",
        "Nana Ama" (a lower-case "her nan" stays outside)."""
        if not self.joined(i - 1, i, _CLOSE):
            return i
        low = self.low(i - 1)
        if low in w.TITLES or (low in w.HONORIFICS and self.tokens[i - 1].cap):
            return i - 1
        return i

    def names(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(self.tokens):
            if not self.starts_name(i):
                i += 1
                continue
            # "J. Whitworth": the name goes on past the initial's full stop.
            j = self.extend(i + 1 if self.initial(i) else i)
            if not self.place_follows(j):
                spans.append((self.lead(i), j))
            i = j + 1
        taken = {k for a, b in spans for k in range(a, b + 1)}
        more: list[tuple[int, int]] = []
        for a, b in spans:
            after, before = b + 2, a - 2
            if self.low(b + 1) == "and" and self.joined(b, b + 1, _CLOSE):
                if after < len(self.tokens) and self.joined(b + 1, after, _CLOSE):
                    if after not in taken and self.joins(after):
                        last = self.extend(after)
                        if not self.place_follows(last):  # "Helen and Douglas House"
                            more.append((after, last))
            if self.low(a - 1) == "and" and self.joined(a - 1, a, _CLOSE):
                if before >= 0 and self.joined(before, a - 1, _CLOSE):
                    if before not in taken and self.joins(before):
                        more.append((before, before))
        # "Usman, Bilqis, Idris": a word between two names in a list is one too.
        ordered = sorted(spans)
        for (_, b), (a2, _) in itertools.pairwise(ordered):
            k = b + 1
            if a2 == k + 1 and self.joined(b, k, _COMMA) and self.joined(k, a2, _COMMA):
                if self.joins(k):
                    more.append((k, k))
        # "Yetunde, Folake, Bisi": the list goes on, to its end or to the next comma or "and".
        for _, b in ordered:
            k = b + 1
            while k < len(self.tokens) and self.joined(k - 1, k, _COMMA) and self.joins(k):
                end = self.tokens[k].end
                if not (k + 1 == len(self.tokens) or _LIST_GOES_ON.match(self.text, end)):
                    break
                if k not in taken:
                    more.append((k, k))
                k += 1
        found = sorted(set(spans + more))
        return [(self.tokens[a].start, self.tokens[b].end) for a, b in found]


def find_names(text: str) -> list[tuple[int, int]]:
    """Spans of names in running text (without titles; guard.py's rules find those)."""
    return _Text(text).names()
