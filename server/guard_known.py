"""Names that name nobody here, for server/guard_names.py: people known as themselves (the
famous: "the poet Dylan Thomas", "a Marian Keyes novel"), authors cited ("Burton (2013)",
"Johnson et al", "John Berger's A Fortunate Man"), and the words a thing's or an animal's name
is made of ("Bupa Harcourt", "Rolo the hamster"). Its browser twin is in web/guard_names.js, like
the other layers'.
"""

from __future__ import annotations

import re

from server import guard_words as w
from server.guard_described import Described
from server.guard_lists import LISTS, is_excluded, is_first, is_surname
from server.guard_tokens import AND_GAP, CLOSE, COMMA

# Keep these byte-for-byte equal to web/guard_names.js.
_QUOTE_CLOSED = re.compile(r"[\"\u201d\u2019'][ \t\u00a0]*\Z")  # a title in quotes just ended
# A year of publication after an author: "Burton (2013)", "(Salmon, 2004)", "(Stone et al.,
# 2010; ...)".
_YEAR_CITED = re.compile(
    r"\.?(?:[ \t\u00a0]*\((?:19|20)[0-9]{2}[a-z]?[),;:]|,[ \t\u00a0]*(?:19|20)[0-9]{2}[a-z]?[);,])"
)
# A work by its year after its author's 's: "O'Dowd's 1988 paper", "Pereira Gray's 2018 study".
_YEAR_WORK = re.compile(
    r"[ \t\u00a0]+(?:19|20)[0-9]{2}[ \t\u00a0]+(?:paper|study|review|book|article|lecture|editorial"
    r"|report|essay|trial|survey)(?![A-Za-z])"
)
# A title in double quotes after its author's 's: 'Philip Larkin's "Aubade"', 'Mary Oliver's "When
# Death Comes"' (see _title_cased).
_QUOTED_TITLE = re.compile(r"[ \t\u00a0]*[\"\u201c]([A-Z][^\"\u201c\u201d\n]{0,80})[\"\u201d]")
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def _title_cased(quoted: str) -> bool:
    """A title's capitals: one word ("Aubade"), or two capitalised words or more and every word
    of four letters or more capitalised ("The Body", "When Death Comes"; not "Thank you")."""
    words = _TITLE_WORD.findall(quoted)
    capitals = sum(w[0].isupper() for w in words)
    if not 0 < len(words) <= 10 or any(len(w) >= 4 and not w[0].isupper() for w in words):
        return False
    return len(words) == 1 or capitals >= 2


class Known(Described):
    """Who is known as themselves, who is cited, and what is a thing's name."""

    def famous(self, i: int, j: int) -> bool:
        """The name in tokens i..j is someone known as themselves: "the poet Dylan Thomas",
        "a huge Taylor Swift fan", "Rangan's podcast", "a Marian Keyes novel", or who wrote
        what was just named ("the Swiss cheese model by James Reason", "The Pain Toolkit by Pete
        Moore", '"Intensive Care" by Gavin Francis')."""
        # "the TV presenter Holly Willoughby"; not "Presenter Cerys Evans brought", a note's label
        label = self.tokens[i - 1].cap and self.sentence_start(i - 1) if i > 0 else False
        if (
            self.joined(i - 1, i, CLOSE) and self.low(i - 1) in w.FAME_BEFORE and not label
        ) or (self.joined(j, j + 1, CLOSE) and self.low(j + 1) in w.FAME_AFTER):
            return True
        if self.cited(i, j):
            return True
        if i == j and self.consent_test(i):
            return True
        # "developed by Baile and Buckman": the second of two names cited together
        pair = self.joined(i - 2, i, AND_GAP)
        if pair and self.tokens[i - 2].cap and self.famous(i - 2, i - 2):
            return True
        if not (self.joined(i - 1, i, CLOSE) and self.low(i - 1) == "by"):
            return False
        by = self.tokens[i - 1]
        if _QUOTE_CLOSED.search(self.text, 0, by.start):
            return True
        if not self.joined(i - 2, i - 1, CLOSE):
            return False
        work = self.tokens[i - 2]
        if work.low in w.MADE:  # "written by Jon Stone"
            return True
        if work.key in w.CALENDAR:  # "added on Monday by Rhiannon Price": when, not a work
            return False
        # A capitalised title before "by" is a work's; a street, a ward or a hospital is where
        # someone was met ("stopped on the High Street by Margaret Cruickshank").
        if work.key in LISTS.not_after:
            return False
        return work.key in w.BY_WORKS or (work.cap and not self.sentence_start(i - 2))

    def consent_test(self, i: int) -> bool:
        """Token i names a test of consent, another of them in the same text: "Gillick and
        Fraser", "gillick for the consultation, fraser is contraception"."""
        key = self.tokens[i].key
        if key not in w.CONSENT_TESTS:
            return False
        return any(t.key != key and t.key in w.CONSENT_TESTS for t in self.tokens)

    def year_cited(self, j: int) -> bool:
        """Token j is an author's, or one of a list of authors', cited with the year: "Burton
        (2013) proposes", "Gill and Sharpe (1999)", "Burton, Fink, Henningsen, Löwe and Rief
        (2020)", "(Salmon, 2004)", "Stone et al. (2010)"."""
        k = j
        for _ in range(8):
            end = self.tokens[k].end
            if self.low(k + 1) == "et" and self.low(k + 2) == "al":  # "Stone et al. (2010)"
                end = self.tokens[k + 2].end
            if _YEAR_CITED.match(self.text, end):
                return True
            if self.low(k + 1) == "and" and self.joined(k, k + 1, CLOSE):
                k += 2
            elif self.joined(k, k + 1, COMMA) or self.joined(k, k + 1, CLOSE):
                k += 1
            else:
                return False
            if k >= len(self.tokens) or not self.tokens[k].cap:
                return False
        return False

    def cited(self, i: int, j: int) -> bool:
        """The name in tokens i..j is an author cited: "Johnson et al", "Goldberg and
        colleagues", "before reading Burton" (not "reading Jane's letter"), "John Berger's A
        Fortunate Man", "Gill and Sharpe (1999)"."""
        if self.year_cited(j):
            return True
        if self.tokens[j].possessive and _YEAR_WORK.match(self.text, self.tokens[j].end):
            return True
        title = _QUOTED_TITLE.match(self.text, self.tokens[j].end)
        if self.tokens[j].possessive and title is not None and _title_cased(title.group(1)):
            return True  # 'Philip Larkin's "Aubade"'
        if self.joined(j, j + 1, CLOSE) and self.joined(j + 1, j + 2, CLOSE):
            after = (self.low(j + 1), self.low(j + 2))
            if after in (("et", "al"), ("and", "colleagues"), ("and", "co-workers")):
                return True
            # "Burton C et al.": the author's initial between
            nxt = self.tokens[j + 1]
            initial = len(nxt.key) == 1 and self.text[nxt.start : nxt.end].isupper()
            if initial and (after[1], self.low(j + 3)) == ("et", "al"):
                return self.joined(j + 2, j + 3, CLOSE)
            # "Salinsky wrote about", "Sontag argued against"; "Launer talks about" for a surname
            # alone ("Sarah talks about her dad" is a patient)
            if after in w.AUTHOR_CITED:
                alone = i == j and not is_first(self.tokens[i].key)
                if after not in w.AUTHOR_CITED_ALONE or alone:
                    return True
        reading = self.joined(i - 1, i, CLOSE) and self.low(i - 1) == "reading"
        if reading and not self.tokens[j].possessive:
            return True
        # "John Berger's A Fortunate Man", "Arthur Frank's The Wounded Storyteller": a title
        if not (self.tokens[j].possessive and self.joined(j, j + 1, CLOSE)):
            return False
        article = self.tokens[j + 1]
        if not (article.cap and article.low in ("the", "a", "an")):
            return False
        return j + 2 < len(self.tokens) and self.tokens[j + 2].cap

    def after_a_thing(self, i: int) -> bool:
        """Token i goes on the name of a thing: right after a capitalised word that is never a
        name, no first name and no word for a person ("Bupa Harcourt"; "Chelsea Okafor", "Uncle
        Sid", "Pharmacist Oluwaseun" are people)."""
        if not self.joined(i - 1, i, CLOSE):
            return False
        prev = self.tokens[i - 1]
        if not prev.cap or prev.possessive or not is_excluded(prev.key):
            return False
        if is_first(prev.key) or is_surname(prev.key) or self.person_noun(i - 1):
            return False
        cues = (LISTS.kin, w.TITLES, w.HONORIFICS, LISTS.strong, LISTS.weak)
        return not any(prev.low in cue for cue in cues)

    def the_title(self, i: int) -> bool:
        """ "Dallas the TV series", "Rolo the hamster": token i names a work or an animal, said
        so right after it."""
        if not (self.joined(i, i + 1, CLOSE) and self.low(i + 1) == "the"):
            return False
        for k in (i + 2, i + 3):
            if self.joined(k - 1, k, CLOSE) and self.low(k) in w.TITLED_THINGS:
                return True
        return False
