"""Names as they are typed, for server/guard_names.py: in lower case ("spoke to mark about",
"gemma again"), in capitals ("DOREEN WALSH"), and whom a message thanks or speaks to ("thanks
so much steph", "there, Mo."). Its browser twin is in web/guard_names.js, like guard_cues.py's.
"""

from __future__ import annotations

import re

from server import guard_words as w
from server.guard_known import Known
from server.guard_lists import (
    LISTS,
    is_excluded,
    is_first,
    is_more_word,
    is_surname,
    is_word,
    medical_word,
)
from server.guard_tokens import ADJACENT, BRACKET, CLAUSE_CLOSE, CLAUSE_END, CLOSE, COMMA, does

# Keep these byte-for-byte equal to web/guard_names.js.
# The end of a sentence or of the message: "thanks Fola", "there, Mo!".
_SENTENCE_END = re.compile(r"[ \t\u00a0]*(?:[.!?\n]|$)")
# A kiss or two signing off a message: "Thanks Rhi x", "love you Fi xx".
_KISSED = re.compile(r"[ \t\u00a0]+x{1,3}[ \t\u00a0]*(?:[.!\n]|$)")
# What follows "X here" when X signs a message: a comma, a dash, a colon, "!" or the end.
_SIGNED_OFF = re.compile(r"[ \t\u00a0]*(?:[,;:!\n\u2013\u2014-]|$)")
# A chat's time stamp opening the line, before who wrote it: "[20:43] Rob:", "[14/02/2024,
# 10:45] Hamza:", "14/02/2024, 10:45 - Rob:" (an exported chat).
_STAMP = re.compile(
    r"[ \t\u00a0]*(?:\[(?:[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{2,4},?[ \t\u00a0]*)?[0-9]{1,2}"
    r"[:.][0-9]{2}(?:[:.][0-9]{2})?(?:[ \t\u00a0]*[AaPp][Mm])?\]|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},"
    r"[ \t\u00a0]*[0-9]{1,2}:[0-9]{2}[ \t\u00a0]*[-\u2013])[ \t\u00a0]*"
)
# "al-Hashimi", "ul-Haq": an Arabic particle in lower case joined to a name.
_PARTICLE_NAME = re.compile(r"(?:al|el|bin|ibn|abu|abd|ul)-([A-Z][a-z]{2,})")
# "mcgregor", "macleod", "o'brien", "d'souza": in lower case still a surname by its shape.
_PREFIXED = re.compile(r"(?:mc[a-z]{3,}|mac[a-z]{4,}|[od]['\u2019][a-z]{3,})(?:['\u2019]s)?")
# ", 5," or ", 84 yrs,": an age between commas, right after a name
_AGE_NEXT = re.compile(
    r",[ \t\u00a0]*[0-9]{1,3}(?:[ \t\u00a0]*(?:y|yo|yrs?|years?)(?![a-z]))?[ \t\u00a0]*[,)]"
)
# Endings of words, not names: "carer", "autocorrect", "bloating", "tiredness".
_WORD_ENDING = re.compile(
    r"(?:er|or|ist|ion|ing|ment|ness|ity|ism|ship|able|ible|ful|less|ous|ive|ect|ed|ly)$"
)
# "10 mins", "3 obs": a word right after a number is what is counted, not whom.
_COUNTED = re.compile(r"[0-9][ \t\u00a0]*\Z")
# A date of birth, after a comma or in brackets: "Dumisani Khumalo, DOB", "(dob 13/05/2001)".
_RECORD_AFTER = re.compile(
    r"[ \t\u00a0]*[,(][ \t\u00a0]*(?:DOB|dob|Dob|D\.O\.B|d\.o\.b|born|n\u00e9e?)(?![A-Za-z])"
)
# A colon and the message after it, its first letter kept: "Saffy: did you?".
_LABEL_NEXT = re.compile(r":[ \t\u00a0]+(\S)")
_MENTIONED = re.compile(r"(?<![^ \t\u00a0\n])@\Z")  # "@faith": a chat's mention
_SENTENCE_STOP = re.compile(r"[.!?\n]")  # where a sentence ends, to see whether it asks
# "ORTH/2239", "REN-7712" are codes; "O'HARA 09:30", "OKAFOR 10am" a visit list's times.
_CODE_NEXT = re.compile(
    r"[ \t\u00a0]*[/:#\-]?[ \t\u00a0]*(?![0-9]{1,2}(?:[:.][0-9]{2}|[ap]m)(?![0-9]))[0-9]"
)


class Typed(Known):
    """A text's tokens, what the words around each say, the names typed out of case, and how
    a sentence says someone is a person."""

    def addressed(self, i: int) -> bool:
        """Token i is who the writer thanks ("thank you Fola", "cheers, Dom", "thanks so much
        steph, needed that"), or closes the message after a comma ("you put it perfectly there,
        Mo.")."""
        tok = self.tokens[i]
        if tok.possessive:
            return False
        if self.thanked(i):
            closes = CLAUSE_CLOSE.match(self.text, tok.end) or _KISSED.match(self.text, tok.end)
            return closes is not None
        # After a comma, only a listed first name: "Ventolin, Clenil, Trimbow" ends a list.
        return (
            is_first(tok.key)
            and _SENTENCE_END.match(self.text, tok.end) is not None
            and self.joined(i - 1, i, COMMA)
            and not self.sentence_start(i - 1)
        )

    def diary_closing(self, i: int) -> bool:
        """Token i is a month or a weekday after a comma, closing its sentence: a heading's or a
        log's date ("Session one, October.", "OOH, August.", "Notes after Balint, Wednesday."), not
        someone spoken to ("Thanks, June.")."""
        tok = self.tokens[i]
        if tok.key not in w.DIARY_NAMES or not self.joined(i - 1, i, COMMA) or self.thanked(i):
            return False
        return _SENTENCE_END.match(self.text, tok.end) is not None

    def named_at_end(self, i: int) -> bool:
        """After a comma, a name closes a sentence that spoke of a person: "the patient I
        mentioned last week has died, Morag", "her son is at the uni, Nattapong" (not a list's
        next item: "on Ventolin, Clenil")."""
        if not self.joined(i - 1, i, COMMA) or self.tokens[i].possessive:
            return False
        if self.tokens[i - 1].cap or self.tokens[i - 1].upper:
            return False
        j = i + 1 if self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].cap else i
        if _SENTENCE_END.match(self.text, self.tokens[j].end) is None:
            return False
        for k in range(i - 1, -1, -1):
            if self.person_noun(k):
                return True
            if self.sentence_start(k):
                return False
        return False

    def used_as_person(self, i: int, known: bool, unclaimed: bool) -> bool:
        """Token i, a first name (`known`) or a word no list claims (`unclaimed`), is used as only
        a person is: "Grace's limp", "Grace are you ok to", "Joy the DN is off sick", "Rose from
        the deanery"."""
        tok = self.tokens[i]
        if known and tok.possessive and self.joined(i, i + 1, CLOSE):
            if self.low(i + 1) in w.PERSONAL:
                return True
        if (known or unclaimed) and (self.asked_directly(i) or self.role_apposed(i)):
            return True
        return known and self.from_workplace(i)

    def asked_directly(self, i: int) -> bool:
        """Token i is who a message asks or speaks to, opening it or after a greeting: "maya can
        you check in with him?", "hey Rach did you ever find out", "Faith, can you share the
        rota", "Mark you've frozen" (spoken_to), "Sunny, shall we sit outside?" (put_to)."""
        if self.spoken_to(i) or self.put_to(i) or self.signed(i) or self.stamped(i):
            return True
        if not (self.joined(i, i + 1, ADJACENT) and self.low(i + 1) in w.ASKING):
            return False
        if not (self.joined(i + 1, i + 2, CLOSE) and self.low(i + 2) in ("you", "u")):
            return False
        return self.sentence_start(i) or (
            self.low(i - 1) in w.THANKS and self.joined(i - 1, i, ADJACENT)
        )

    def put_to(self, i: int) -> bool:
        """Token i opens a message and, after a comma, a question is put to it: "Grace, did the
        bus ever come?", "Sunny, shall we sit outside?", "Bill, if you are reading this"."""
        if not (self.sentence_start(i) and self.joined(i, i + 1, COMMA)):
            return False
        if not self.joined(i + 1, i + 2, CLOSE) or self.tokens[i].possessive:
            return False
        nxt = self.low(i + 1)
        if nxt == "if":
            return self.low(i + 2) in ("you", "u")
        return nxt in w.ASKING or nxt == "shall"

    def signed(self, i: int) -> bool:
        """Token i opens a message with who writes it: "Rose here, yes, the dancer", "Lotte here,
        I agree", "Frank Oduya here - still thinking about it" (not "Sunny here, 20 degrees")."""
        if not self.sentence_start(i) or self.tokens[i].possessive or self.low(i) in w.WEATHER:
            return False
        k = i + 1
        if self.joined(i, k, CLOSE) and self.tokens[k].cap and not self.tokens[k].possessive:
            k += 1  # a surname between
        if not (self.joined(k - 1, k, CLOSE) and self.low(k) == "here"):
            return False
        return _SIGNED_OFF.match(self.text, self.tokens[k].end) is not None

    def stamped(self, i: int) -> bool:
        """Token i, after a chat's time stamp, is who wrote the message: "[20:43] Rob: its on
        the letter", "[09:12] Rob Hale:"."""
        tok = self.tokens[i]
        line_start = self.text.rfind("\n", 0, tok.start) + 1
        if tok.possessive or _STAMP.fullmatch(self.text, line_start, tok.start) is None:
            return False
        k = i + 1 if self.joined(i, i + 1, CLOSE) and self.tokens[i + 1].cap else i
        return self.text.startswith(":", self.tokens[k].end)

    def labelled(self, i: int, known: bool) -> bool:
        """Token i, a first name (`known`) or a word no list claims, opens a line before a colon:
        a chat's export naming who wrote ("Saffy: did you?", "Grace: small world"). A heading has
        the same shape, so a first name that is also a word counts only before a message in lower
        case, never one of HEADING_NAMES; and a word no list claims not if any list of words or
        surnames has it, nor with a word's ending ("Facilitators:")."""
        tok = self.tokens[i]
        line_start = self.text.rfind("\n", 0, tok.start) + 1
        if not tok.cap or tok.possessive or self.text[line_start : tok.start].strip(" \t\u00a0"):
            return False
        label = _LABEL_NEXT.match(self.text, tok.end)
        if label is None or tok.key in w.HEADING_NAMES:
            return False
        if known:
            return not is_word(tok.key) or label.group(1).islower()
        if is_word(tok.key) or is_more_word(tok.key) or is_surname(tok.key):
            return False  # "Admin:", "Timeline:", "Spirometry:"
        return len(tok.key) >= 4 and _WORD_ENDING.search(tok.key.rstrip("s")) is None

    def spoken_to(self, i: int) -> bool:
        """Token i opens a message that speaks to it: "Mark you've frozen mid-sip", "Grace
        thank you", "ravi thanks for that"; not a wish ("Hope you're well")."""
        if not (self.sentence_start(i) and self.joined(i, i + 1, ADJACENT)):
            return False
        if self.low(i) in w.NOT_SPOKEN_TO:
            return False
        nxt = self.low(i + 1)
        if nxt == "thank":
            return self.low(i + 2) == "you" and self.joined(i + 1, i + 2, CLOSE)
        return nxt in w.SPOKEN_TO

    def particle_name(self, i: int) -> bool:
        """ "al-Hashimi", "bin-Laden": an Arabic particle in lower case, joined to a name no
        list knows as a word or a place."""
        tok = self.tokens[i]
        m = _PARTICLE_NAME.fullmatch(self.text, tok.start, tok.end)
        if m is None or self.blocked[i]:
            return False
        key = m.group(1).lower()
        return not (is_word(key) or is_excluded(key) or key in LISTS.proper)

    def thanked(self, i: int) -> bool:
        """Thanks come right before token i: "thanks", "ta", "thank you", "thanks so much",
        "well done"."""
        k = i - 1
        if self.low(k) == "much" and self.low(k - 1) in ("so", "very"):
            if not (self.joined(k - 1, k, CLOSE) and self.joined(k, i, ADJACENT)):
                return False
            k -= 2
            if not self.joined(k, k + 1, CLOSE):
                return False
        elif not self.joined(k, i, ADJACENT):
            return False
        if self.low(k) in w.THANKS:
            return True
        if self.low(k) == "done" and self.low(k - 1) == "well" and self.joined(k - 1, k, CLOSE):
            return True
        thank = self.low(k - 1) == "thank" and self.joined(k - 1, k, CLOSE)
        return thank and self.low(k) in ("you", "u")

    def contacted(self, i: int) -> bool:
        """Token i, typed in lower case, is who was rung, seen or spoken to, and the clause
        ends there or goes on as it would after a person: "spoke to mark about his drinking",
        "rang bob back", "asked jo if". A word that is also a name ("mark", "bob") needs all of
        that; the verb of contact alone ("saw rose") does not make it one."""
        if not self.joined(i - 1, i, CLOSE):
            return False
        prev = self.low(i - 1)
        if self.text[self.tokens[i - 1].start - 1 : self.tokens[i - 1].start] == "-":
            return False  # "a 40-call day", "the on-call reg": part of a compound, no verb
        if prev == "to":
            if not (self.joined(i - 2, i - 1, CLOSE) and self.low(i - 2) in w.SPEAK):
                return False
        elif prev not in w.CONTACT or self.called_so(i - 1):
            return False
        elif self.joined(i - 2, i - 1, CLOSE) and (
            self.low(i - 2) in w.NOUN_BEFORE or self.low(i - 2) in w.BY_MEANS
        ):
            return False  # "by phone tomorrow", "her phone case": the phone, not a call
        end = self.tokens[i].end
        if i + 1 == len(self.tokens) or CLAUSE_END.match(self.text, end):
            return True
        return self.joined(i, i + 1, CLOSE) and self.low(i + 1) in w.AFTER_CONTACT

    def called_so(self, k: int) -> bool:
        """Token k, "called", names rather than rings: "sometimes called diabulimia", "what
        they called tren" (not "I called bob back")."""
        if self.low(k) != "called" or not self.joined(k - 1, k, CLOSE):
            return False
        if self.low(k - 1) in w.NAMING_BEFORE:
            return True
        return self.joined(k - 2, k - 1, CLOSE) and self.low(k - 2) in w.NAMED_THINGS

    def lower_name(self, i: int) -> bool:
        """A known first name typed in lower case or in capitals: one no dictionary has as a
        word wherever it stands ("just had kwame in"), others with a cue either side ("spoke to
        mark about", "DAVID is")."""
        tok = self.tokens[i]
        if not tok.lower or is_excluded(tok.key) or tok.key in LISTS.not_lower:
            return False
        if tok.low in w.LOANWORDS:  # "déjà vu", "señora": "Deja", "Senora" only without accents
            return False
        if self.joined(i - 1, i, CLOSE) and self.low(i - 1) in w.TITLES:  # "mrs begum"
            # "mr kettering": a town is a surname after a title; so is a word after "mr" or
            # "mrs" typed so ("mr pickles"; not "dr google", "miss the bus", "MR twice a day")
            title = self.text[self.tokens[i - 1].start : self.tokens[i - 1].end]
            if title in ("mr", "mrs") and not (
                tok.key in w.FUNCTION_WORDS or tok.key in w.PARTICLES
            ):
                return True
            return not is_word(tok.key)
        if self.joined(i - 1, i, CLOSE) and self.lower_ms(i - 1):  # "ms achebe"; not "ms relapse"
            return not is_word(tok.key)
        # "rang mcdermott-lowe and", "the ashworths": a surname no word is, rung or a family.
        if is_surname(tok.key) and not is_word(tok.key) and self.contacted(i):
            return True
        if self.joined(i - 1, i, CLOSE) and self.low(i - 1) == "the" and self.lower_family(i):
            return True
        # "the tram was late", "my teddy": in lower case, a word after a determiner is a thing.
        if not tok.upper and self.joined(i - 1, i, CLOSE) and self.low(i - 1) in w.NOUN_BEFORE:
            return False
        # "pityriasis alba", "erythema multiforme": a disease's Latin qualifier
        if self.joined(i - 1, i, CLOSE) and medical_word(self.low(i - 1)):
            return False
        if not tok.upper and self.saint_before(i):
            return False  # "st georges cardiology": a saint's hospital
        if not tok.upper and self.joined(i - 1, i, CLOSE):
            prev = self.tokens[i - 1]
            if prev.cap and prev.possessive:  # "St George's cath lab": a thing of a named place
                return False
        settled = self.lower_in_use(i)
        if settled is not None:
            return settled
        # "senait is 17", "sabitri is his wife", "florin was working": a word no list knows, in
        # lower case, opening a message the way people are described.
        if not tok.upper and self.sentence_start(i) and self.unknown_lower(i):
            if self.described_as_person(i) or self.in_a_state(i):
                return True
            # "mukendi brought a letter", "ilunga from the congolese church asked"; not "carer
            # lives", "autocorrect keeps": a word the small dictionary lacks by its ending
            if not _WORD_ENDING.search(tok.key) and (
                self.verb_next(i) or self.from_somewhere(i)
            ):
                return True
        if not is_first(tok.key) or is_word(tok.key) or tok.key in LISTS.not_before:
            return False
        # A first name that no dictionary has as a word, typed in lower case, is a name wherever
        # it stands ("just had kwame in again", "is siobhan facilitating tonight", "femi's jollof";
        # not "max", "dale"): a group's chat is typed so, names and all.
        no_word = not tok.upper and tok.key not in LISTS.proper and tok.key not in w.FULL_DICT_NAMES
        if tok.possessive:  # "siobhan's mum"; "siobhan's been going": the "'s" is "has" or "is"
            after = self.low(i + 1)
            has = after in ("been", "gone", "got", "never", "not")
            return no_word or (self.joined(i, i + 1, CLOSE) and (after in LISTS.kin_after or has))
        if no_word:
            return True
        if tok.upper and len(tok.key) < 4:  # "with AKI", "for DKA": three capitals are an acronym
            return False
        # "tom okafor's mum": a surname no dictionary has after it, typed in lower case too
        if not tok.upper and self.good_surname(i + 1, strict=False):
            return True
        return self.weak_cue(i) or self.strong_cue(i) or self.verb_after(i, LISTS.person_verbs)

    def kin_named_lower(self, i: int) -> bool:
        tok = self.tokens[i]
        key = tok.key
        if not is_first(key) or tok.upper or key in w.MODALS:
            return False
        if key in LISTS.person_verbs or key in LISTS.kin:  # "her mum said", "a baby girl"
            return False
        if not (self.kin_owned(i - 1) and self.joined(i - 1, i, CLOSE)):
            return False
        return not self.joined(i, i + 1, CLOSE) or self.verb_after(i, LISTS.person_verbs)

    def lower_in_use(self, i: int) -> bool | None:
        """What is done with token i, a word in lower case or capitals, says whether it is a
        person ("spoke to mark about", "@faith", "little ruby, 5,"), or None."""
        tok = self.tokens[i]
        if is_first(tok.key) and self.contacted(i):  # "spoke to mark about", "rang bob back"
            return True
        if is_first(tok.key) and self.from_workplace(i):  # "mo from the pharmacy says"
            return True
        if is_first(tok.key) and tok.possessive and self.joined(i, i + 1, CLOSE):
            # "sent lola's referral", "ray's inr was 6.2"; not "another lady's notes"
            if self.low(i + 1) in w.PERSONAL and not self.person_noun_word(tok.key):
                return True
        if is_first(tok.key) and not is_word(tok.key) and self.asked_directly(i):
            return True  # "maya can you check in with him?"
        # "mcgregor asked", "saw d'souza": a surname no word has, with "Mc" or an apostrophe.
        if self.lower_prefixed_surname(i):
            return True
        # "pritchard - hb dropping again": a note opening with a surname that is nothing else.
        if not tok.upper and self.sentence_start(i) and self.bare_surname(tok.key):
            return True
        # "@faith reminder about the audit": whom a message mentions.
        if is_first(tok.key) and _MENTIONED.search(self.text, 0, tok.start):
            return True
        # "her daughter bukola rang", "rang tendai back": a word no list knows, where a person is.
        if self.unknown_lower(i) and (
            self.contacted(i) or (self.kin_owned(i - 1) and self.joined(i - 1, i, CLOSE))
        ):
            return True
        # "the fit note was for her partner dean", "her sister chelsea rang": a first name, word
        # or not, after someone's kin, where the clause ends or before a verb only people do
        # ("her son will", "her mum said", "her daughter read it" are verbs).
        if self.kin_named_lower(i):
            return True
        # "saw tayo at the bus stop", "tell bola that": whom one sees or tells, no word at all;
        # not what describes them ("seeing multimorbid patients")
        if self.unknown_lower(i) and self.joined(i - 1, i, CLOSE) and self.low(i - 1) in w.SEEN:
            nxt = self.low(i + 1)
            described = self.person_noun_word(nxt) or self.person_noun_word(nxt.removesuffix("s"))
            return not (described and self.joined(i, i + 1, CLOSE))
        if tok.upper and self.capitals_name(i):  # "DOREEN WALSH, ARTHUR PENNINGTON"
            return True
        if (
            is_first(tok.key)
            and not (is_word(tok.key) or tok.key in w.FULL_DICT_NAMES)
            and self.addressed(i)
        ):
            return True  # "thanks steph", "ta jas, will do"
        # "thanks rhi", "thank u kof x": a short name no list knows, thanked as a message ends
        # (not "thanks hun", "cheers bro").
        if self.thanked(i) and self.addressed(i) and self.unknown_lower(i, shortest=3):
            return tok.key not in w.ENDEARMENTS
        # "grace rang back", "pat told me": a message opening with a name in lower case, before
        # a verb only people do, a first name that is also a word ("whiteboard says" is no name).
        if not tok.upper and self.sentence_start(i) and is_first(tok.key):
            # "dawn from the care home says", "mark at the chemist sorted it"
            if self.verb_after(i, w.HUMAN_VERBS) or self.from_somewhere(i):
                return True
            if self.lower_subject(i):
                return True
        # "little ruby, 5, asthma": a first name in lower case with its owner's age
        if not tok.upper and is_first(tok.key) and _AGE_NEXT.match(self.text, tok.end):
            return not (self.person_noun_word(tok.key) or tok.key in w.FEMALE_MALE)
        # "kitty's son", "ayesha's dob", "lynnes mum": whose kin or record follows, in lower
        # case, with or without its apostrophe.
        if not tok.upper and self.lower_owner(i):
            return True
        return None

    def lower_subject(self, i: int) -> bool:
        """Token i, a first name in lower case opening a message, is who it is about or to:
        before a "not" only a doer takes ("faith didnt come", "will hasnt been in"), with kin of
        their own ("summer and her mum", "grace n her mum"), or spoken to before what the writer
        says ("rob we missed u", "fi i'll cover"; not "will we", "can i")."""
        if not self.joined(i, i + 1, CLOSE):
            return False
        nxt = self.low(i + 1)
        if nxt in w.NOT_DONE:
            return True
        # "said i was the doctor": a verb of saying opens the message, no one's name
        if nxt in w.SPEAKERS and self.low(i) not in w.MODALS and self.low(i) not in w.SAYING:
            return i + 2 < len(self.tokens) and self.joined(i + 1, i + 2, CLOSE)
        # "joy do you still want to", "rose did u get": asked, by name, a question
        if nxt in w.ASKING and self.low(i) not in w.MODALS and self.joined(i + 1, i + 2, CLOSE):
            return self.low(i + 2) in ("you", "u")
        return (
            nxt in ("and", "n")
            and self.joined(i + 1, i + 2, CLOSE)
            and self.low(i + 2) in w.OWNERS
            and self.joined(i + 2, i + 3, CLOSE)
            and self.low(i + 3) in LISTS.kin
        )

    def lower_owner(self, i: int) -> bool:
        tok = self.tokens[i]
        if not self.joined(i, i + 1, CLOSE):
            return False
        nxt = self.low(i + 1)
        if not (nxt in LISTS.kin_after or nxt in w.RECORDS):
            return False
        if tok.possessive:  # "the son's number", "the baby's dad": the lists have Son, Baby
            return is_first(tok.key) and not self.person_noun_word(tok.key)
        stem = tok.key[:-1]  # "lynnes": "lynne", with no apostrophe typed
        return (
            tok.key.endswith("s")
            and not (is_first(tok.key) or is_word(tok.key) or is_surname(stem))
            and is_first(stem)
            and not (is_excluded(stem) or stem in LISTS.not_lower)
        )

    def verb_next(self, i: int) -> bool:
        """A verb no thing does right after token i ("jhun works nights"; "whiteboard says",
        "troponin sent" are things)."""
        return self.joined(i, i + 1, CLOSE) and self.low(i + 1) in w.PEOPLE_ONLY

    def lower_prefixed_surname(self, i: int) -> bool:
        tok = self.tokens[i]
        if tok.upper or not _PREFIXED.fullmatch(self.text, tok.start, tok.end):
            return False
        return is_surname(tok.key) and not (is_word(tok.key) or is_excluded(tok.key))

    @staticmethod
    def bare_surname(key: str) -> bool:
        """A listed surname that is no first name, word, place or drug ("pritchard"; not
        "co-codamol", "rota")."""
        return (
            len(key) >= 4
            and "-" not in key
            and is_surname(key)
            and not (is_first(key) or is_word(key) or is_excluded(key) or key in LISTS.proper)
            and key not in w.FULL_DICT_NAMES
        )

    def unknown_lower(self, i: int, shortest: int = 4) -> bool:
        """Token i, in lower case, is no word, name, place or thing any list knows."""
        tok = self.tokens[i]
        key = tok.key
        return (
            not tok.upper
            and len(key) >= shortest
            and not (is_first(key) or is_surname(key) or is_word(key) or key in LISTS.proper)
            and key not in w.FULL_DICT_NAMES
            and key not in w.CHAT_WORDS
            and not _COUNTED.search(self.text, 0, tok.start)
            and not is_more_word(key)
        )

    def capitals_name(self, i: int) -> bool:
        """Token i, in capitals, is a listed first name of four letters or more or a surname of
        five, that no word, place or drug is, and no code follows it: a visit list, a whiteboard, a
        message in capitals ("DENISE FROM RECEPTION", "O'BRIEN syringe driver"). Shorter ones
        are acronyms as often ("ESA", "SAU", "RAE 4478193")."""
        tok = self.tokens[i]
        key = tok.key
        # "NASS", "SARC" are services.
        return (
            (len(key) >= 4 if is_first(key) else len(key) >= 5 and is_surname(key))
            and not (is_word(key) or key in LISTS.proper or key in w.FULL_DICT_NAMES)
            and _CODE_NEXT.match(self.text, tok.end) is None
        )

    def in_a_state(self, i: int) -> bool:
        """ "Florin was working", "Awadia was sent back", "Somchai was quiet", "Frank has
        smoked": token i, then "is", "was", "has" or "had", then what a person is doing, has
        done, had done to them or is like ("Vaisakhi was on", "Hajj was the" are not)."""
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) in w.BE_HAVE):
            return False
        if not self.joined(i + 1, i + 2, CLOSE):
            return False
        tok = self.tokens[i + 2]
        low = tok.low
        return tok.lower and not tok.upper and (
            low in w.STATES or (len(low) > 4 and low.endswith(("ing", "ed", "ent")))
        )

    def surname_listed_strictly(self, j: int) -> bool:
        """Token j goes on a name as a listed surname that is no word: "Ricci", "Okafor"."""
        return self.good_surname(j, strict=True) and is_surname(self.tokens[j].key)

    def place_word_named(self, i: int) -> bool:
        """A place word that is also a first name opens a sentence before a verb only people
        do: "Charity works at the hospital" (not "the Trust said", "Court was adjourned")."""
        return (
            is_first(self.tokens[i].key)
            and self.sentence_start(i)
            and self.verb_after(i, LISTS.person_verbs_strong)
        )

    def the_role(self, i: int) -> bool:
        """ "Bill the retired postman said", "Precious the HCA is off": "the", a noun for a
        person and a verb people do right after token i, in a sentence that asks nothing ("Will
        the nurse ring?")."""
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) == "the"):
            return False
        # "the postman", "the retired postman"; not "In the debrief my trainer".
        m = i + 2
        if not (self.person_noun(m) and self.joined(i + 1, m, CLOSE)):
            m = i + 3
            if not (self.person_noun(m) and self.joined(i + 2, m, CLOSE)):
                return False
            if not (self.joined(i + 1, i + 2, CLOSE) and self.tokens[i + 2].lower):
                return False
        # "the locum pharmacist", "the practice nurse": the role goes on to its last noun.
        while self.person_noun(m + 1) and self.joined(m, m + 1, CLOSE):
            m += 1
        # Then what the person did ("Pat the baby gently on the back" is an instruction): a verb
        # people do, or any in the past ("Grace the HCA vaccinated 300 of them").
        nxt = self.tokens[m + 1] if self.joined(m, m + 1, CLOSE) else None
        did = nxt is not None and nxt.lower and len(nxt.low) > 4 and nxt.low.endswith("ed")
        if not (did or self.verb_after(m, LISTS.person_verbs)):
            return False
        return not self.asks(i)

    def family_opens(self, i: int) -> bool:
        """ "Kabongo family, the dad", "Mensah twins came": a sentence opening with a surname and
        a word for a family."""
        return (
            self.sentence_start(i)
            and not self.tokens[i].possessive
            and self.joined(i, i + 1, CLOSE)
            and self.low(i + 1) in w.FAMILY_NOUNS
        )

    def record_follows(self, i: int) -> bool:
        """A person's record follows token i: "Jade's hosp no", "Dot's address", "Precious dob",
        "Florence was born", "Khumalo, DOB 09.11.1979", "Grange-Whitaker (dob"."""
        tok = self.tokens[i]
        if not tok.possessive and _RECORD_AFTER.match(self.text, tok.end):
            return not is_excluded(tok.key)  # not "on Tuesday, DOB 2/9/1944"
        if not self.joined(i, i + 1, CLOSE):
            return False
        nxt = self.low(i + 1)
        if self.tokens[i].possessive:
            return self.record_word_follows(i)
        if nxt == "dob":
            return True
        if nxt == "mrn":  # "Florence Ibbotson MRN: 00742219"; not "Leeds MRN", "Bradford MRN"
            return not (is_excluded(self.tokens[i].key) or self.wordlike(i))
        born = self.low(i + 2) == "born" and self.joined(i + 1, i + 2, CLOSE)
        return nxt in ("was", "is") and born

    def lower_ms(self, k: int) -> bool:
        """Token k is "ms" in lower case: a title before a surname in a message typed so ("MS" in
        capitals is multiple sclerosis)."""
        return self.text[self.tokens[k].start : self.tokens[k].end] == "ms"

    def lower_family(self, i: int) -> bool:
        """ "the ashworths", "the mcgintys": a listed surname that is no word, in the plural."""
        key = self.tokens[i].key
        stem = key[:-1]
        return (
            key.endswith("s")
            and not self.tokens[i].possessive
            and is_surname(stem)
            and not (is_word(stem) or is_word(key) or is_excluded(stem) or is_first(stem))
            and not self.person_noun_word(stem)  # "the co-leaders"
        )

    def owner_follows_verb(self, i: int) -> bool:
        """A verb only people do, then "his" or "her", right after token i: "Jordan missed his
        depot", "Chelsea rang her mum"; or "and her": "Paris and her sister"."""
        if self.low(i + 1) == "and":
            return self.verb_after(i, LISTS.person_verbs_strong)
        return (
            self.verb_after(i, LISTS.person_verbs_strong)
            and self.joined(i + 1, i + 2, CLOSE)
            and self.low(i + 2) in w.OWNERS
        )

    def role_before(self, i: int) -> bool:
        """A noun for a person's role right before token i: "the pharmacist Hemant", "Nurse
        Dlamini" (not "no one", "the one")."""
        k = i - 1
        if not self.joined(k, i, CLOSE) or self.low(k) == "one" or not self.person_noun(k):
            return False
        return self.tokens[k].lower or self.sentence_start(k)

    def role_bracketed(self, i: int) -> bool:
        """Token i alone in brackets right after a noun for a person or a place people work:
        "HCA (Sue):", "Task from reception (Precious):" (not "interpreter used (Dari)")."""
        k = i - 1
        if self.tokens[i].possessive or not self.joined(k, i, BRACKET):
            return False
        if not (self.person_noun(k) or self.low(k) in w.WORKPLACES):
            return False
        return self.text.startswith(")", self.tokens[i].end)

    def kin_apposition(self, i: int) -> bool:
        """ "Jhun her husband works nights": "his" or "her" and a kinship word right after (not
        a question's verb: "Will her mother find out?")."""
        return (
            not (self.low(i) in w.MODALS and self.sentence_start(i) and self.asks(i))
            and self.joined(i, i + 1, CLOSE)
            and self.low(i + 1) in w.OWNERS
            and self.joined(i + 1, i + 2, CLOSE)
            and self.low(i + 2) in LISTS.kin
        )

    def asks(self, i: int) -> bool:
        """The sentence token i is in ends with a question mark."""
        end = _SENTENCE_STOP.search(self.text, self.tokens[i].end)
        return end is not None and end.group() == "?"

    def on_duty(self, i: int) -> bool:
        """ "on reception", "on nights", "on the desk" right after token i: where someone works
        (not after another capital: "Christmas Day on call")."""
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) == "on"):
            return False
        if i > 0 and self.joined(i - 1, i, CLOSE) and not self.tokens[i - 1].lower:
            return False
        k = i + 2
        if self.joined(i + 1, k, CLOSE) and self.low(k) == "the":
            k += 1
        return self.joined(k - 1, k, CLOSE) and self.low(k) in w.DUTIES

    def from_somewhere(self, i: int) -> bool:
        """ "from the allotments", "at the pharmacy" right after token i, then a verb only people do
        ("Bob from the allotments brought", "Pat at the pharmacy says", "Precious from social
        care called", "Carol from the Ashfield practice rang"), not "is"."""
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) in ("from", "at")):
            return False
        first = i + 2
        if self.joined(i + 1, i + 2, CLOSE) and self.low(i + 2) == "the":
            first = i + 3
        elif self.low(i + 2) in w.DETERMINERS:  # "Rose from her chair and walked out"
            return False
        # "from the allotments brought", "from the district nursing team says"
        for k in range(first, first + 3):
            if not self.joined(k - 1, k, CLOSE):
                return False
            nxt = self.low(k + 1)
            if self.joined(k, k + 1, CLOSE) and does(nxt):
                return True
        return False
