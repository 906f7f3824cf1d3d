"""The confidentiality guard: find patient identifiers in text before it leaves the writer.

`detect` is the Python twin of `web/guard.js`; both must return the same findings for the same
text, and `tests/vectors/guard/` plus `tests/browser/test_guard_parity.py` hold them to that.
The guard advises, it never blocks and never stores: a finding carries a kind, a human label and
where it is, never the text itself, so a finding can be logged or counted without leaking.

Offsets are native string indices: Python `str` indices here (code points), UTF-16 code units in
the browser. They agree for every character in the Basic Multilingual Plane; the shared vectors
stay inside it, and the parity test converts the browser's offsets to code points so that emoji
(astral characters) in a message cannot hide a disagreement.

Why the regexes look the way they do: each pattern is written once and copied verbatim into
guard.js, so it uses only syntax that means the same thing in Python `re` and in JavaScript:
explicit ASCII classes (`[0-9]`, not `\\d`, which in Python also matches Arabic-Indic digits),
explicit space classes (not `\\s`), one-character lookbehinds instead of `\\b`, numbered groups,
and case-insensitivity only on ASCII-only patterns (`re.ASCII | re.IGNORECASE` here, the `i` flag
without `u` there, which both fold ASCII letters only).

Deliberate choices, each a trade between recall and the false-positive budget:
- A birth year alone counts only after a record's label, "DOB" or "year of birth": "DOB 1957"
  is a finding, "born in 1957" and "since 2019" are not. (Every independent corpus, written by
  six different hands, counts "born in 1957" as ordinary talk, as the HIPAA Safe Harbor rule
  does a year alone.)
  A day and month without a year is not a finding ("on 3rd March").
- Any full date with a year is reported as a possible date of birth, including consultation
  dates: the guard cannot tell them apart, and a full date narrows a small practice anyway.
- Outward-only postcodes ("SW1A", "M1") are not findings: they name a district, not a house, and
  look too much like road numbers and vitamins ("the M6", "B12").
- Names are found after a title ("Mrs", "Dr", also in capitals as clinic letters print them) or
  a phrase ("a lady called", "her name was") here, and in running text by server/guard_names.py:
  a first-name and surname list from open data, the words around a name ("her daughter X",
  "X's husband", "X said"), and a common-word list so that Will, May or Grace need context.
  A clinician named with a title ("Dr Patel") is found too, which a Balint group wants anyway.
  The title is part of the finding ("Mrs Kaur"): it is how the person is named.
- A long number is a patient's only in context: next to "hospital", "MRN", "lab" and the like it
  is a patient number, next to "order", "tracking" or "ticket" it is nothing, and a bare run of
  digits (or a 10-digit one that fails the NHS check) needs the clinical words: a claim, a
  passport or a Datix number is nobody's (server/guard_context.py). A code with letters ("K0456712",
  "RTX 112 9987") or after a label ("MRN", "hospital no") needs only no word against it.
- Separators are read loosely where the digits themselves decide: an NHS number's groups may be
  split by dots, slashes or two spaces, a phone number by dots or double spaces, since the check
  digit (or the leading 0/+44) already says what it is.
- A lone initial after a title ("Mrs B") is not a finding: that is how clinicians anonymise.
- Ten digits with a valid modulus-11 check digit are an NHS number even when they are a Scottish
  CHI number (same check) or, rarely, an old ten-digit phone number; either way they are flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from server import guard_checks as checks
from server.guard_checks import ORDINAL_WORDS
from server.guard_context import (
    LABEL_CAPS,
    capitals_code,
    event_date,
    grouped_code,
    is_valid_nhs_number,
    labelled_code,
    labelled_patient,
    list_mates,
    nhs_check_digit,
    number_in_context,
    other_nation_label,
    reference_before,
    service_line_before,
    whole_code,
    whole_date,
)
from server.guard_names import brand_spans, find_names, titled_thing
from server.guard_reflect import (
    DEFAULT_TERMS,
    REFLECTION_PROMPT,
    Reflection,
    reflect_language,
    reflection_prompt,
)

# The language reflection lives in server/guard_reflect.py; these names stay importable here.
__all__ = [
    "DEFAULT_TERMS",
    "KINDS",
    "REFLECTION_PROMPT",
    "Finding",
    "Reflection",
    "detect",
    "is_valid_nhs_number",
    "nhs_check_digit",
    "reflect_language",
    "reflection_prompt",
]

KINDS: dict[str, str] = {
    "nhs_number": "NHS number",
    "email": "email address",
    "phone": "phone number",
    "date": "possible date of birth",
    "postcode": "postcode",
    "patient_number": "patient or hospital number",
    "name": "name",
}

# Overlap resolution: the longer span wins; on equal length the kind earlier in KINDS wins (the
# more specific claim), then the earlier start. guard.js uses the same order.
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One possible identifier: what it is (`kind`, `label`) and where (`text[start:end]`)."""

    kind: str
    label: str
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# Pattern fragments. Keep these strings byte-for-byte equal to the ones in web/guard.js.

_SP = r"[ \t\u00a0]"  # a pasted letter brings tabs and no-break spaces, not only spaces
_NA = r"(?![0-9A-Za-z])"  # end of a token, what `\b` would mean if it meant the same everywhere
_NB = r"(?<![0-9A-Za-z])"
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])\.?"
)
_YEAR4 = r"((?:1[89]|20)[0-9]{2})"
# Letters of names: ASCII, Latin-1, Latin Extended-A and -B (Polish, Czech, Turkish surnames are
# common in UK lists) and Latin Extended Additional (Vietnamese: "Mrs Đỗ", "Mr Nguyễn"), as the
# name finder's (guard_names.py). Deliberately without a case-insensitive flag, so both engines
# agree.
_UP = r"[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff]"
_LO = r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff]"
_APOS = r"['\u2019]"
_PART = rf"{_UP}(?:{_LO}+(?:{_UP}{_LO}+)?|{_APOS}{_UP}{_LO}+)"  # Smith, McDonald, O'Brien
_WORD = rf"{_PART}(?:-{_PART})*"  # Smith-Jones
# Clinic letters print surnames in capitals; the lookahead keeps "MRS J SMITH DOB ..." from
# swallowing the acronyms that usually follow a name there.
_CAPS = (
    rf"(?!(?:DOB|NHS|MRN|GP|TEL|DR|MR|MRS)(?![A-Z]))"
    rf"{_UP}(?:{_UP}+|{_APOS}{_UP}{{2,}})(?:-{_UP}{{2,}})*"
)
_INITIALS = rf"(?:{_UP}\.?{_SP}+){{0,3}}"
# Surname particles: "de Souza", "van der Merwe", "Ó Briain".
_PARTICLES = rf"(?:(?:van|von|de|der|den|du|da|di|la|le|al|el|ap|bin|\u00d3){_SP}+){{0,2}}"
_NAME_TC = rf"{_PARTICLES}{_WORD}(?:{_SP}+{_PARTICLES}{_WORD}){{0,2}}"
# The same particles as clinic letters print them: "MR JOSE VAN DER MERWE" is four words.
_PARTICLES_CAPS = rf"(?:(?:VAN|VON|DE|DER|DEN|DU|DA|DI|LA|LE|AL|EL|AP|BIN|\u00d3){_SP}+){{0,2}}"
_NAME_CAPS = rf"{_CAPS}(?:{_SP}+{_PARTICLES_CAPS}{_CAPS}){{0,2}}"
_NAME = rf"({_INITIALS}(?:{_NAME_TC}|{_NAME_CAPS}))"
# How often a drug is taken, in capitals: "MR BD" is a tablet, not Mr BD.
_DOSING = r"(?:BD|TDS|TID|OD|QDS|QID|ON|OM|PRN|STAT|NOCTE|MANE)(?![A-Za-z])"
# "The patient called Monday": "called" is also the verb, and nobody is named after a weekday.
# (Months stay: April, May and June are names.)
_NOT_A_DAY = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas|Easter)"
    r"(?![a-z]))"
)


# "nineteen sixty", "nineteen sixty-two", "two thousand and three": a year read out.
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_YEAR_WORDS = (
    rf"(?:nineteen|two{_SP}+thousand(?:{_SP}+and)?)(?:{_SP}+|-)"
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:(?:{_SP}+|-)(?:{_UNITS}))?"
    rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    rf"|(?:oh{_SP}+)?(?:{_UNITS}))"
)
_DIGIT_SAID = r"(?:[0-9]|zero|oh|one|two|three|four|five|six|seven|eight|nine)"


# "Citizens Advice are on 0800 144 8848": free numbers are services', not a person's.
# A digit that is not 0, written or said ("four").
_NONZERO = re.compile("[1-9]|one|two|three|four|five|six|seven|eight|nine", re.IGNORECASE)
_FREEPHONE = re.compile(r"(?:\+44[ \t\u00a0]?(?:\(0\)[ \t\u00a0]?)?|0)80[08]")


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    group: int = 0  # the group whose span is reported: the identifier, not its label
    check: Callable[[list[str | None]], str | None] | None = None
    # A patient number from this rule stands only if the words around it say so (see above);
    # `clinical`: only if they say "clinical" (a bare label such as "number" is not enough).
    context: bool = False
    clinical: bool = False


def _rule(
    kind: str,
    source: str,
    *,
    i: bool = False,
    group: int = 0,
    check: Callable[[list[str | None]], str | None] | None = None,
    context: bool = False,
    clinical: bool = False,
) -> _Rule:
    # re.ASCII keeps IGNORECASE from folding "ſ" into "s" or the Kelvin sign into "k", as
    # JavaScript's `i` flag without `u` does not.
    flags = re.ASCII | (re.IGNORECASE if i else 0)
    return _Rule(kind, re.compile(source, flags), group, check, context, clinical)


_RULES: tuple[_Rule, ...] = (
    _rule(
        "nhs_number",
        rf"{_NB}([0-9]{{3}})([ .\-\u00a0/]{{0,2}})([0-9]{{3}})[ .\-\u00a0/]{{0,2}}"
        rf"([0-9]{{4}}){_NA}",
        check=checks.nhs,
        context=True,
    ),
    # Ten digits grouped some other way ("5319 052 863", "281953369-8"): an NHS number only
    # where its check digit says so; not from a date's year on ("23/11/1929 614 233 7515" is a
    # date and then an NHS number, whatever "1929 614 233"'s check digit says).
    _rule(
        "nhs_number",
        rf"{_NB}(?<![0-9][/.\-])[0-9](?:[ .\-\u00a0]?[0-9]){{9}}{_NA}",
        check=checks.nhs_any_grouping,
    ),
    _rule(
        "email",
        r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-](?:[A-Za-z0-9._%+\-']*[A-Za-z0-9._%+\-])?"
        r"@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
        r"\.[A-Za-z]{2,}(?![A-Za-z0-9\-])",
    ),
    # Spelled out as it was said on the phone: "sophie dot lumb at gmail dot com" (a "dot" in
    # both halves, so that "looked at google dot com" is no one's address).
    _rule(
        "email",
        rf"(?<![A-Za-z0-9])[A-Za-z0-9]+(?:{_SP}+(?:dot|underscore){_SP}+[A-Za-z0-9]+)+{_SP}+at{_SP}+"
        rf"[A-Za-z0-9\-]+(?:{_SP}+dot{_SP}+[A-Za-z]{{2,}})+(?![A-Za-z0-9])",
        i=True,
    ),
    # UK numbers: a trunk 0 (or +44 / 0044, optionally "(0)"; a mobile's 44 without its plus, as a
    # messaging app copies it: "447700900629") and 9 to 11 more digits (one too many
    # is still a number someone typed: "01223 496 0445"), with single
    # spaces or dashes anywhere between them, even after the 0 ("0 7 7 0 0 9 0 0 4 4 2", read out
    # digit by digit). 04 and 06 are unallocated, so they never start one.
    _rule(
        "phone",
        r"(?<![0-9A-Za-z+])(?:(?:\+44|0044|44(?=7))[ \t\-\u00a0]{0,2}"
        r"(?:\(0\)[ \t\-\u00a0]{0,2})?|0 ?)[1-35789](?:[ \-\u00a0]{0,2}[0-9]){8,10}(?![0-9])",
    ),
    # Numbers from abroad, written with their country code: "+46 70 123 4567", "+353 87 123 4567".
    _rule("phone", r"(?<![0-9A-Za-z+])\+[1-9](?:[ \-\u00a0]{0,2}[0-9]){7,14}(?![0-9])"),
    # 07700.900.123: dots, but only as the only separators (times and doses use them too).
    _rule(
        "phone",
        r"(?<![0-9A-Za-z.])(?:\+44\.?|0)[1-35789][0-9]{1,4}\.[0-9]{3,4}\.[0-9]{3,4}(?![0-9]|\.[0-9])",
        check=checks.phone_in_brackets,
    ),
    _rule(
        "phone",
        rf"(?<![0-9A-Za-z])\(0[1-35789][0-9]{{1,4}}\){_SP}?"
        r"[0-9](?:[ \-\u00a0]?[0-9]){4,8}(?![0-9])",
        check=checks.phone_in_brackets,
    ),
    # 03/04/1961, 3.4.61, 03-04-61. A day/month pair ("3/7", "2/52") is clinical shorthand for
    # durations, so a year is required; the lookbehinds keep "1/12/03/2019" from matching inside.
    _rule(
        "date",
        rf"{_NB}(?<![0-9][/.\-])([0-9]{{1,2}})({_SP}?[/.\-]{_SP}?)([0-9]{{1,2}})\2([0-9]{{4}}|[0-9]{{2}}){_NA}(?![/.\-][0-9])",
        check=checks.dmy_or_mdy,
    ),
    # "12 03 1988": spaces alone will do between day, month and a four-digit year.
    _rule(
        "date",
        rf"{_NB}(?<![0-9]{_SP})([0-9]{{1,2}})({_SP})([0-9]{{1,2}}){_SP}((?:19|20)[0-9]{{2}}){_NA}"
        rf"(?!{_SP}?[0-9])",
        check=checks.dmy,
    ),
    _rule(
        "date",
        rf"{_NB}{_YEAR4}([/.\-])([0-9]{{1,2}})\2([0-9]{{1,2}}){_NA}(?![/.\-][0-9])",
        check=checks.ymd,
    ),
    # 3rd March 1957, 3 of March, 1957, 03-Mar-1957, and EMIS's 03-Mar-57; "the" is part of
    # how a date is said ("the 4th of July 1976").
    _rule(
        "date",
        rf"{_NB}(?:the{_SP}+)?([0-9]{{1,2}})(?:st|nd|rd|th)?(?:{_SP}+(?:of{_SP}+)?|[-/.]|){_MONTH}(?:,?{_SP}+|[-/]|)"
        rf"{_YEAR4}{_NA}",
        i=True,
        check=checks.day_month_name,
    ),
    _rule(
        "date",
        rf"{_NB}([0-9]{{1,2}})-{_MONTH}-([0-9]{{2}}){_NA}",
        i=True,
        check=checks.day_month_name,
    ),
    # "dob 12th Jan 63": after a birth word, a two-digit year is one too.
    _rule(
        "date",
        rf"(?<![A-Za-z])(?:DOB|D\.O\.B\.?|date{_SP}+of{_SP}+birth|birth{_SP}+date|born(?:{_SP}+on)?)(?:{_SP}+(?:is|was|as))?{_SP}*(?:[:\-]{_SP}*)?"
        rf"(([0-9]{{1,2}})(?:st|nd|rd|th)?{_SP}+(?:of{_SP}+)?{_MONTH},?{_SP}+['\u2019]?[0-9]{{2}}){_NA}",
        i=True,
        group=1,
        check=checks.born_day_month,
    ),
    # After a birth word, digits alone or spaced are a date too: "DOB 03041956", "dob 3 4 56".
    _rule(
        "date",
        rf"(?<![A-Za-z])(?:DOB|D\.O\.B\.?|date{_SP}+of{_SP}+birth|birth{_SP}+date|born(?:{_SP}+on)?)(?:{_SP}+(?:is|was|as))?{_SP}*(?:[:\-]{_SP}*)?"
        rf"(([0-9]{{2}})([0-9]{{2}})(?:(?:19|20)[0-9]{{2}}|[0-9]{{2}})){_NA}",
        i=True,
        group=1,
        check=checks.born_digits,
    ),
    _rule(
        "date",
        rf"(?<![A-Za-z])(?:DOB|D\.O\.B\.?|date{_SP}+of{_SP}+birth|birth{_SP}+date|born(?:{_SP}+on)?)(?:{_SP}+(?:is|was|as))?{_SP}*(?:[:\-]{_SP}*)?"
        rf"(([0-9]{{1,2}}){_SP}+([0-9]{{1,2}}){_SP}+(?:(?:19|20)[0-9]{{2}}|[0-9]{{2}})){_NA}",
        i=True,
        group=1,
        check=checks.born_digits,
    ),
    # March 3, 1957 / March 3rd 1957
    _rule(
        "date",
        rf"{_NB}{_MONTH}(?:{_SP}+the)?{_SP}+([0-9]{{1,2}})(?:st|nd|rd|th)?,?{_SP}+{_YEAR4}{_NA}",
        i=True,
        check=checks.month_name_day,
    ),
    # "3rd April '61": the apostrophe says the two digits are a year.
    _rule(
        "date",
        rf"{_NB}([0-9]{{1,2}})(?:st|nd|rd|th)?(?:{_SP}+(?:of{_SP}+)?|[-/.]){_MONTH},?{_SP}*['\u2019][0-9]{{2}}{_NA}",
        i=True,
        check=checks.day_month_name,
    ),
    # A birth year or month and year, but only where a record's label says it is one.
    _rule(
        "date",
        rf"(?<![A-Za-z])(?:DOB|D\.O\.B\.?|YOB|date{_SP}+of{_SP}+birth|year{_SP}+of{_SP}+birth)"
        rf"{_SP}*(?:[:\-]{_SP}*)?((?:{_MONTH}{_SP}+)?{_YEAR4}){_NA}",
        i=True,
        group=1,
    ),
    # "the twenty third of June 1951": a date said aloud.
    _rule(
        "date",
        rf"{_NB}(?:the{_SP}+)?(?:(twenty|thirty)(?:{_SP}+|-))?({ORDINAL_WORDS})(?:{_SP}+of)?{_SP}+"
        rf"{_MONTH},?{_SP}+(?:{_YEAR4}|{_YEAR_WORDS}){_NA}",
        i=True,
        check=checks.word_day_month,
    ),
    # Full postcodes only; the class letters follow the Royal Mail format rules, which rule out
    # most English words and drug strengths that have the same shape.
    _rule(
        "postcode",
        rf"{_NB}((?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
        rf"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]|GIR){_SP}{{0,2}}[0-9][ABD-HJLNP-UW-Z]{{2}}){_NA}",
        i=True,
        check=checks.postcode,
    ),
    # "MRN 12345", "hospital no: K123456", "unit number 12345": a label makes a shorter number
    # count. (A CHI or H&C number with a valid check digit is one too, not an NHS number.)
    _rule(
        "patient_number",
        rf"(?<![A-Za-z])(?:MRN|hospital{_SP}+(?:no\.?|numbers?|num|id)|hosp\.?{_SP}+(?:no\.?|numbers?)"
        rf"|(?:unit|patient|case|record|PAS|CHI|H&C){_SP}+(?:no\.?|numbers?|id)|PAS|CHI|H&C)"
        rf"{_SP}*(?:[:#]{_SP}*)?([A-Za-z]{{0,4}}[0-9](?:[ \-]?[0-9]){{4,11}}){_NA}",
        i=True,
        group=1,
        context=True,
    ),
    # "MRN 30088172", "whose is MRN ...??": a patient number whatever the words around say, and
    # shown with its label (some write the label as part of it).
    _rule(
        "patient_number",
        rf"(?<![A-Za-z])(?:MRN|CHI|H&C|PAS|ePR|EPR)(?:{_SP}+(?:no\.?|number|num))?{_SP}*(?:[:#]{_SP}*)?"
        rf"[A-Za-z]{{0,4}}[0-9](?:[ \-]?[0-9]){{4,11}}{_NA}",
    ),
    # RXH1234567: a hospital's letters glued to its number, maybe after a year ("26H0447719").
    _rule(
        "patient_number", rf"{_NB}(?:[0-9]{{2}})?[A-Za-z]{{1,4}}[0-9]{{6,10}}{_NA}", context=True
    ),
    # "HS25-7710", "COR-25-1183", "WGH 448812": a department's or a hospital's capitals before
    # digits (five or more), near a clinical word; a year may come first ("24-H-0091823") and
    # letters last ("A9931KD"), the year glued on ("24C118392"), a dot ("H26.448193") or a year
    # after ("FC 4418-26").
    _rule(
        "patient_number",
        rf"{_NB}(?:[0-9]{{2,4}}[-/]?)?(?!(?:DOB|NHS|MRN|CHI|PAS|TEL|MOB|REF|NO|ID|GMC|YOB)(?![A-Z]))[A-Z]{{1,4}}(?:[-/]?[0-9]{{2,4}})?(?:[-/.]|{_SP})?[0-9]{{4,10}}(?:[-/][0-9]{{2,4}})?(?:[A-Z]{{1,3}})?{_NA}(?![/.\-][0-9])",
        check=capitals_code,
        context=True,
        clinical=True,
    ),
    # An NHS trust's code (R and two more: RJ1, RWE, RTX) before its number: "RTX 112 9987",
    # "RBN-00291744", "RT5-09871"; at least five digits after it.
    _rule(
        "patient_number",
        rf"{_NB}R[A-Z0-9]{{2}}(?:-|{_SP})?[0-9]{{3}}(?:{_SP}?[0-9]){{2,7}}{_NA}",
        context=True,
    ),
    # "AE 2611-7734", "LAB 26-04418", "W26.118.4407", "Q 883 4401", "25/118734": a code in
    # groups, capitals first or not, near a clinical word (see grouped_code).
    _rule(
        "patient_number",
        rf"{_NB}(?<!&)(?:(?!{LABEL_CAPS})[A-Z]{{1,4}}[0-9]?(?:[-/.]|{_SP})?)?[0-9]{{2,8}}"
        rf"([-/.]|{_SP})[0-9]{{2,8}}(?:\1[0-9]{{2,8}}){{0,2}}{_NA}(?![/.\-][0-9])",
        check=grouped_code,
        context=True,
        clinical=True,
    ),
    # "NNUH 0049281", "LTH 40118447": a hospital's capitals and seven digits or more are a
    # patient's unless the words around say otherwise (as glued: "RXH1234567").
    _rule(
        "patient_number",
        rf"{_NB}(?!{LABEL_CAPS})[A-Z]{{2,5}}{_SP}[0-9]{{7,10}}{_NA}(?![/.\-][0-9])",
        context=True,
    ),
    # Seven or more digits in a row; money, decimals and percentages are not numbers of people,
    # and nor is a bare number without a clinical word near it (a claim, a passport, a Datix).
    _rule(
        "patient_number",
        r"(?<![0-9A-Za-z.,\u00a3$\u20ac])[0-9]{7,}(?![0-9A-Za-z%])(?![.,][0-9])",
        context=True,
        clinical=True,
    ),
    # "lab ref 23/H/004512", "maternity number M2024-3317", "the MASH reference is SR/2025/4471":
    # a label, a few words, then a code with at least four digits, near a clinical word.
    _rule(
        "patient_number",
        rf"(?<![A-Za-z])(?:MRN|UBRN|CHI|[Aa]ccession|[Hh]isto(?:logy)?|[Ss]ample|[Ss]pecimen|[Cc]ase"
        rf"|[Nn]umber|[Nn]o\.?|NO|[Nn]um|ID|[Ii]d|[Rr]ef|REF|[Rr]eference)(?![a-z]),?"
        rf"(?:{_SP}+(?:is|was|for|her|his|at|the|of|on|in|[A-Z]?[a-z]{{2,12}}|[A-Z]{{3,12}}(?!{_SP}+[0-9]))(?![A-Za-z0-9/\-])){{0,5}}"
        # A code's letters: capitalised, or one or two lower-case glued on or before a mark ("was
        # 99871" is no code, "as 2 2 4 1 9 7 6" is read out).
        # Up to two groups of them, the first closed by a mark: "RGN/M/44719".
        rf"{_SP}*[:#]*{_SP}*(?!(?:NHS|DOB|Dob)(?![A-Za-z]))((?:(?:[A-Z][A-Za-z]{{0,4}}|[a-z]{{1,2}})[/#:.\-])?"
        rf"(?:[A-Z][A-Za-z]{{0,4}}[ /#:.\-]?|[a-z]{{1,2}}[/#:.\-]?)?"
        rf"[0-9][0-9A-Za-z]*"
        rf"(?:[/.\-][0-9A-Za-z]+|{_SP}[0-9]+)*){_NA}",
        group=1,
        check=labelled_code,
        context=True,
        clinical=True,
    ),
    # "K, 4, 4, 7, 1, 9, 0", "R, zero, four, four, one, ...": a number read out a digit at a
    # time, a pause after each, near a clinical word.
    _rule(
        "patient_number",
        rf"{_NB}(?:[A-Z],{_SP}*)?(?:{_DIGIT_SAID},{_SP}*){{5,11}}{_DIGIT_SAID}{_NA}",
        i=True,
        context=True,
        clinical=True,
    ),
    # "Dr Google" is how clinicians talk about a patient's own searching, not about a person;
    # "100mg MR BD" is a tablet's modified release, twice a day; in "I might miss Mrs C" the
    # first is a verb.
    # The title is part of the finding: "Mrs Kaur" is who is named, and the warning shows it.
    _rule(
        "name",
        rf"(?<![A-Za-z])(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Professor|Revd|Rev|Reverend|Cllr|MRS|MR|MISS|MX|DR|PROF|mrs|mr|miss|dr)\.?{_SP}+"
        rf"(?!Google(?![a-z])|{_DOSING}|(?:Mrs|Mr|Ms|Miss|Mx|Dr)(?![A-Za-z])){_NAME}",
    ),
    # "MS" is also multiple sclerosis: only a name printed in capitals counts after it.
    _rule("name", rf"(?<![A-Za-z])MS\.?{_SP}+({_INITIALS}{_NAME_CAPS})"),
    _rule(
        "name",
        rf"(?<![A-Za-z])(?:[Pp]atient|[Ll]ady|[Mm]an|[Ww]oman|[Gg]entleman|[Gg]ent|[Gg]irl|[Bb]oy"
        rf"|[Cc]hap|[Gg]uy|[Ll]ad|[Cc]hild|[Bb]aby){_SP}+(?:called|named){_SP}+{_NOT_A_DAY}({_NAME_TC})",
        group=1,
    ),
    _rule(
        "name",
        rf"(?<![A-Za-z])(?:[Hh]is|[Hh]er|[Tt]heir){_SP}+(?:(?:first|full|real|proper|middle|maiden|last|given|legal|married){_SP}+|sur|nick)?name{_SP}+(?:is|was)"
        rf"{_SP}+({_NAME_TC})",
        group=1,
    ),
)


def _candidates(text: str) -> Iterable[tuple[str, int, int]]:
    for start, end in find_names(text):
        yield "name", start, end
    brands = brand_spans(text)
    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            kind = rule.kind
            # "Mr Kipling", "Dr Google": a title inside a brand names nobody.
            if kind == "name" and any(s < m.end() and m.start() < e for s, e in brands):
                continue
            if kind == "name" and titled_thing(m.group(0)):  # "Dr YouTube"
                continue
            if rule.check is not None:
                checked = rule.check([m.group(0), *m.groups()])
                if checked is None:
                    continue
                kind = checked
            start, end = m.start(rule.group), m.end(rule.group)
            digits = sum(c in "0123456789" for c in text[start:end])
            if kind == "phone" and labelled_patient(text, start):
                kind = "patient_number"
            if kind == "nhs_number" and other_nation_label(text, start):
                kind = "patient_number"
            # Ten digits from 0 are rarely anyone's phone ("0800 123456"), and after "order" or
            # "IT job" they are a reference.
            if kind == "phone" and digits == 10 and reference_before(text, start):
                continue
            # A helpline's ("0800 ...") or a switchboard's ("switchboard 0113 392 6000"): nobody's
            # own number, nor a patient's.
            if kind in ("phone", "patient_number") and (
                _FREEPHONE.match(text, start)
                or (text[start] in "0+" and service_line_before(text, start))
            ):
                continue
            if kind == "date" and event_date(text, start, end):  # "passed the AKT on 23 April 2026"
                continue
            if kind == "patient_number" and not _NONZERO.search(text, start, end):
                continue  # "e.g. CH 000000": a format, not a number
            if rule.context and kind == "patient_number":
                in_context = number_in_context(text, start, end, 10 if rule.clinical else digits)
                if in_context is None:
                    continue
            yield kind, start, end


def _resolve(spans: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep non-overlapping spans: longest first, then by kind priority, then leftmost."""
    kept: list[tuple[str, int, int]] = []
    ordered = sorted(spans, key=lambda s: (s[1] - s[2], _PRIORITY.get(s[0], 99), s[1]))
    for kind, start, end in ordered:
        if all(end <= s or start >= e for _, s, e in kept):
            kept.append((kind, start, end))
    return sorted(kept, key=lambda s: s[1])


# "named after Florence Nightingale", "named after Louis Wolff, Sir John Parkinson and Paul
# Dudley White": whom a ward, a test or a charity is named after is nobody's identifier (every
# such name in the tune halves of corpora 1-148, 28 of 28), nor is the next name in a list of them.
# (\Z, not $: $ would also match before a final newline, where JavaScript's does not.)
_NAMED_AFTER = re.compile(r"(?<![A-Za-z])named[ \t]+(?:after|for)[ \t]+\Z", re.IGNORECASE)
_LIST_GAP = re.compile(r",[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+")
# "Frankie Dettori was on the telly", "Bill Withers was playing on the radio", "Dr Ranj on This
# Morning": who is on the television or the radio is a public figure or a programme (every such
# name in the tune halves of corpora 1-148).
_ON_AIR = re.compile(
    r"[ \t]+(?:(?:was|were|is|are)[ \t]+)?(?:(?:playing|shouting|talking|singing)[ \t]+)?on[ \t]+"
    r"(?:the[ \t]+)?(?:telly|tv|television|radio|news|this[ \t]+morning|youtube)(?![A-Za-z])",
    re.IGNORECASE,
)


def _without_public_names(
    text: str, kept: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """`kept` (sorted, never overlapping) without the names things are named after, nor those
    on the air."""
    out: list[tuple[str, int, int]] = []
    source_end = -1
    for kind, start, end in kept:
        if kind == "name" and _ON_AIR.match(text, end):
            # and whoever is named with them: "Dawn French and Jennifer Saunders were on"
            if out and out[-1][0] == "name" and _LIST_GAP.fullmatch(text, out[-1][2], start):
                out.pop()
            continue
        if kind == "name" and (
            _NAMED_AFTER.search(text[max(0, start - 30) : start])
            or (source_end >= 0 and _LIST_GAP.fullmatch(text, source_end, start))
        ):
            source_end = end
            continue
        source_end = -1
        out.append((kind, start, end))
    return out


def detect(text: str) -> list[Finding]:
    """Find possible patient identifiers in `text`, sorted by start, never overlapping.

    Each finding names its kind (see KINDS) and its span as `text[start:end]`; the text itself is
    left out on purpose so findings can be counted or logged without carrying what was written.
    """
    kept = _without_public_names(text, _resolve(_candidates(text)))
    if any(kind == "patient_number" for kind, _, _ in kept):
        kept = _resolve([*kept, *list_mates(text, kept)])
        kept = [
            (k, *whole_code(text, s, e, kept)) if k == "patient_number" else (k, s, e)
            for k, s, e in kept
        ]
    kept = [(k, whole_date(text, s, e, kept), e) if k == "date" else (k, s, e) for k, s, e in kept]
    return [Finding(k, KINDS[k], start, end) for k, start, end in kept]
