"""The words around a token, for server/guard_names.py: sentence starts, cues before and verbs
after, places, pets and surnames (the tokens themselves and the patterns that read the gaps
between them are server/guard_tokens.py). Its browser twin is the class Text's first half in
web/guard_names.js.

guard_names.py asks these questions of each word to decide whether it starts a name; the lists
they read are the data file's (server/guard_lists.py).
"""

from __future__ import annotations

import re

from server import guard_words as w
from server.guard_lists import LISTS, TOKEN, brand_spans, is_excluded, is_first, is_surname, is_word
from server.guard_tokens import (
    ADJACENT,
    AGE_AFTER,
    AGE_ONLY_AFTER,
    AND_GAP,
    BREAK,
    CLAUSE_CLOSE,
    CLOSE,
    COLON,
    COMMA,
    DOUBLE_BARRELLED,
    SPOKEN,
    Token,
    other_tense,
)


class Context:
    """A text's tokens and what the words around each say."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [Token(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
        blocked = brand_spans(text)
        self.blocked = [any(s < t.end and t.start < e for s, e in blocked) for t in self.tokens]
        self.block_places()
        self.block_weather()
        self.block_cited()
        self.block_findings()

    def block_places(self) -> None:
        """Tokens inside a place of more than one word ("Hong Kong") start no name."""
        for i in range(len(self.tokens)):
            words = [self.tokens[i].low]
            for j in range(i + 1, min(i + LISTS.place_words, len(self.tokens))):
                if not self.joined(j - 1, j, CLOSE):
                    break
                words.append(self.tokens[j].low)
                if " ".join(words) in LISTS.places:
                    for k in range(i, j + 1):
                        self.blocked[k] = True

    def block_weather(self) -> None:
        """ "Storm Arwen", "Storm Dennis": a storm, not two people; a first name after it, with
        no surname after that, and no kin before it if it is also a surname ("her son Storm
        Jones", "Storm Dennis Okafor" are children)."""
        for i, tok in enumerate(self.tokens[:-1]):
            nxt = self.tokens[i + 1]
            if tok.cap and tok.low in w.NAMED_WEATHER and nxt.cap and self.joined(i, i + 1, CLOSE):
                surname = self.joined(i + 1, i + 2, CLOSE) and self.tokens[i + 2].cap
                kin = is_surname(nxt.key) and self.low(i - 1) in LISTS.kin
                if is_first(nxt.key) and not (surname or kin):
                    self.blocked[i] = self.blocked[i + 1] = True

    def block_findings(self) -> None:
        """A capital right after "positive" or "possible" is an eponym: "positive
        Hawkins-Kennedy", "possible Sinding-Larsen-Johansson"."""
        for i, tok in enumerate(self.tokens[:-1]):
            if tok.low in w.FINDING_BEFORE and self.tokens[i + 1].cap:
                if self.joined(i, i + 1, CLOSE):
                    self.blocked[i + 1] = True

    def block_cited(self) -> None:
        """Authors listed before what scholars do start no name: "Rief and Barsky proposed",
        "Werner and Malterud wrote about", "Stone, Carson and Sharpe showed"; a surname among
        them ("Priya and Tom wrote about the session" are colleagues)."""
        toks, s = self.tokens, 0
        while s < len(toks):
            k = s
            while toks[k].cap and k + 1 < len(toks) and toks[k + 1].cap:
                if not self.joined(k, k + 1, COMMA):
                    break
                k += 1
            two = self.joined(k + 1, k + 2, CLOSE) and toks[k + 2].cap
            if toks[s].cap and self.low(k + 1) == "and" and self.joined(k, k + 1, ADJACENT) and two:
                names = k - s + 2
                surname = any(not is_first(t.key) for t in [*toks[s : k + 1], toks[k + 2]])
                if surname and self.scholars_do(k + 3, many=names >= 3):
                    for m in range(s, k + 3):
                        self.blocked[m] = True
            s = k + 1

    def scholars_do(self, k: int, *, many: bool) -> bool:
        """Tokens from k, right after two names or `many`, say what authors do: "argue for",
        "coined"; "showed in" after three."""
        if not self.joined(k - 1, k, CLOSE):
            return False
        if self.low(k) in w.PAIR_CITED_VERBS:
            return True
        said = (self.low(k), self.low(k + 1))
        if not self.joined(k, k + 1, CLOSE):
            return False
        return said in w.PAIR_CITED or (many and said in w.LIST_CITED)

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
        if i == 0 or BREAK.search(self.text, before, self.tokens[i].start) is not None:
            return True
        # "honestly, Pat has been", "so Summer is 15", "yes! Rose": after a word that only opens
        if self.low(i - 1) in w.INTERJECTIONS and self.joined(i - 1, i, ADJACENT):
            return self.sentence_start(i - 1)
        return False

    def opener(self, i: int) -> bool:
        """Token i opens a sentence and is a word that only opens one: "So Zanele came back"."""
        return self.low(i) in w.OPENING_WORDS and self.sentence_start(i)

    def eponym(self, i: int) -> bool:
        tok = self.tokens[i]
        if not tok.possessive:
            return False
        if tok.key in LISTS.not_names:  # "Parkinson's"; but "Chelsea's son" is a girl's
            # and "Ferdinand Ashworth's NHS number" a man's: a surname after a first name
            named = is_first(tok.key) or (
                is_surname(tok.key)
                and self.joined(i - 1, i, CLOSE)
                and self.tokens[i - 1].cap
                and is_first(self.tokens[i - 1].key)
            )
            return not (named and (self.kin_follows(i) or self.record_word_follows(i)))
        # A first name that is no surname owns a point of view or a work as a person does
        # ("Hamish's point about relief", "Sunita's approach"), not as an eponym ("McBurney's
        # point") or a cited thinker ("Launer's approach").
        first_only = is_first(tok.key) and not is_surname(tok.key)
        if self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].key in LISTS.eponym_after:
            return not first_only
        # "Naegele's rule", "Hickam's dictum"; but "Tom's rule is never to" is a person's.
        if self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].key in w.EPONYM_NOUNS:
            if not is_first(tok.key):
                return True
        return not first_only and self.thinker(i)

    def co_authored(self, i: int) -> bool:
        """Token i, a possessive, owns what scholars write: "Stone's work on", "Draper's model",
        "Huxley's findings" (not "Tom's book club")."""
        if not (self.tokens[i].possessive and self.joined(i, i + 1, CLOSE)):
            return False
        if self.low(i + 1) == "work":
            return self.low(i + 2) == "on" and self.joined(i + 1, i + 2, CLOSE)
        return self.low(i + 1) in w.CO_AUTHORED

    def thinker(self, i: int) -> bool:
        """Token i, a possessive, owns a work: "Launer's book", "Helman's folk model", "Beck's
        depression inventory", "Kroenke's work on the PHQ-15", "Launer's piece on"."""
        if not (self.tokens[i].possessive and self.joined(i, i + 1, CLOSE)):
            return False
        if self.tokens[i + 1].key in w.WORKS or self.work_on(i + 1):
            return True
        # a word or two on: "Krause's old work on", "Herman's three stages"
        for j in (i + 2, i + 3):
            if not (self.joined(j - 1, j, CLOSE) and self.tokens[j - 1].lower):
                return False
            if self.tokens[j - 1].upper or self.low(j - 1) in LISTS.kin:
                return False
            if self.tokens[j].key in w.WORKS or self.work_on(j):
                return True
        return False

    def work_on(self, j: int) -> bool:
        """ "work on", "piece on" at token j: what someone wrote about something."""
        if self.low(j) not in ("work", "piece") or self.low(j + 1) != "on":
            return False
        return self.joined(j, j + 1, CLOSE)

    def strong_cue(self, i: int) -> bool:
        if not self.joined(i - 1, i, ADJACENT):
            return False
        prev = self.low(i - 1)
        if self.thing_called(i):
            return False
        if prev in LISTS.kin or prev in LISTS.strong:
            return True
        if prev in w.PERSON_NOUNS and self.low(i - 2) in w.DETERMINERS:  # "my colleague Efua"
            return self.joined(i - 2, i - 1, CLOSE)
        if prev == "by":  # "she goes by Mags"
            return self.joined(i - 2, i - 1, CLOSE) and self.low(i - 2) in w.GO
        return (
            prev in w.OBJECTS
            and self.joined(i - 2, i - 1, CLOSE)
            and self.low(i - 2) in LISTS.strong
        )

    def reported(self, i: int) -> bool:
        """Token i opens what was said or thought: "my trainer said Bill is", "I think Grace
        has"."""
        if not self.joined(i - 1, i, CLOSE):
            return False
        # "Honestly Ivy has been through", "So Grace is the one": an opening word of talk.
        return self.low(i - 1) in w.SAYING or (
            self.low(i - 1) in w.OPENERS and self.sentence_start(i - 1)
        )

    def weak_cue(self, i: int) -> bool:
        if not (self.joined(i - 1, i, CLOSE) and self.low(i - 1) in LISTS.weak):
            return False
        return not self.town_as_place(i)

    def town_as_place(self, i: int) -> bool:
        """ "drove to Morley", "came from Stanley": where a town that is a first name is the town;
        but "spoke to Stanley", "a letter from Shirley", "belonged to Stockton, a retired
        postman" are people."""
        if self.tokens[i].key not in LISTS.towns:
            return False
        if self.listed_with_a_place(i) or self.said_a_place(i):  # "Inverness, Dundee and Paisley"
            return True
        if self.low(i - 1) not in w.TO_FROM:
            return False
        if self.joined(i, i + 1, COMMA) and self.low(i + 1) in ("a", "an", "the", "my", "our"):
            return False
        if self.good_surname(i + 1, strict=True):  # "From: Yasmin Haddad": a surname follows
            return False
        return self.low(i - 2) not in w.TALK_BEFORE

    def said_a_place(self, i: int) -> bool:
        """ "Jordan is where her family are from", "Jordan's the country she fled": token i is
        said to be a place."""
        if self.tokens[i].possessive:  # "Jordan's the country": "is" glued on
            k = i + 1
        elif self.joined(i, i + 1, CLOSE) and self.low(i + 1) in ("is", "was"):
            k = i + 2
        else:
            return False
        if not self.joined(k - 1, k, CLOSE):
            return False
        if self.low(k) == "where":
            return True
        the = self.low(k) == "the" and self.joined(k, k + 1, CLOSE)
        return the and self.low(k + 1) in w.PLACE_NOUNS

    def listed_with_a_place(self, i: int) -> bool:
        """Token i's neighbour in a list ("X, Y", "X and Y", "Y or X") is a place that is no
        first name: "Lagos, Accra and Nairobi", "Paisley or Dundee"."""
        for k, j in ((i - 1, i), (i, i + 1)):
            if self.joined(k, j, COMMA):
                mate = j if j != i else k
            elif self.low(j) in ("and", "or") and j != i and self.joined(k, j, CLOSE):
                mate = j + 1 if self.joined(j, j + 1, CLOSE) else -1
            elif self.low(k) in ("and", "or") and k != i and self.joined(k, j, CLOSE):
                mate = k - 1 if self.joined(k - 1, k, CLOSE) else -1
            else:
                continue
            if 0 <= mate < len(self.tokens) and self.place_like(mate):
                return True
        return False

    def place_like(self, i: int) -> bool:
        tok = self.tokens[i]
        return tok.cap and tok.key in LISTS.proper and not is_first(tok.key)

    def person_cue(self, i: int) -> bool:
        return self.joined(i - 1, i, CLOSE) and self.low(i - 1) in LISTS.person_before

    def unknown_cue(self, i: int) -> bool:
        """Token i (capitalised, in no list) sits where a person does: after "about", "for",
        "with" and the like (not "to", "from", "in": places go there; not "and": drug lists),
        or at a sentence's start before "and I"."""
        if self.sentence_start(i):
            if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) == "and"):
                return False
            if not self.joined(i + 1, i + 2, CLOSE):
                return False
            if self.low(i + 2) in w.PRONOUNS:
                return True
            return self.pair_subject(i + 2)
        if self.thing_called(i):
            return False
        return self.joined(i - 1, i, CLOSE) and self.low(i - 1) in LISTS.unknown_before

    def thing_called(self, i: int) -> bool:
        """ "a company called SlimRx", "an app called Calm": token i names a thing."""
        return self.low(i - 1) in ("called", "named") and self.low(i - 2) in w.CALLED_THINGS

    def pair_subject(self, k: int) -> bool:
        """ "Tolu and Funmi are sisters": token k, after "X and", is a name too (a listed first
        name or a word no list knows, no place) and the two go on as people do."""
        tok = self.tokens[k]
        if not tok.cap or self.blocked[k] or tok.possessive or not self.joins(k):
            return False
        if tok.key in LISTS.proper or tok.key in LISTS.towns:
            return False
        if self.joined(k, k + 1, CLOSE) and self.low(k + 1) in w.FAMILY_VERBS:
            # "are sisters", "were both nurses"; "Madopar and Sinemet are both levodopa" is not
            m = k + 3 if self.low(k + 2) == "both" else k + 2
            noun = self.low(m)[:-1] if self.low(m).endswith("s") else self.low(m)
            return self.joined(m - 1, m, CLOSE) and (
                self.low(m) in w.FAMILY_NOUNS or self.person_noun_word(noun) or noun == "married"
            )
        return self.verb_after(k, LISTS.person_verbs_strong)

    def given_to(self, i: int) -> bool:
        """ "passed the phone to Thandeka", "gave the letter to Mbali": after "to", where a verb of
        handing over a few words back makes a person of a word no list knows ("moved to
        Leeds" stays a place, and so does anything the lists know)."""
        if not (self.joined(i - 1, i, CLOSE) and self.low(i - 1) == "to"):
            return False
        return any(self.low(k) in w.GIVE for k in range(max(0, i - 5), i - 1))

    def wordlike(self, i: int) -> bool:
        """Token i is a common word or a UK town as well as whatever else: "Will", "Stockton"."""
        key = self.tokens[i].key
        return is_word(key) or key in LISTS.towns

    def age_after(self, i: int, *, record: bool = True) -> bool:
        """ "Edna, 84, lives alone", "Summer, aged nine,"; with `record`, also "Fiifi (dob
        30/01/2015)", "Ivy, born 3/4/31" (which follow a weekday as well: "Tuesday, DOB")."""
        end = self.tokens[i].end
        pattern = AGE_AFTER if record else AGE_ONLY_AFTER
        return pattern.match(self.text[end : end + 24]) is not None

    def describes(self, i: int) -> bool:
        return (
            self.sentence_start(i)
            and self.joined(i, i + 1, CLOSE)
            and self.low(i + 1) in w.START_AFTER
        )

    def start_of_description(self, i: int) -> bool:
        """A word no list knows opens the sentence and a description follows: "Thulani the
        care worker", "Morag from the isles" (not a possessive: "Tinel's was negative")."""
        return not self.tokens[i].possessive and self.describes(i)

    def verb_after(self, i: int, verbs: frozenset[str]) -> bool:
        """A verb people do follows token i, or follows the surname after it; "X and his wife"."""
        for j in (i + 1, i + 2):
            if not self.joined(j - 1, j, CLOSE):
                return False
            low = self.low(j)
            if low in ("came", "comes") and self.low(j + 1) == "up":  # "Faith came up": mentioned
                return False
            # "Ferritin came back at 9": a result, not someone who returned
            # "Patience ran out", "Patience runs thin": what is used up, not who ran
            used = low in ("ran", "runs") and self.low(j + 2) != "of"  # "ran out of his meds"
            if used and self.low(j + 1) in ("out", "thin", "low", "short", "dry"):
                return False
            back = low in ("came", "comes") and self.low(j + 1) == "back"
            if back and self.low(j + 2) in w.RESULT_AFTER:
                return False
            # "Case presented: a man of 60", "Case presented by Tariq": a label or the passive.
            if low == "presented" and (
                self.low(j + 1) == "by" or self.text.startswith(":", self.tokens[j].end)
            ):
                return False
            # "Dawn visits are the worst": a plural noun, not a verb in its other tense.
            if low in verbs or (other_tense(low, verbs) and not self.plural_subject(j)):
                return True
            if low == "and" and self.joined(j, j + 1, CLOSE) and self.low(j + 1) in w.OWNERS:
                return True
            if j == i + 2 or not (self.good_surname(j, strict=False) or low in w.ADVERBS):
                return False
        return False

    def plural_subject(self, j: int) -> bool:
        """Token j, a word in -s, is a plural noun: the clause's first "be" or "have" after it
        agrees with a plural ("Dawn visits are the worst", "Dawn visits to the farm were
        quiet", "Frank talks with families are part of it"; not "Lwazi plays for the county",
        "Frank talks to his son, who is")."""
        for m in range(j + 1, min(j + 8, len(self.tokens))):
            if not self.joined(m - 1, m, CLOSE):
                return False
            low = self.low(m)
            if low in w.PLURAL_NEXT:
                return True
            if low in w.BE_HAVE or low in w.CLAUSE_OPENERS:  # "... and they are": another clause
                return False
        return False

    def person_noun_within(self, k: int) -> bool:
        """A noun for a person among the three lower-case words after token k ("a retired
        nurse", "the only other trainee"; not "the word the toddler", "a virtue my trainer")."""
        for m in range(k + 1, k + 4):
            if not self.joined(m - 1, m, CLOSE) or self.tokens[m].cap:
                return False
            if self.low(m) in w.THINGS or self.low(m) in w.DETERMINERS:  # "a virtue my trainer"
                return False
            if self.person_noun(m):
                return True
        return False

    def surname_no_word(self, j: int) -> bool:
        return self.good_surname(j, strict=False) and not is_word(self.tokens[j].key)

    def person_noun(self, i: int) -> bool:
        """ "the son", "the teenager", "the one who": a noun for a person."""
        return self.person_noun_word(self.low(i))

    @staticmethod
    def person_noun_word(low: str) -> bool:
        return low in LISTS.kin or low in w.PERSON_NOUNS

    def named_after(self, i: int) -> bool:
        """Token i (maybe with a second name) follows a noun for a person and a comma or a
        colon, and a comma or the clause's end comes after it: "her boyfriend, Jordan Pike,
        gave", "Co-leader: Paddy."."""
        if not (
            (self.joined(i - 1, i, COMMA) or self.joined(i - 1, i, COLON))
            and (self.person_noun(i - 1) or self.role_placed(i - 1))
        ):
            return False  # "Co-leader: Paddy."
        j = i + 1 if self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].cap else i
        return CLAUSE_CLOSE.match(self.text, self.tokens[j].end) is not None

    def role_placed(self, k: int) -> bool:
        """Token k closes a noun for a person and where they are: "the nurse in charge", "the
        man from the gym", "my trainer at the practice"."""
        if not self.tokens[k].lower:
            return False
        for m in (k - 2, k - 3):
            if self.low(m + 1) in w.ROLE_PLACES and self.person_noun(m):
                if m + 3 == k and self.low(m + 2) not in w.ROLE_DETERMINERS:
                    return False
                return all(self.joined(n, n + 1, CLOSE) for n in range(m, k))
        return False

    def surname_opens(self, i: int) -> bool:
        tok = self.tokens[i]
        key = tok.key
        if not is_surname(key) or is_first(key) or self.wordlike(i) or is_excluded(key):
            return False
        if key in LISTS.proper:
            return False
        if tok.possessive:
            return self.joined(i, i + 1, CLOSE) and not self.tokens[i + 1].cap
        return self.verb_after(i, LISTS.person_verbs)

    def listed_surname(self, j: int) -> bool:
        """Token j, right after a name part, is a capitalised listed surname, word or not."""
        if not self.joined(j - 1, j, CLOSE):
            return False
        tok = self.tokens[j]
        return tok.cap and is_surname(tok.key) and not is_excluded(tok.key)

    def pet(self, i: int) -> bool:
        """ "Percy is his cat", "Ambrose was their dog", "a dog called Ozzy", "the dog's called
        Monty", "pigeons called Sally and Duke": token i is an animal's name."""
        if self.joined(i - 2, i, AND_GAP) and self.tokens[i - 2].cap and self.pet(i - 2):
            return True
        k = i - 1
        if self.low(k) in ("called", "named") and self.joined(k, i, CLOSE):
            k -= 1
            if self.low(k) in ("is", "was") and self.joined(k, k + 1, CLOSE):
                k -= 1
            if self.joined(k, k + 1, CLOSE) and self.tokens[k].key.removesuffix("s") in w.PETS:
                return True
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) in w.BE):
            return False
        return any(
            self.low(k) in w.PETS and self.joined(k - 1, k, CLOSE) for k in (i + 3, i + 4)
        ) and (self.low(i + 2) in w.DETERMINERS or self.low(i + 2) == "the")

    def record_word_follows(self, i: int) -> bool:
        """A record's word follows token i, a possessive: "Jade's hosp no", "Dot's address",
        "Jordan's date of birth"."""
        if not self.joined(i, i + 1, CLOSE):
            return False
        if self.low(i + 1) in w.RECORDS:
            return True
        words = (self.low(i + 1), self.low(i + 2), self.low(i + 3))
        return words == ("date", "of", "birth") and all(
            self.joined(j, j + 1, CLOSE) for j in (i + 1, i + 2)
        )

    def doing_follows(self, i: int) -> bool:
        """After token i's "'s", a verb in -ing: "Mark's doing", "Grace's leading the group"; or
        the "'s" is "has" ("Paddy's been ill", "Will's gone home"; "Hope's been dashed" is a
        feeling's)."""
        if not self.joined(i, i + 1, CLOSE):
            return False
        nxt = self.tokens[i + 1]
        if nxt.low in ("been", "gone", "got") and self.tokens[i].key not in w.FEELINGS:
            return True
        return nxt.lower and len(nxt.key) >= 5 and nxt.key.endswith("ing")

    def saint_before(self, i: int) -> bool:
        """ "St" or "Saint" right before token i: a saint's hospital, school or town."""
        return self.joined(i - 1, i, CLOSE) and self.low(i - 1) in ("st", "saint")

    def kin_follows(self, i: int) -> bool:
        """ "X's husband", "X's mum": a kinship word right after token i."""
        return self.joined(i, i + 1, CLOSE) and self.low(i + 1) in LISTS.kin_after

    def kin_owned(self, k: int) -> bool:
        """Token k is a kinship word someone has: "his mother", "my father" (not a title)."""
        return (
            self.low(k) in LISTS.kin
            and self.joined(k - 1, k, CLOSE)
            and self.low(k - 1) in w.DETERMINERS
        )

    def appositive(self, i: int) -> bool:
        """ "the other registrar, Tolu, had": between commas, right after a noun for a person."""
        return (
            self.joined(i - 1, i, COMMA)
            and self.person_noun(i - 1)
            and self.text.startswith(",", self.tokens[i].end)
        )

    def good_surname(self, j: int, *, strict: bool) -> bool:
        """Token j, right after a name part, can continue it; `strict`: a listed name and no
        common word."""
        if not self.joined(j - 1, j, CLOSE):
            return False
        tok, prev = self.tokens[j], self.tokens[j - 1]
        if prev.possessive or self.eponym(j):
            return False
        if tok.lower and not tok.upper and prev.lower and not prev.upper:
            # "john walsh", "maría josé": a listed name that is no word, after a first name in
            # lower case
            return (
                is_first(prev.key)
                and (is_surname(tok.key) or is_first(tok.key))
                and not is_word(tok.key)
                and not is_excluded(tok.key)
                and tok.key not in LISTS.not_lower
            )
        if not tok.cap and not (tok.upper and prev.upper):  # "DAVID JONES" goes on in capitals
            return False
        # "Christine Bell", "Sarah May": an excluded word that is a surname, after a first name.
        # Only to continue a name found on other evidence ("Happy Friday" starts nothing).
        if is_excluded(tok.key) and (strict or not (is_surname(tok.key) and is_first(prev.key))):
            return False
        # "Cedar Ave": the street word ends the name; but "Maggie Ward told me", "Kathleen Ward
        # lives": a surname that is also such a word, before a verb only people do.
        if tok.key in LISTS.not_after and not self.surname_not_place(j):
            return False
        if strict:
            return (is_surname(tok.key) or is_first(tok.key)) and not is_word(tok.key)
        # "Henrietta Vane-Tempest": two capitalised parts joined, after a first name, are
        # a double-barrelled surname whatever the parts are.
        if DOUBLE_BARRELLED.fullmatch(self.text, tok.start, tok.end) and is_first(prev.key):
            return True
        return is_surname(tok.key) or is_first(tok.key) or not is_word(tok.key)

    def surname_not_place(self, j: int) -> bool:
        """ "Maggie Ward told me", "the nurse, Josie Ward, knew": a surname that is also a
        place's word, after a first name, where a person is."""
        tok, prev = self.tokens[j], self.tokens[j - 1]
        if not (tok.cap and is_surname(tok.key) and is_first(prev.key)):
            return False
        if is_word(prev.key):  # "Jubilee Ward sounds celebratory"
            return False
        return self.verb_after(j, LISTS.person_verbs_strong) or self.named_after(j - 1)

    def joins(self, i: int, *, listed: bool = False) -> bool:
        """Token i, on the far side of an "and" from a name, is another: "Kath and Derek"
        (`listed`: in a list of names, "HARGREAVES, MBEKI, O'CONNOR")."""
        tok = self.tokens[i]
        if not (tok.cap or tok.upper) or self.blocked[i]:  # "KAMINSKI, OYEDEPO, McLAUGHLIN"
            return False
        # "Marcia and Everton", "Frances and Gideon": a name some places share is a name here.
        if is_excluded(tok.key) and tok.key not in LISTS.names_despite:
            return False
        if tok.key in LISTS.not_before:
            return False
        # "Sarah and COPD", "Priya, CAMHS": capitals no list knows are acronyms; but in a list
        # of names, a word of five letters or more with two vowels is said, not spelt ("MBEKI").
        spoken = listed and SPOKEN.fullmatch(tok.key) is not None
        if tok.upper and not (is_first(tok.key) or is_surname(tok.key) or spoken):
            return False
        # Not a place no first name is: "Vilnius, Sofia, Tirana" goes on as places.
        return is_first(tok.key) or not (is_word(tok.key) or tok.key in LISTS.proper)
