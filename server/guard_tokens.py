"""A text's tokens, and the patterns that read the gaps between them and the words around
them, for server/guard_cues.py and the layers above it. Their browser twins are in
web/guard_names.js; keep the two byte-for-byte equal.
"""

from __future__ import annotations

import re

from server.guard_lists import APOSTROPHES, LISTS, fold

# Keep these byte-for-byte equal to web/guard_names.js (TOKEN is in server/guard_lists.py).
_UP = r"[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff]"
_LO = r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff]"
_PART = rf"{_UP}(?:{_LO}+(?:{_UP}{_LO}+)?|['\u2019]{_UP}{_LO}+)"
_CAPITALISED = re.compile(rf"{_PART}(?:-(?:{_PART}|{_LO}+))*(?:['\u2019]s)?")
_POSSESSIVE = re.compile(r"['\u2019]s$")
DOUBLE_BARRELLED = re.compile(r"[A-Z][a-z]+-[A-Z][a-z]+")
# Two vowels apart, and six letters or more or five with no three consonants in a row: "mbeki",
# "oyelaran", "pickersgill"; not "camhs", "ukhsa", "nhsbsa".
SPOKEN = re.compile(
    r"(?:(?=[a-z]{6,}$)|(?=[a-z]{5}$)(?!.*[^aeiouy]{3}))[^aeiou]*[aeiou]+[^aeiou]+[aeiou].*"
)
ADJACENT = re.compile(r",?[ \t\u00a0]+")  # the same line and sentence: spaces, maybe a comma
CLOSE = re.compile(r"[ \t\u00a0]+")  # parts of one name: spaces only
BRACKET = re.compile(r"[ \t\u00a0]?\(")  # "HCA (Sue)", "Paddy (the one who)": a bracket opens
COMMA = re.compile(r",[ \t\u00a0]+")  # items of a list
AND_GAP = re.compile(r"[ \t\u00a0]+and[ \t\u00a0]+", re.IGNORECASE)  # "Rose and I", "X and Y"
COLON = re.compile(r":[ \t\u00a0]+")  # a label before what it names: "Presenter: Ngozi"
# A name typed in lower case: "paula", "jo-anne", "lauren's", "ciarán".
_LOWER = re.compile(
    r"(?:[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f]{3,}|[a-z]{2}(?=-)|[a-z]['\u2019][a-z]{3,})"
    r"(?:-[a-z]{2,})?(?:['\u2019]s)?"
)
# In capitals, as a visit list prints them: "O'HARA", "McGRATH", "GRIFFITHS-JONES", "SZABÓ"
# (Latin Extended-A mixes its cases; a word of it alone is no English word either way).
_UPPER = re.compile(
    r"(?:[A-Z]['\u2019]|Ma?c)?[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f]{3,}(?:-[A-Z]{2,})?"
)
CLAUSE_END = re.compile(r"[ \t\u00a0]*(?:[.,;:!?)]|$)")
# A clause ends here; a line break counts as in the browser, where "$" is only the text's end.
CLAUSE_CLOSE = re.compile(r"[ \t\u00a0]*(?:[.,;:!?)\n]|$)")
BREAK = re.compile(r"[.!?;\n\"\u201c(]")  # a sentence, a quotation or a clause starts after these
# Right after a name, its owner's age: "Edna, 84,", "Ebony, aged 14,", "Summer, aged nine,".
_AGED = (
    r",[ \t\u00a0]*[0-9]{1,3}(?:[ \t\u00a0]*(?:y|yo|yrs?|years?)(?![a-z]))?[ \t\u00a0]*[,)]"
    # A baby's: "Tayo, 9 weeks,", "Hope Mbatha, nine months,"
    r"|,[ \t\u00a0]*(?:[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve)[ \t\u00a0]+(?:days?|weeks?|wks?|months?|mths?)(?:[ \t\u00a0]+old)?[ \t\u00a0]*[,)]"
    r"|,?[ \t\u00a0]+aged?[ \t\u00a0]+(?:[0-9]|(?:two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety)(?![a-z]))"
    # Written out between commas, from thirteen up: "Paddy, eighty-three, a regular,"
    r"|,[ \t\u00a0]*(?:(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"[ \t\u00a0]*[,)]"
)
AGE_ONLY_AFTER = re.compile(rf"[ \t\u00a0]*(?:{_AGED})", re.ASCII | re.IGNORECASE)
# Or its date of birth, or a record read out: "Fiifi (dob 30/01/2015)", "Ivy Stainthorpe, born
# 30th September", "Iris Tempest, 716 342 4809".
AGE_AFTER = re.compile(
    r"[ \t\u00a0]*(?:\([ \t\u00a0]*(?:dob|d\.o\.b|aged?[ \t\u00a0]|[0-9]{1,3}(?![0-9]))"
    rf"|{_AGED}"
    r"|,[ \t\u00a0]*(?:born|dob|d\.o\.b|nhs)(?![a-z])"
    r"|,[ \t\u00a0]*[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}(?![0-9])"
    r"|,[ \t\u00a0]*[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}(?![0-9]))",
    re.ASCII | re.IGNORECASE,
)


def other_tense(low: str, verbs: frozenset[str]) -> bool:
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


def does(low: str) -> bool:
    """A verb only people do, in the data's tense or the other ("rang", "smokes")."""
    return low in LISTS.person_verbs_strong or other_tense(low, LISTS.person_verbs_strong)


class Token:
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
