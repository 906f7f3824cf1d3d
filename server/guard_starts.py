"""Where a name starts in running text, without a title: the question asked of each token.

server/guard_names.py walks the tokens and asks `starts_name` of each; this layer answers it
with the words around the token (server/guard_cues.py, guard_described.py, guard_known.py,
guard_typed.py) and the name lists (server/guard_lists.py). Its browser twin is in
web/guard_names.js, as the other layers' are; keep the two in step.

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

import re

from server import guard_words as w
from server.guard_lists import (
    LETTER,
    LISTS,
    hyphen_thing,
    is_excluded,
    is_first,
    is_more_word,
    is_surname,
    is_word,
    parts,
)
from server.guard_tokens import AND_GAP, CLAUSE_CLOSE, CLOSE, does
from server.guard_typed import Typed

# Keep these byte-for-byte equal to web/guard_names.js.
_EMAIL_CHAR = re.compile(r"[A-Za-z0-9._%+\-]")  # what comes before an email's "@"
_ASCII = re.compile(r"[A-Za-z'\u2019\-]+")
# Two words run together, each with its capital: "FourteenFish", "GamCare", "SimBaby" are
# things' names ("MacLeod", "FitzGerald", "VanDyke" are people's: their first part is no word).
_CAMEL = re.compile(r"([A-Z][a-z]{2,})([A-Z][a-z]{2,})(?:['\u2019]s)?")
_CAMEL_HEADS = frozenset("mac van von del della fitz san ben".split())
_DOTTED = re.compile(r"\.[ \t\u00a0]+")
_CODE_AFTER = re.compile(r"-[0-9]")
_INITIAL = re.compile(r"[A-Z]")
# A line of an exported chat: its date and time, then who sent it and a colon ("12/03/2024,
# 18:52 - Harps: ok", "[12/03/2024, 18:52:07] Harps: ok"). Whoever sent it is a person.
_SENT_AT = re.compile(
    r"\[?[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4},?[ \t\u00a0]"  # the date
    r"[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?(?:[ \t\u00a0\u202f]?[apAP]\.?[mM]\.?)?"  # the time
    r"(?:\][ \t\u00a0]*|[ \t\u00a0]+-[ \t\u00a0]+)(?:~[ \t\u00a0]?)?"
)
_SENDER_WORD = rf"(?:{LETTER}|['\u2019.\-])+"
_SENDER = re.compile(rf"{_SENDER_WORD}(?:[ \t\u00a0]{_SENDER_WORD}){{0,2}}:[ \t\u00a0]")


class Starts(Typed):
    """The decision for each token: does a name start here?"""

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
        if self.sender(i):
            return True
        if not tok.cap:
            return self.initial(i) or self.lower_name(i) or self.particle_name(i)
        if self.run_together(i):  # "GamCare", "at StepChange, who": a thing, whatever is around it
            return False
        settled = self.settled_before(i)
        if settled is not None:
            return settled
        if hyphen_thing(tok.key):  # "Co-codamol", "Winnie-the-Pooh"
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

    def sender(self, i: int) -> bool:
        """Token i opens who sent a line of an exported chat: a person, whatever the word is
        ("Harps", "Grace"), but not a title ("Dr Shah" has its own rule), "You" or "Mum"."""
        tok = self.tokens[i]
        if tok.low in w.TITLES or tok.low == "you" or tok.key in LISTS.kin:
            return False
        if not _SENT_AT.fullmatch(self.text, 0, tok.start):
            return False
        return _SENDER.match(self.text, tok.start) is not None

    def double_first(self, i: int) -> bool:
        """Token i is two listed first names and a hyphen: "Lexi-Mai", "Ellie-May"; a child's,
        never a town's ("Stoke-on-Trent") nor a thing's."""
        both = parts(self.tokens[i].key)
        return len(both) == 2 and all(is_first(p) for p in both)

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
        if self.salutation(i):  # "Dear Jordan,", "Dear Grace Mbeki,": whom a letter is to
            return True
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
            # "I'll copy in Rebecca": whoever is copied or brought in, as after "at".
            in_with = self.low(i - 2) in w.IN_WITH and self.joined(i - 2, i - 1, CLOSE)
            after_at = prev in w.AT_ON or (prev == "in" and in_with)
            at_person = after_at and is_first(tok.key) and not self.wordlike(i)
            # "in Lexi-Mai a baby": two first names joined are a child's, never a town's
            at_person = at_person or self.double_first(i)
            # "switched Michelle to a patch": after a drug's verb, a first name no word, place
            # or drug is, is whom it was given
            given = prev in w.DRUG_VERBS and is_first(tok.key) and not self.wordlike(i)
            at_person = at_person or (given and tok.key not in LISTS.proper)
            if prev in LISTS.drug_before and not tok.possessive and not at_person:
                if not self.good_surname(i + 1, strict=False):
                    return False
        return None

    def salutation(self, i: int) -> bool:
        """Token i, a listed first name, opens a letter or a message after "Dear", the greeting
        closed by a comma or the line's end, maybe after a surname."""
        tok = self.tokens[i]
        if i == 0 or not (self.tokens[i - 1].cap and self.low(i - 1) == "dear"):
            return False
        if not (self.joined(i - 1, i, CLOSE) and is_first(tok.key) and self.sentence_start(i - 1)):
            return False
        # "Dear Sir,", "Dear Mum,", "Dear Colleague,": no name
        if tok.key in LISTS.not_before or tok.low in w.TITLES or self.person_noun(i):
            return False
        j = i + 1 if self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].cap else i
        return CLAUSE_CLOSE.match(self.text, self.tokens[j].end) is not None

    def known_or_cued(self, i: int) -> bool | None:
        """A listed first name, or any word after a cue that names a person, or None."""
        tok = self.tokens[i]
        known, word, excluded = is_first(tok.key), self.wordlike(i), is_excluded(tok.key)
        if excluded and self.double_first(i) and not is_excluded(parts(tok.key)[0]):
            excluded = False  # "Ellie-May": a child's two first names, the second also a month
        # A word nothing else claims: no word, never-a-name or place.
        unclaimed = not (word or excluded or tok.key in LISTS.proper)
        if self.pet(i) or self.diary_closing(i):  # "Percy is his cat", "Session one, October."
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
        if known and not excluded and self.role_bracketed(i):  # "HCA (Sue)"
            return True
        # "thanks Fola", "I think you put it perfectly there, Mo": who a message thanks or
        # speaks to, at its end.
        if (known or unclaimed) and self.addressed(i):
            return True
        if (known or unclaimed) and not excluded and self.labelled(i, known):
            return True  # "Saffy: did you?", who wrote in a chat's export
        # "Jade's hosp no K0093316", "Precious dob 25/05/1998": whose record follows is a person.
        if (known or unclaimed) and self.record_follows(i):
            return True
        if self.bare_possessive(i):  # "Priyas case", "Baljits mum"
            return True
        # "Rose and I debriefed", "Afterwards Grace and I had a coffee": the writer's companion
        if known and (self.sentence_start(i) or self.reported(i)) and self.low(i + 2) == "i":
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
        # "Rob's advice", "Iris's pension": a first name that is also a word owns what people have.
        if known and tok.possessive and self.sentence_start(i) and self.joined(i, i + 1, CLOSE):
            if self.low(i + 1) in w.HELD_BY_PEOPLE:
                return True
        # "Martin made", "Grace gave": a first name that is also a word, before what people do
        # (also said of drugs and things: "Sertraline made her sleepy", so not without the name).
        if known and not self.proper_compound(i) and self.verb_after(i, w.DONE_BY_PEOPLE):
            if tok.key not in w.FEELINGS or self.verb_after(i, w.FELT_BY_OTHERS):
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
        # "Precious Mahlangu, TSH 0.01": a first name that is also a word, then a capitalised word
        # no list knows (a surname the lists lack), closing a clause or before a verb people do.
        if known and self.unlisted_surname(i + 1):
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
        # "Daisy, 90, still gardens"; but "Man, 48, lorry driver" is how a record says who
        if known and not self.person_noun(i) and (self.appositive(i) or self.age_after(i)):
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
        # "Housemate went round", "Carer's leave": a word for a person; but "Imam Siddiqui" is
        # his title
        noun = self.person_noun(i) or self.person_noun_word(tok.key)
        if tok.key.endswith("s") and self.person_noun_word(tok.key[:-1]):
            noun = True  # "Carers worried about pressure areas": people, plural
        if noun and not (self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].cap):
            return False
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

    def unlisted_surname(self, j: int) -> bool:
        """Token j, right after a first name, is a capitalised word in no list, and a clause
        ends after it or a verb people do follows; not a place ("West Witton") nor a plural
        ("Jack Russells")."""
        if not self.joined(j - 1, j, CLOSE) or self.tokens[j - 1].key in w.COMPASS:
            return False
        if not self.unclaimed_capital(j):
            return False
        tok = self.tokens[j]
        key = tok.key
        if is_first(key) or is_surname(key) or is_more_word(key):
            return False
        if key.endswith("s") and (is_surname(key[:-1]) or is_first(key[:-1])):
            return False
        closes = CLAUSE_CLOSE.match(self.text, tok.end) is not None
        return closes or self.verb_after(j, LISTS.person_verbs)

    def unknown_pair(self, i: int) -> bool:
        if not self.joined(i, i + 1, CLOSE) or self.tokens[i].possessive:
            return False
        return self.unclaimed_capital(i + 1)

    def unclaimed_capital(self, j: int) -> bool:
        """Token j is capitalised and no list of words, places or things' names claims it: the
        second word of "Zanele Khumalo", not of "Hebden Bridge" or "Bupa Cromwell"."""
        tok = self.tokens[j]
        if not tok.cap or self.blocked[j] or self.eponym(j):
            return False
        key = tok.key
        return not (
            self.wordlike(j)
            or key in LISTS.proper
            or is_excluded(key)
            or key in LISTS.not_after
            or key in LISTS.not_before
        )

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
