"""Names in running text, without a title: the guard's name lists and the context around them.

The twin of `web/guard_names.js`; the questions asked of the words around each token are in
server/guard_cues.py and server/guard_described.py (how they describe a person), those about
names typed in lower case or capitals in server/guard_typed.py (the browser keeps them all in
web/guard_names.js: one module loads faster than four). Both
read the one data file `web/guard_names.json` (built by bench/make_guard_names.py from the US
SSA and Census name lists, nomquamgender's world first names, GeoNames places and SCOWL's
common English words; licences there), and both follow the same steps on the same tokens, so
that Python and the browser agree finding for finding (tests/browser/test_guard_parity.py).

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
- a first name in lower case that is no word even of the full dictionary (not "max", "dale",
  nor the notes' "abdo", "telly") is a name wherever it stands ("just had kwame in again", "is
  siobhan facilitating tonight"): a group's chat is typed so; a listed first name or surname in
  capitals, not a month or a place, is one when a description of a person follows it
  ("Doherty, the man with the ulcer"; not "on Sunday, the one who", nor "the Fluenz, the nurse
  logged it", where the noun opens a clause of its own);
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
from server.guard_cues import AND_GAP, CLOSE, COMMA, SPOKEN, does
from server.guard_lists import (
    APOSTROPHES,
    LISTS,
    brand_spans,
    hyphen_thing,
    is_excluded,
    is_first,
    is_more_word,
    is_surname,
    is_word,
    titled_thing,
)
from server.guard_typed import Typed

# Keep these byte-for-byte equal to web/guard_names.js.
_TRAILING = re.compile(r"['\u2019]?[ \t\u00a0]+")  # "James' Place"
_EMAIL_CHAR = re.compile(r"[A-Za-z0-9._%+\-]")  # what comes before an email's "@"
_FIRM_AFTER = re.compile(
    r"[ \t\u00a0]+(?:(?:&|and)[ \t\u00a0]+Sons?|Ltd|Limited|LLP|PLC|plc)(?![A-Za-z])"
)
_LIST_GOES_ON = re.compile(r"(?:[ \t\u00a0]*(?:[,.;!?]|$)|[ \t\u00a0]+and[ \t\u00a0])")
_ITEM_OPENS = re.compile(r"[,:;][ \t\u00a0]*\Z")  # an item of a list starts after it
_ITEM_PARTICLES = w.PARTICLES | {"al"}  # "AL-SAYED", "VAN DER POEL"
_ASCII = re.compile(r"[A-Za-z'\u2019\-]+")
# Two words run together, each with its capital: "FourteenFish", "GamCare", "SimBaby" are
# things' names ("MacLeod", "FitzGerald", "VanDyke" are people's: their first part is no word).
_CAMEL = re.compile(r"([A-Z][a-z]{2,})([A-Z][a-z]{2,})(?:['\u2019]s)?")
_CAMEL_HEADS = frozenset("mac van von del della fitz san ben".split())
_DOTTED = re.compile(r"\.[ \t\u00a0]+")
_CODE_AFTER = re.compile(r"-[0-9]")
_INITIAL = re.compile(r"[A-Z]")
_MAX_PARTS = 4

__all__ = ["brand_spans", "find_names", "titled_thing"]


class _Text(Typed):
    def after_particles(self, j: int) -> int:
        """The index of the capitalised word after particles from token j ("van der Berg"),
        or -1."""
        k = j
        while k < j + 2 and self.low(k) in w.PARTICLES and self.joined(k - 1, k, CLOSE):
            k += 1
        if k == j or not self.joined(k - 1, k, CLOSE):
            return -1
        tok = self.tokens[k]
        # "pieter van der berg": in lower case after a name in lower case, a surname no word is.
        lower = tok.lower and not tok.upper and self.tokens[j - 1].lower and is_surname(tok.key)
        if is_excluded(tok.key) or not (tok.cap or (lower and not is_word(tok.key))):
            return -1
        return k

    def initials_before(self, i: int) -> bool:
        """Two initials, each with its full stop, right before token i."""
        return all(
            k >= 0
            and self.tokens[k].end - self.tokens[k].start == 1
            and self.joined(k, k + 1, _DOTTED)
            for k in (i - 2, i - 1)
        )

    def initial(self, i: int) -> bool:
        """ "J. Whitworth": an initial and a surname; not two initials ("T. S. Eliot", "A. J.
        Cronin", "A. W. Lymn" the funeral directors), the way authors and firms are known."""
        tok = self.tokens[i]
        if tok.end - tok.start != 1 or not _INITIAL.fullmatch(self.text[tok.start]):
            return False
        if not self.joined(i, i + 1, _DOTTED):
            return False
        if self.initials_before(i + 1):
            return False
        nxt = self.tokens[i + 1]
        if not nxt.cap or is_excluded(nxt.key):
            return False
        return is_surname(nxt.key) or not is_word(nxt.key)

    def starts_name(self, i: int) -> bool:
        tok = self.tokens[i]
        if self.blocked[i]:
            return False
        if self.mentioned(i):  # "@Grace your question", "@june happy birthday"
            return True
        if not tok.cap:
            return self.initial(i) or self.lower_name(i) or self.particle_name(i)
        settled = self.settled_before(i)
        if settled is not None:
            return settled
        if self.run_together(i) or hyphen_thing(tok.key):  # "Co-codamol", "Winnie-the-Pooh"
            return False
        if tok.low in w.OPENING_PREPOSITIONS and self.sentence_start(i):  # "In Cairo, a patient"
            return False
        settled = self.known_or_cued(i)
        if settled is not None:
            return settled
        if self.wordlike(i) or tok.key in LISTS.proper:  # "Lagos", "Swansea": not without a cue
            return False
        if is_more_word(tok.key):  # "Angina was diagnosed", "Referrals are down"
            return False
        return self.unknown_word(i)

    def mentioned(self, i: int) -> bool:
        """Token i, a listed first name or surname, right after an "@" that starts no email
        address: who a chat message is addressed to, whatever else the word is ("@Hope thank
        you"); not "@everyone", nor a handle ("@drjones")."""
        at = self.tokens[i].start - 1
        key = self.tokens[i].key
        if at < 0 or self.text[at] != "@" or self.tokens[i].low in w.MENTION_WORDS:
            return False
        if not (is_first(key) or is_surname(key)):
            return False
        return at == 0 or _EMAIL_CHAR.match(self.text, at - 1) is None

    def run_together(self, i: int) -> bool:
        """Token i is two capitalised parts, the second a word: a thing's name ("GamCare")."""
        tok = self.tokens[i]
        m = _CAMEL.fullmatch(self.text, tok.start, tok.end)
        if m is None or m.group(1).lower() in _CAMEL_HEADS:
            return False
        return is_word(m.group(2).lower())

    def settled_before(self, i: int) -> bool | None:
        """What token i is and the word before it settle, or None: "Bishop is his surname",
        "Hospice was full", "the Kowalskis are", "in Preston"."""
        tok = self.tokens[i]
        if tok.low in w.PARTICLES and self.joined(i, i + 1, CLOSE):
            if is_excluded(self.tokens[i + 1].key):  # "De Quervain's", "Von Willebrand's"
                return False
        if self.pet(i):  # "a dog called Ozzy", "Percy is his cat"
            return False
        # "the renal ward at St James's who": a saint's hospital or town ("St John is his
        # surname" is named)
        if self.saint_before(i) and not self.naming_cue(i):
            return False
        if self.initials_before(i):  # "T. S. Eliot", "A. W. Lymn": an author's or a firm's
            return False
        if _CODE_AFTER.match(self.text, tok.end):  # "Ki-67", "Covid-19": a marker or a code
            return False
        if tok.key in LISTS.not_before and is_surname(tok.key) and self.naming_cue(i):
            return True  # "Bishop is his surname"
        if self.eponym(i) or tok.key in LISTS.not_before:
            return False  # "Hospice was full": a place word starts no name
        if tok.key in w.COMPASS and self.joined(i, i + 1, CLOSE):
            nxt = self.tokens[i + 1]  # "West Yorkshire Police", "North Wales"
            if nxt.cap and (is_excluded(nxt.key) or nxt.key in LISTS.proper):
                return False
        if self.the_title(i):  # "Dallas the TV series", "Rolo the hamster"
            return False
        if self.opener(i):  # "So Zanele came back"
            return False
        if self.after_a_thing(i):  # "Bupa Harcourt", "Macmillan Tina"
            return False
        if tok.key in LISTS.not_after and not self.place_word_named(i):
            return False
        # "calls him Mo", "Cushing is his surname": named, whatever else the word is; but "she
        # called me Doctor", "There was his name" name nobody.
        if (
            (is_first(tok.key) or is_surname(tok.key) or not is_word(tok.key))
            # "Cushing", "her eldest is called Chelsea"; not "Covid"
            and (is_surname(tok.key) or is_first(tok.key) or not is_excluded(tok.key))
            and not (tok.low in w.TITLES or self.person_noun(i))
            and self.naming_cue(i)
        ):
            return True
        # "his friends call him Tank", "he goes by Den": a nickname, a word or not
        if tok.cap and not (tok.low in w.TITLES or self.person_noun(i)) and self.nicknamed(i):
            return True
        # "reflect on Stuart, whom", "the one I keep coming back to is Florence": a known first
        # name, or a word no list knows, where only a person goes.
        if (
            (is_first(tok.key) or not (self.wordlike(i) or tok.key in LISTS.proper))
            and (is_first(tok.key) or not is_excluded(tok.key))
            and tok.key not in w.CALENDAR  # "the GP version is September"
            and self.person_slot(i)
        ):
            return True
        if self.joined(i - 1, i, CLOSE):
            prev = self.tokens[i - 1].key
            if prev == "the" and (self.family(i) or self.family_named(i)):
                return True
            # "Mother Teresa", "Father Ted" name nobody here; "his mother Hortense" does.
            if prev in LISTS.not_before and not self.kin_owned(i - 1):
                return False
            # "in Preston", "on Yasmin"; but "into Gareth Pryce", "in Amy's room".
            # "angry at Brian", "reflect on Stuart": a listed first name that is no word nor
            # drug is a person after "at" and "on" too; places and drugs are in not_names.
            at_person = prev in w.AT_ON and is_first(tok.key) and not self.wordlike(i)
            if prev in LISTS.drug_before and not tok.possessive and not at_person:
                if not self.good_surname(i + 1, strict=False):
                    return False
        return None

    def known_or_cued(self, i: int) -> bool | None:
        """A listed first name, or any word after a cue that names a person, or None."""
        tok = self.tokens[i]
        known, word, excluded = is_first(tok.key), self.wordlike(i), is_excluded(tok.key)
        # A word nothing else claims: no word, never-a-name or place.
        unclaimed = not (word or excluded or tok.key in LISTS.proper)
        if self.pet(i):  # "Percy is his cat"
            return False
        if self.strong_cue(i):
            if known and (not excluded or tok.key in LISTS.names_despite):
                return True
            # "her granddaughter Sydney": a first name that is also a place, after kin someone has.
            if known and self.kin_owned(i - 1) and self.joined(i - 1, i, CLOSE):
                return True
            if unclaimed:
                return True
        # "her boyfriend, Jordan, wouldn't", "the cleaner, Lourdes": named right after a noun for
        # a person, between commas or at the clause's end, whatever else the word is.
        if (known or unclaimed) and self.named_after(i):
            return True
        # "Fitzroy, the patient, is": a place's name too, but who is between the commas says
        proper = tok.key in LISTS.proper and not word
        if (known or unclaimed or proper) and (
            not excluded or tok.key in LISTS.names_despite
        ) and self.role_after(i):
            return True
        if (known or unclaimed) and self.named_at_end(i):
            return True
        # "the pharmacist Hemant sorted it", "Nurse Dlamini did", "Jhun her husband works": a
        # noun for a person right before, or his or her kin right after.
        if (known or unclaimed) and (self.role_before(i) or self.kin_apposition(i)):
            return True
        # "thanks Fola", "I think you put it perfectly there, Mo": who a message thanks or
        # speaks to, at its end.
        if (known or unclaimed) and self.addressed(i):
            return True
        # "Jade's hosp no K0093316", "Precious dob 25/05/1998": whose record follows is a person.
        if (known or unclaimed) and self.record_follows(i):
            return True
        if self.bare_possessive(i):  # "Priyas case", "Baljits mum"
            return True
        # "Rose and I debriefed", "Grace and I will bring biscuits": the writer's companion
        if known and self.sentence_start(i) and self.low(i + 2) == "i":
            if self.joined(i, i + 2, AND_GAP):
                return True
        if excluded:  # "June said", "May Tsang" are people, "in June" stays a month
            return self.excluded_named(i, known)
        if tok.possessive and self.kin_follows(i) and (known or not word):
            return True
        if known and tok.possessive and self.doing_follows(i):  # "Mark's doing the facilitating"
            return True
        if known and tok.possessive and self.low(i + 1) == "the" and self.joined(i, i + 1, CLOSE):
            if self.person_noun_within(i + 1):  # "Frank's the leader this term"
                return True
        if self.used_as_person(i, known, unclaimed):
            return True
        return True if self.named_in_context(i, known, word, unclaimed) else None

    def excluded_named(self, i: int, known: bool) -> bool:
        """Token i, a month, a place or a thing that is never a name alone, is a person here:
        a first name too (`known`) with what only people have, or one the data lets count."""
        tok = self.tokens[i]
        if known:
            if tok.possessive and (self.kin_follows(i) or self.record_follows(i)):
                return True  # "Florence's son", "Chelsea's mum", "Jordan's date of birth"
            if self.surname_listed_strictly(i + 1):
                return True  # "Lorenzo Ricci", "Chelsea Okafor"
            if self.from_workplace(i):
                return True  # "Addison from the pharmacy rang", "Bill from IT"
            if self.role_after(i):
                return True  # "Chanel, the HCA, held the tablet", "Lorenzo, the student nurse,"
            if self.age_after(i, record=False):
                return True  # "Summer, aged nine,", "May, 84, lives alone"
            if self.sentence_start(i) and self.described_strictly(i):
                return True  # "Paris is a 19 year old", "Sunday is a man from Benin City"
            if self.sentence_start(i) and self.owner_follows_verb(i):
                return True  # "Jordan missed his depot", "Paris and her sister"
        # "I told Florence, because": who is told or rung is no city nor month.
        return tok.key in LISTS.names_despite and (
            self.verb_after(i, LISTS.person_verbs_strong)
            or self.good_surname(i + 1, strict=True)
            or self.contacted(i)
            or (self.joined(i - 1, i, CLOSE) and self.low(i - 1) in w.ONLY_PEOPLE_BEFORE)
        )

    def named_in_context(self, i: int, known: bool, word: bool, unclaimed: bool) -> bool:
        """Token i, a first name (`known`), a surname or a word no list claims, is a person
        by what stands around it."""
        tok = self.tokens[i]
        # "drove to Morley", "the student from Tanzania missed": a town, whatever stands around it
        if self.town_as_place(i):
            return False
        # "Sydney and Melbourne", "Paisley or Dundee": a surname or a word listed with a place
        if not (known and not word) and self.listed_with_a_place(i):
            return False
        # "Kabongo family, the dad is": a surname opening a note about the family.
        # ("Autistic girls and women are": a word of the full dictionary, and no family.)
        more = is_more_word(tok.key)
        if (unclaimed or is_surname(tok.key)) and not (word or more) and self.family_opens(i):
            return True
        if known and not word:
            return True
        # A first name that is also a word ("Faith", "Will"), or a listed surname that is none
        # ("Cartwright"), capitalised where only a name would be.
        if (known or (is_surname(tok.key) and unclaimed)) and self.capital_mid_clause(i):
            return True
        if known and (self.weak_cue(i) or self.good_surname(i + 1, strict=True)):
            return True
        if known and self.verb_after(i, LISTS.person_verbs_strong):
            # "Hope isn't a plan", "Joy came when Grace described it": a feeling's name is a
            # person's only before what people say or do to others ("Hope rang", "Joy cried").
            if tok.key not in w.FEELINGS or self.verb_after(i, w.FELT_BY_OTHERS):
                return True
        # "Frank has smoked 40 a day", "Faith had stopped going": has or had, then the same
        if known and self.sentence_start(i) and self.perfect_after(i):
            return True
        # "Bill is a heartsink" opening a sentence or what was said or thought ("my trainer said
        # Bill is a heartsink").
        if known and (self.sentence_start(i) or self.reported(i)) and self.described_as_person(i):
            return True
        # "Mercy Owusu was": a first name and a surname that is no word before a verb ("Love
        # Island was" is a programme).
        if known and self.surname_no_word(i + 1) and self.verb_after(i, LISTS.person_verbs):
            return True
        # "Violet Cooper fell", "Heather Gill was in": both also words, but a first name and a
        # listed surname before a verb people do.
        if known and self.listed_surname(i + 1) and self.verb_after(i, LISTS.person_verbs):
            return True
        # "Bob from the allotments", "Pat at the pharmacy": a first name opening a description.
        if known and self.sentence_start(i) and (self.from_somewhere(i) or self.the_role(i)):
            return True
        if known and self.on_duty(i):  # "Dawn on reception says", "ask Jan on nights"
            return True
        if known and (self.appositive(i) or self.age_after(i)):  # "Daisy, 90, still gardens"
            return True
        # "Ivy Stainthorpe, born 30th September 1931": a name and a surname, then a record.
        if known and self.good_surname(i + 1, strict=False) and self.age_after(i + 1):
            return True
        if known and not is_word(tok.key) and self.describes(i):  # "Beverley from the church"
            return True
        if known and tok.key in LISTS.towns and self.verb_after(i, LISTS.person_verbs):
            return True  # "Kimberley has seen", where "Stockton" alone is a town
        # "Hargreaves is back on the list", "Pemberton's INR was 6": a listed surname that no
        # first name, word or place is, opening a sentence before a verb or owning something.
        return self.sentence_start(i) and self.surname_opens(i)

    def unknown_word(self, i: int) -> bool:
        """A capitalised word no list of words or places knows: a name where people stand."""
        tok = self.tokens[i]
        if self.joined(i - 1, i, CLOSE) and self.low(i - 1) in w.DETERMINERS:
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
            if self.described_as_person(i) or self.in_a_state(i) or (
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
        # "Dumisani Khumalo, DOB 09.11.1979": a name the lists lack, with a record after it.
        if self.record_follows(i) or (
            self.good_surname(i + 1, strict=False) and self.record_follows(i + 1)
        ):
            return True
        # A name the lists lack ("Olu"), before a listed surname that is no word ("Okafor").
        if self.good_surname(i + 1, strict=True) and is_surname(self.tokens[i + 1].key):
            return True
        # Two capitalised words no list knows, side by side: a first name and a surname the
        # lists lack ("bumped into Zanele Khumalo in Tesco"); places and things of two words
        # have a word or a known place in them ("Hebden Bridge", "Whipps Cross"). Not opening
        # a sentence, where a shop's name stands as often ("Dixons Carphone order ...").
        return not self.sentence_start(i) and self.unknown_pair(i)

    def capital_mid_clause(self, i: int) -> bool:
        """Token i has a capital no grammar gives it: inside a clause, after a word in lower
        case, and no capitalised word follows to make it part of a thing's name ("i think Faith
        is going to stop coming", "I dread Cartwright"; not "the Hope ward", "her Kindle", "a
        lot more Patience", "Hope Street")."""
        if self.sentence_start(i) or not self.joined(i - 1, i, CLOSE):
            return False
        prev = self.tokens[i - 1]
        if prev.cap or prev.upper or prev.low in w.NOT_BEFORE_CAPITAL:
            return False
        if prev.low in w.DETERMINERS and prev.low != "our":  # "our Grace": a northern "our"
            return False
        # "a fisherman from Madeira", "still misses Seville"; but "in Poppy's head" is hers
        if prev.low in w.WHERE_FROM and not self.tokens[i].possessive:
            return False
        if prev.low == "it" and self.low(i - 2) in w.NAMING:  # "they still call it Hope"
            return False
        return not (self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].cap)

    def unknown_pair(self, i: int) -> bool:
        if not self.joined(i, i + 1, CLOSE) or self.tokens[i].possessive:
            return False
        nxt = self.tokens[i + 1]
        if not nxt.cap or self.blocked[i + 1] or self.eponym(i + 1):
            return False
        key = nxt.key
        return not (
            self.wordlike(i + 1)
            or key in LISTS.proper
            or is_excluded(key)
            or key in LISTS.not_after
            or key in LISTS.not_before
        )

    def extend(self, i: int) -> int:
        """The last token of the name that starts at token i."""
        j, parts = i, 1
        while parts < _MAX_PARTS:
            k = self.after_particles(j + 1)
            if k >= 0:
                j = k
            elif j + 1 < len(self.tokens) and self.good_surname(j + 1, strict=False):
                j += 1
            elif j == i and self.word_surname(j + 1):
                j += 1
            elif self.joined(j, j + 1, CLOSE) and self.particle_name(j + 1):  # "Noor ul-Haq"
                j += 1
            else:
                break
            parts += 1
        return j

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

    def names(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(self.tokens):
            if not self.starts_name(i):
                i += 1
                continue
            # "J. Whitworth": the name goes on past the initial's full stop.
            j = self.extend(i + 1 if self.initial(i) else i)
            # "her son is called Mason Lane": a surname, not a street, after a person is called
            if self.place_follows(j) and self.person_called(i) and self.listed_surname(j + 1):
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

    def perfect_after(self, i: int) -> bool:
        """ "has" or "had" after token i, then a verb only people do ("has smoked") or their
        going ("has left"); or a modal, then what people will do ("will bring")."""
        k = i + 2
        if not (self.joined(i, i + 1, CLOSE) and self.joined(i + 1, k, CLOSE)):
            return False
        if self.low(i + 1) in w.MODALS:
            return self.low(k) in w.WILL_DO
        # "Joy has left the scheme"; but "Hope had gone within twenty minutes" is a feeling.
        gone = self.low(k) in w.GONE and self.tokens[i].key not in w.FEELINGS
        return self.low(i + 1) in ("has", "had") and (does(self.low(k)) or gone)

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
