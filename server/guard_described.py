"""How the words around a token describe a person, for server/guard_names.py (the twins of the
same methods of web/guard_names.js): a cue that names someone ("called", "my trainer said"),
a place in the sentence only a person stands in, a person described ("X is a retired teacher",
"X is the son", "X had been drinking"), what someone owns, who they are between commas
("Mark, the ST3 in our group,"), a family, and the capitalised words that name a thing instead
("the NHS App", "Bupa Cromwell").
"""

from __future__ import annotations

import re

from server import guard_words as w
from server.guard_cues import Context
from server.guard_lists import LISTS, is_excluded, is_first, is_surname, is_word
from server.guard_tokens import ADJACENT, BRACKET, CLAUSE_CLOSE, CLOSE, COMMA

# ", his surname", ", that's the surname", ", her nickname": a name said to be one, right after it
# (", the name they gave it" is any thing's).
_SPACE = r"[ \t\u00a0]+"
_KIND_OF_NAME = rf"(?:sur|nick|first{_SPACE}|last{_SPACE})"
_NAME_APPOSITIVE = re.compile(
    rf",{_SPACE}(?:that['\u2019]s{_SPACE})?"
    rf"(?:(?:his|her|their){_SPACE}{_KIND_OF_NAME}?name|the{_SPACE}{_KIND_OF_NAME}name)(?![A-Za-z])"
)
# What closes an appositive: a comma within a few words, no sentence's end before it.
_APPOSITIVE_CLOSES = re.compile(r"[^,.;:!?\n]{0,40},")
_BRACKET_CLOSES = re.compile(r"[^()\n]{0,40}\)")
# Who does something, by the ending: "worrier", "smoker", "survivor", "pharmacist", "year".
_AGENT = re.compile(r"(?:er|or|ist|ian|ant|ent|ee|year)s?$")
# "Amber is 15", "Paris is three" (not "one": "X is one of the most deprived wards").
_NUMBER_NEXT = re.compile(
    r"[ \t\u00a0]+(?:[0-9]|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety)(?![a-z]))"
    # "Derriford is two hours away": a distance or a price, not an age; "Ferritin was 9 µg/L":
    # a result.
    r"(?![0-9.,]*[ \t\u00a0]*(?:hours?|hrs?|miles?|minutes?|mins?|km|pounds?|quid|percent|%"
    r"|[\u00b5u]g|mg|ng|pg|g/d?[lL]|[mnp\u00b5u]mol|micromol|m?I?U/[lL]|m?iu|ml/min|mm/hr?))"
)


class Described(Context):
    """What the sentence around a token says of it as a person (or as a thing's name)."""

    def naming_cue(self, i: int) -> bool:
        """A verb that names someone, with the object between ("everyone calls him Mo",
        "introduced himself as Mo", "signs her emails Mags"), or what follows does: "Kit as he
        prefers", "Cushing is his surname", "Frost is actually her name", "her eldest is called
        Chelsea"."""
        if self.low(i - 1) in ("called", "named") and self.low(i - 2) in w.BE:
            # "is called Leeds Mental Wellbeing Service" names a service, not a person
            return (
                self.joined(i - 2, i - 1, CLOSE)
                and self.joined(i - 1, i, CLOSE)
                and not self.workplace_named(i)
            )
        if self.low(i - 1) == "pronounced" and self.joined(i - 1, i, CLOSE):
            return True  # "Featherstonehaugh is pronounced Fanshaw": how a name is said
        k = i - 1
        while k >= i - 3 and self.joined(k, k + 1, CLOSE) and not self.tokens[k].cap:
            if self.low(k) in w.NAMING:
                between = [self.low(m) for m in range(k + 1, i)]
                # "called him the Tuesday man": a description, not a name
                described = any(x in ("the", "a", "an") for x in between[1:])
                if between and (between[0] in w.OBJECTS or between[0] in w.OWNERS):
                    return not described
                break
            k -= 1
        # "Winter, his surname, is", "Mputu, that's the surname": said right after it.
        if _NAME_APPOSITIVE.match(self.text, self.tokens[i].end):
            return True
        j = i + 1
        if self.low(j) not in w.BE and self.good_surname(j, strict=False):
            j += 1  # "Jack Frost is actually his name"
        if not self.joined(i, i + 1, ADJACENT):
            return False
        if self.low(i + 1) == "as":  # "Kit as he prefers"
            return self.low(i + 2) in w.SUBJECTS and self.low(i + 3) in w.PREFERS
        if not (self.joined(j - 1, j, CLOSE) and self.low(j) in w.BE):
            return False
        words = []
        for k in range(j + 1, j + 5):
            if not self.joined(k - 1, k, CLOSE):
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
                plain = ("the", "my", "our", "a")
                return all(x in w.OWNERS or x in w.NAME_KINDS or x in plain for x in rest)
        return False

    def nicknamed(self, i: int) -> bool:
        """Right after "call him", "calls her", "called them" or "goes by": what someone is
        called ("everyone calls him Spud", "he goes by Den"; "she called me Doctor", "the kids
        call him Pops" are no names)."""
        if not (self.joined(i - 2, i - 1, CLOSE) and self.joined(i - 1, i, CLOSE)):
            return False
        before = (self.low(i - 2), self.low(i - 1))
        if before[1] == "by":
            return before[0] in ("goes", "go", "going", "went")
        key = self.tokens[i].key
        if key in w.HONORIFICS or key in w.FAMILY_CALLS:
            return False
        return before[0] in ("call", "calls", "called", "calling") and before[1] in w.NICKNAMED

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
        if self.joined(j - 1, j, ADJACENT) and self.low(j) in ("who", "whom"):
            # "in April, who knows why", "the team at Florence, who were lovely"
            return self.low(j + 1) not in ("knows", "cares", "were", "are")
        if not (
            self.joined(i - 1, i, CLOSE)
            and self.low(i - 1) in w.BE
            and (j == len(self.tokens) or CLAUSE_CLOSE.match(self.text, end))
        ):
            return False
        k = i - 2
        while k > 0 and i - k < 10 and not self.sentence_start(k):
            if self.low(k - 1) in ("the", "my", "our", "this", "that") and self.person_noun(k):
                return True
            k -= 1
        return False

    def family(self, i: int) -> bool:
        """ "the Kowalskis are", "the McAllisters asked": a family by its surname, plural."""
        tok = self.tokens[i]
        if tok.possessive or not tok.key.endswith("s") or is_excluded(tok.key):
            return False
        stem = tok.key[:-1]
        if is_word(stem) or is_word(tok.key) or stem in LISTS.proper or tok.key in LISTS.proper:
            return False
        if is_surname(stem) and not is_excluded(stem):  # "the Nwachukwus want", "the Mahmoods"
            return True
        return self.verb_after(i, LISTS.person_verbs) or (
            self.joined(i, i + 1, CLOSE) and self.low(i + 1) in w.FAMILY_VERBS
        )

    def family_named(self, i: int) -> bool:
        """ "the Hughes-Mbeki family", "the Smith twins": a surname that is no word."""
        tok = self.tokens[i]
        if tok.possessive or is_excluded(tok.key) or tok.key in LISTS.proper:
            return False
        # "the Hinchliffe family's housing application": the family owns what follows
        if not (self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].key in w.FAMILY_NOUNS):
            return False
        return is_surname(tok.key) or not is_word(tok.key)

    def described_as_person(self, i: int) -> bool:
        """ "X is 15", "X is a retired teacher", "X is the son", "X has been crying": token i
        and a plain "is", "was", "has" or "had" go on the way people are described, where
        "Hope is what", "Covid was the excuse" and "Joy is not a word" do not."""
        j = i + 1
        if self.low(j) not in w.BE_HAVE and self.good_surname(j, strict=False):
            j += 1  # "Lascelles Grant is a bus driver"
        be = self.low(j)
        # "Barry used to be a scaffolder": "was", said of what someone no longer is.
        if be == "used" and self.low(j + 1) == "to" and self.low(j + 2) == "be":
            if self.joined(j, j + 1, CLOSE) and self.joined(j + 1, j + 2, CLOSE):
                j, be = j + 2, "was"
        k = j + 1
        if not (self.joined(j - 1, j, CLOSE) and be in w.BE_HAVE):
            return False
        if be in w.BE and _NUMBER_NEXT.match(self.text, self.tokens[j].end):
            return True
        if not self.joined(j, k, CLOSE):
            return False
        if self.low(k) in w.NUMBER_WORDS:  # "has two sons"; "is two hours away" is no age
            return be not in w.BE
        if self.low(k) == "the":  # "the son", "the eldest daughter", "the only other trainee"
            return self.person_noun_within(k)
        if be in w.BE and self.origin(k):  # "Wanjiru is Kenyan", "Awadia is from Darfur"
            return True
        # "Mark is leading this term", "Grace was right", "Faith is on nights"; "Hope is going"
        # is a feeling's.
        on_leave = self.low(k) == "on" and self.low(k + 1) in w.ON_LEAVE
        if be in w.BE and (self.low(k) in w.DOING_NOW | w.PERSON_LIKE or on_leave):
            return self.tokens[i].key not in w.FEELINGS
        # "Hope is a strange thing", "Joy is not a word": a thing, not a person.
        if any(self.low(m) in w.THINGS for m in range(k + 1, k + 4)):
            return False
        # A name that is also a word is "a" person only as a person is: "Bill is a retired
        # teacher", "Grace is a worrier"; not "Patience is a virtue".
        if self.low(k) in ("a", "an") and be in w.BE and self.wordlike(i):
            if self.person_noun_within(k):
                return True
            for m in range(k + 1, k + 4):
                if self.low(m) in w.DETERMINERS:  # "a virtue my trainer has"
                    return False
                if _AGENT.search(self.low(m)) or self.low(m) in w.WHAT_NAMES:
                    return True
            return False
        return self.low(k) in w.COMPLEMENTS

    def origin(self, k: int) -> bool:
        """Token k says where someone is from: "from", or a nationality in capitals ("Kenyan",
        "Congolese", "Polish"; the data has them among its never-names)."""
        tok = self.tokens[k]
        if tok.low == "from":
            return True
        return tok.cap and is_excluded(tok.key) and tok.key.endswith(w.NATIONALITY_ENDINGS)

    def described_strictly(self, i: int) -> bool:
        """Only as a person is described: "X is 15", "X is a 19 year old", "X is the son", "X
        had been drinking". For words that are mostly something else: places, days, months."""
        j, k = i + 1, i + 2
        if not (self.joined(i, j, CLOSE) and self.low(j) in w.BE_HAVE):
            return False
        if self.low(j) in w.BE and _NUMBER_NEXT.match(self.text, self.tokens[j].end):
            return True
        if not self.joined(j, k, CLOSE):
            return False
        low = self.low(k)
        if low in ("a", "an"):
            if _NUMBER_NEXT.match(self.text, self.tokens[k].end):
                return True
            # "Sunday is a man from Benin City", "June is a retired nurse"; "May is a busy month",
            # and a role ("Sis is a nurse") is no first name.
            return is_first(self.tokens[i].key) and self.person_noun_within(k)
        if low == "the":
            if not self.joined(k, k + 1, CLOSE):
                return False
            if self.low(k + 1) == "one":  # "Lincoln is the one with the glue ear"
                return self.joined(k + 1, k + 2, CLOSE) and self.low(k + 2) in w.ONE_WHO
            return self.low(k + 1) in LISTS.kin
        return (
            low == "been"
            and self.joined(k, k + 1, CLOSE)
            and self.low(k + 1).endswith("ing")
        )

    def owned(self, i: int) -> bool:
        """Token i, a possessive mid-sentence, owns the lower-case word after it, and no
        preposition before it makes it a place ("at Bart's")."""
        if not self.joined(i, i + 1, CLOSE):
            return False
        nxt = self.tokens[i + 1]
        # "Abrehet's OGD is booked": a test or scan in capitals is a person's too
        test = nxt.upper and nxt.key in w.PERSONAL
        if self.sentence_start(i):  # "Nomvula's church group"; "Hickam's dictum" is no one's
            return test or (
                nxt.lower
                and not nxt.upper
                and nxt.key not in LISTS.eponym_after
                and nxt.key not in w.EPONYM_NOUNS
            )
        if not self.joined(i - 1, i, CLOSE):  # "..., Hickam's dictum": no clause around it
            return False
        if ((nxt.cap or nxt.upper) and not test) or self.low(i - 1) in LISTS.drug_before:
            return False
        return self.low(i - 1) not in ("to", "from", "by", "via", "for", "with")

    def bare_possessive(self, i: int) -> bool:
        """Token i is a first name's 's typed without its apostrophe, before kin or what only a
        person has: "Priyas case", "Baljits mum", "Adebayos referral" (not "Parkinsons disease",
        "Jones", "Davis")."""
        tok = self.tokens[i]
        key = tok.key
        if tok.possessive or len(key) < 4 or not key.endswith("s"):
            return False
        if not (is_first(key[:-1]) and not is_word(key[:-1])):
            return False
        if is_first(key) or is_surname(key) or is_word(key) or is_excluded(key):
            return False
        if key in LISTS.proper or not self.joined(i, i + 1, CLOSE):
            return False
        return self.low(i + 1) in w.PERSONAL or self.low(i + 1) in LISTS.kin

    def from_workplace(self, i: int) -> bool:
        """Token i opens a sentence (maybe after "big", "old", "wee") and where the person
        works or comes from follows: "Rose from the deanery is running it", "mo from the
        pharmacy says", "Bill from IT" (not "Hope from the start", "Rose from the table")."""
        start = self.sentence_start(i) or (
            self.low(i - 1) in w.HONORIFICS
            and self.joined(i - 1, i, CLOSE)
            and self.sentence_start(i - 1)
        )
        if not start or self.low(i) in w.NOT_SPOKEN_TO:
            return False
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) == "from"):
            return False
        k = i + 2
        if self.low(k) == "the" and self.joined(k - 1, k, CLOSE):
            k += 1
        for m in range(k, min(k + 3, len(self.tokens))):
            if not self.joined(m - 1, m, CLOSE):
                return False
            tok = self.tokens[m]
            if tok.low == "it":  # "Bill from IT", not "Mark from it all"
                return self.text[tok.start : tok.end] == "IT"
            if tok.low in w.WORKPLACES:
                # "Numbers from the practice: 41 children": a heading, not who came
                return not self.text.startswith(":", tok.end)
        return False

    def role_apposed(self, i: int) -> bool:
        """Token i opens a sentence, "the" and a role follow it, and then what the person did or
        is: "Joy the DN is off sick", "Tempe the pharmacist said" (not "Will the nurse be
        there", "Mark the nurse's notes as read")."""
        if not self.sentence_start(i) or self.low(i) in w.NOT_SPOKEN_TO:
            return False
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) in ("the", "our", "my", "your")):
            return False
        for k in range(i + 2, min(i + 5, len(self.tokens))):
            if not self.joined(k - 1, k, CLOSE):
                return False
            if self.person_noun(k) or self.low(k) in w.ROLES:
                if self.tokens[k].possessive or not self.joined(k, k + 1, CLOSE):
                    return False
                if self.low(k + 1) in w.BE_HAVE or self.low(k + 1) in ("did", "does"):
                    return True
                return self.verb_after(k, LISTS.person_verbs)
        return False

    def role_after(self, i: int) -> bool:
        """Token i, then between commas who they are: "Mark, the ST3 in our group, thinks",
        "Ken, her husband of sixty years, kept" (a determiner, a role within four words, and
        the comma that closes it within five more; not "Toxteth, his sister lives", "Hope, my
        trainer says,"); or in brackets: "Paddy (the one who works at the pharmacy) rang"."""
        bracket = self.joined(i, i + 1, BRACKET)
        if not (bracket or self.joined(i, i + 1, COMMA)):
            return False
        nxt = self.tokens[i + 1]
        # "Grace, one of the salaried GPs, said": one of a group of people, a role in the plural
        one_of = self.one_of(i + 1)
        # "Rose, Kwame's trainer,": a name's 's determines the role as "her" would
        if not (one_of or nxt.low in w.ROLE_DETERMINERS or (nxt.cap and nxt.possessive)):
            return False
        k = i + 4 if one_of else i + 2
        last = min(k + 4, len(self.tokens))
        while k < last and not (self.role_word(k, one_of) and not self.tokens[k].possessive):
            if not self.joined(k, k + 1, CLOSE):
                return False
            k += 1
        if k >= last:
            return False
        close = (_BRACKET_CLOSES if bracket else _APPOSITIVE_CLOSES).match(
            self.text, self.tokens[k].end
        )
        if close is None:
            return False
        if bracket:  # "(my trainer) says"; not "(my trainer says)"
            return not (self.joined(k, k + 1, CLOSE) and self.low(k + 1) in LISTS.person_verbs)
        return not any(
            self.low(m) in LISTS.person_verbs
            for m in range(k + 1, len(self.tokens))
            if self.tokens[m].start < close.end()
        )

    def workplace_named(self, i: int) -> bool:
        """Token i opens the capitalised name of a workplace: "Leeds Mental Wellbeing Service",
        "Park Lane Surgery"."""
        for k in range(i + 1, min(i + 5, len(self.tokens))):
            if not (self.tokens[k].cap and self.joined(k - 1, k, CLOSE)):
                return False
            if self.low(k) in w.WORKPLACES:
                return True
        return False

    def one_of(self, i: int) -> bool:
        """ "one of the", "one of our": token i starts a phrase for one of a group."""
        return (
            self.low(i) == "one"
            and self.low(i + 1) == "of"
            and self.low(i + 2) in w.ROLE_DETERMINERS
            and self.joined(i, i + 1, CLOSE)
            and self.joined(i + 1, i + 2, CLOSE)
            and self.joined(i + 2, i + 3, CLOSE)
        )

    def role_word(self, k: int, plural: bool) -> bool:
        """Token k names who someone is ("the nurse"), or, `plural`, who some people are
        ("the receptionists", "our GPs")."""
        low = self.low(k)
        if plural:
            stem = low[:-1]
            return low.endswith("s") and (self.person_noun_word(stem) or stem in w.ROLES)
        return self.person_noun(k) or low in w.ROLES

    def proper_compound(self, i: int) -> bool:
        """Token i (in no first-name list) follows a capitalised word that is no title and no
        cue: "Bupa Cromwell", "Royal Stoke". A person's name there would have been found from
        its first word."""
        if not self.joined(i - 1, i, CLOSE):
            return False
        prev = self.tokens[i - 1]
        if not prev.cap:  # after an acronym, a role ("our GPA Bex") as often as a thing
            return False
        low = prev.low
        if is_first(prev.key):  # "May Tsang": the first name decides
            return False
        if self.opener(i - 1):  # "When Lindani Ndlovu walked"
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

    def described_after(self, i: int) -> bool:
        """A comma and a noun for a person follow token i, and describe it: "becky, the one who
        rings", "Cronin, the lady with the colitis" (not "to Boston, the nurse said": there the
        noun opens a clause of its own)."""
        k = i + 3
        return (
            self.text.startswith(",", self.tokens[i].end)
            and self.joined(i, i + 1, COMMA)
            and self.low(i + 1) in ("the", "my", "our")
            and self.joined(i + 1, i + 2, CLOSE)
            and self.person_noun(i + 2)
            and (
                k == len(self.tokens)
                or CLAUSE_CLOSE.match(self.text, self.tokens[i + 2].end) is not None
                or (self.joined(i + 2, k, CLOSE) and self.low(k) in w.DESCRIBING)
            )
        )
