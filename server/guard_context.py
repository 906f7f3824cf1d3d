"""Numbers, for server/guard.py: whether the words around a long number make it a
patient's (the twin of `numberInContext` and `labelledPatient` in web/guard.js), and the shapes
of numbers its validators check (check digits, days of months, codes: guard.js's `checks`).
"""

from __future__ import annotations

import itertools
import re

# Numbers in context. A long number is a patient's only where the words around it say so: a
# 10-digit number that fails the NHS check is a patient number next to "hospital", "lab" or
# "MRN", and nothing at all next to "order", "tracking" or "ticket". The words looked at are the
# last ten before the number and the first five after it, on its line.
_CLINICAL = frozenset(
    """hospital hosp patient patients mrn lab labs case unit clinic ward nhs chi pas record
    records notes referral histo histology path pathology sample specimen radiology xray scan
    mash safeguarding maternity dialysis hospice ubrn accession trust a&e discharge wristband
    letter admission rio bloods blood results result biopsy h&c
    outpatient outpatients inpatient mortuary coroner coroners mri ct ecg ultrasound mammogram
    endoscopy colonoscopy gastroscopy sticker pt ed camhs cmht chart midwife midwifery antenatal
    infirmary renal gum eye fracture theatre cytology x-ray attendance surgical dental
    sarc healthcare hdu itu icu nursing social iapt echo swab histopath micro culture urine
    stool smear triage health mental perinatal continence memory hearing assessment dob
    walk-in psych eeg emg falls inquest examiner respect screening hoof dnacpr
    resident residents prisoner crisis ambulance paramedic protection sdec epau dexa newborn
    bloodspot epu post-mortem postmortem autopsy wheelchair disorder disorders carers utc
    client clients cpa""".split()
)
# Any specialty, test or therapy: oncology, cytology, paediatric, radiography, physiotherapy.
_CLINICAL_SUFFIX = re.compile(
    r"(?:olog(?:y|ist|ical)|ography|iatr(?:y|ics?|ician|ist)|therap(?:y|ies|ist))", re.IGNORECASE
)
_NON_CLINICAL = frozenset(
    """order orders tracking parcel courier delivery ticket job batch lot audit invoice booking
    policy account membership passcode password pin zoom meeting snomed code serial timesheet
    confirmation purchase dvla council tax insurance bill train flight amazon ebay argos ikea
    currys screwfix evri yodel dhl dpd ups parcelforce fedex hermes tnt helpdesk desk smartcard
    printer licence license receipt reservation voucher card repair vaccine vaccines fridge
    phone sim imei gmc nmc hcpc gphc bleep ext extension qof cqc companies company pcn parking
    vat hmrc ofsted charity pension passport visa ucas loan datix incident complaint pals foi
    payroll police crime court claim salary agreement finance student contract staff payslip raf
    service asset tag estates machine equipment device support laptop computer software
    certificate cpd dwp pip benefit benefits transfer supplier suppliers vendor permit interpreter
    interpreters interpreting credit housing outbreak mdu mps mddus pcse defence
    indemnity insurer insurers""".split()
)
_SHARED = frozenset("case record records notes letter result results unit trust sample pt".split())
_CONTEXT_WORD = re.compile(r"[A-Za-z&]+(?:-[A-Za-z]+)*")  # "x-ray" is one word
# Words that label the number after them; the word before the label says whose it is.
_LABELS = frozenset("no nos number num ref reference id is was".split())
# What a ten-digit number shaped like a phone number is, when one of these comes just before it:
# "IT job 0847814880", "order 0937015928", "transfer ref 0158026568".
_REFERENCES = frozenset(
    """order orders tracking parcel courier ticket job batch lot audit invoice booking policy
    account membership confirmation purchase receipt reservation voucher serial transfer
    certificate contract supplier suppliers wholesaler""".split()
)
# Right before a number, these outweigh a "card" or "order" further off.
_PATIENT_PLACES = frozenset(
    """mrn hospital hosp unit patient ward lab a&e chi h&c pas histology accession specimen
    sample outpatient inpatient""".split()
)


def number_in_context(text: str, start: int, end: int, digits: int) -> str | None:
    # At most 300 characters either way, so that a long note stays linear (ten words fit in
    # far less; guard.js counts the same characters, UTF-16 units, for all but emoji).
    line_start = max(text.rfind("\n", 0, start) + 1, start - 300)
    line_end = text.find("\n", end)
    line_end = min(len(text) if line_end < 0 else line_end, end + 300)
    before = _CONTEXT_WORD.findall(text, line_start, start)[-10:]
    if start > line_start and text[start - 1] in "-/":  # "NHS-LT-0044812": part of the code
        before = before[:-1]
    after = _clinic_cards(_without_manner(_CONTEXT_WORD.findall(text, end, line_end)[:5]))
    before = _clinic_cards(_without_manner(before))
    # "ED24-118744", "LAB 26-04418", "ORTHO-55120": a code whose own letters name a clinical
    # place, a service or a specialty is a patient's, whatever card or booking it is written
    # on: "her booking number was MAT-0449183".
    own = _OWN_LETTERS.match(text, start)
    if own is not None and _clinical_code(own.group(0).lower()):
        return "patient_number"
    # A courier's, a shop's or an IT desk's label says whose it is, whatever it is for: "the
    # Royal Mail tracking number for the returned sample was 7045154742".
    if _labelled_not_clinical(before):
        return None
    # A label right before the number outweighs a "card" or "order" nearer to it: "the MRN on
    # the A&E card is M2290018" is a patient's; so does a patient's label earlier in the clause,
    # with no other label after it ("his A&E number was on the card in his wallet, AE/26/00412").
    if {w.lower() for w in before[-3:]} & _PATIENT_PLACES or _patient_label(before):
        return "patient_number"
    # So does what owns the label: "maternity no. M2024/0412", "x-ray number", "pt ref".
    owner = _context_key(_label_owner(before))
    if owner in _NON_CLINICAL:
        return None
    if _clinical(owner):
        return "patient_number"
    if _owned_label(before):  # "Her HOOF reference is HOOF 771204": a person's own
        return "patient_number"
    # Otherwise the nearest word that says anything decides, a word before it first at the same
    # distance: "the courier's tracking number for her hospital letter" is nobody's,
    # "the booking number the midwife gave" a patient's.
    # Words that also name other things' numbers ("repair case", "case ID") say "clinical" only
    # when nothing else speaks.
    nearest = [w for pair in itertools.zip_longest(reversed(before), after) for w in pair if w]
    for word in nearest:
        low = _context_key(word.lower())
        if low in _NON_CLINICAL or word == "IT":  # the IT desk, not "it"
            return None
        if _clinical(low):
            return "patient_number"
    if any(_context_key(w.lower()) in _SHARED for w in nearest):
        return "patient_number"
    return None if digits == 10 else "patient_number"


_OWN_LETTERS = re.compile(r"[A-Za-z]{2,}(?![a-z])")
# A specialty's short name opening its clinic's code: "ORTHO-55120", "GYN-LAP-55201".
_SPECIALTIES = frozenset(
    """orth ortho mat gyn gynae uro ent card cardio derm resp neuro onc haem rheum paed paeds
    obs ophth maxfac gi ugi lgi hf surg dvt gic eip msk""".split()
)


def _clinical(low: str) -> bool:
    """A word that says a number is a patient's: a clinical place or service, or any specialty,
    test or therapy; not one that also names other things' numbers (_SHARED)."""
    if low in _CLINICAL and low not in _SHARED:
        return True
    return _CLINICAL_SUFFIX.search(low) is not None


def _clinical_code(low: str) -> bool:
    """A code's own letters name a clinical place, service or specialty."""
    return low in _SPECIALTIES or _clinical(low)


# The nouns that label a number: "hospital number", "lab no", "MASH reference".
_LABEL_NOUNS = frozenset({"no", "number", "num", "ref", "reference", "id"})


def _last_label(before: list[str], nouns: frozenset[str] = _LABEL_NOUNS) -> int:
    """Where the last of `nouns` is among `before`, after its first word; 0 when none is."""
    for k in range(len(before) - 1, 0, -1):
        if before[k].lower() in nouns:
            return k
    return 0


def _patient_label(before: list[str]) -> bool:
    """The last label among `before` ("<owner> number", "<owner> no") is a patient's."""
    k = _last_label(before, _LABEL_NOUNS - {"reference"})
    return k > 0 and _context_key(before[k - 1].lower()) in _PATIENT_PLACES


def _labelled_not_clinical(before: list[str]) -> bool:
    """The last label noun among `before` ("number", "ref") is a thing's: "tracking number"."""
    k = _last_label(before)
    return k > 0 and _context_key(before[k - 1].lower()) in _NON_CLINICAL


_CAPITALISED = re.compile("[A-Z][a-z]+")


def _owned_label(before: list[str]) -> bool:
    """The last label among `before` is a person's: "her" or "his" before it or before what
    it is of ("her EEG number", "his reference"). A thing's label ("her GMC number") has been
    ruled out before this is asked (_labelled_not_clinical)."""
    k = _last_label(before)
    if any(w.lower() in ("her", "his") for w in before[max(0, k - 2) : k]):
        return True
    # "the SALT reference for Terrence", "their reference for her": a label given for someone.
    owner = before[k + 2] if 0 < k < len(before) - 2 and before[k + 1] == "for" else ""
    return owner.lower() in ("her", "him") or _CAPITALISED.fullmatch(owner) is not None


def _context_key(low: str) -> str:
    """A context word as the lists have it: "admissions", "scans", "orders" in the singular
    ("pass" stays "pass", not "pas")."""
    if low in _CLINICAL or low in _NON_CLINICAL or not low.endswith("s") or low.endswith("ss"):
        return low
    one = low[:-1]
    return one if one in _CLINICAL or one in _NON_CLINICAL else low


def _without_manner(words: list[str]) -> list[str]:
    """Drops the "phone" of "over the phone", "on the phone", "by phone": how a number was given
    ("gave me his hospital number over the phone: 1187734"), not whose it is."""
    kept = []
    for k, word in enumerate(words):
        if word.lower() == "phone" and k > 0:
            prev = words[k - 1].lower()
            if prev == "by" or (prev == "the" and k > 1 and words[k - 2].lower() in ("over", "on")):
                continue
        kept.append(word)
    return kept


# A clinic's card, service or booking carries the patient's number ("ED card", "continence
# service ref", "speech and language therapy service", "antenatal booking number"), a bank's, a
# shop's or a train's does not: after a clinical word or a specialty's, these say nothing of
# their own.
_OWNED = frozenset({"card", "service", "services", "booking"})


def _clinic_cards(words: list[str]) -> list[str]:
    """Drops each word of _OWNED that follows a clinical word ("ED card", "ED case card")."""
    kept: list[str] = []
    for k, word in enumerate(words):
        owners = [o.lower() for o in words[max(k - 2, 0) : k]]
        if word.lower() in _OWNED and any(
            (_context_key(o) in _CLINICAL and o not in _SHARED) or _CLINICAL_SUFFIX.search(o)
            for o in owners
        ):
            continue
        kept.append(word)
    return kept


def _label_owner(before: list[str]) -> str:
    """The word before the label words that end `before` ("maternity" in "maternity no."),
    lower-cased, or "" when no label ends it."""
    k = len(before)
    while k > 0 and before[k - 1].lower() in _LABELS:
        k -= 1
    return before[k - 1].lower() if 0 < k < len(before) else ""


def _words_before(text: str, start: int, reach: int) -> list[str]:
    """The words before `start` on its line, within `reach` characters, in lower case."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - reach)
    return [w.lower() for w in _CONTEXT_WORD.findall(text, line_start, start)]


def reference_before(text: str, start: int) -> bool:
    """One of the six words before `start` says the number is an order's, a job's or an
    account's ("IT job 0847814880", "tracking number 1Z 999 AA1 01 2345 6784")."""
    return any(w in _REFERENCES for w in _words_before(text, start, 60)[-6:])


# A line for anyone who rings, nobody's own number, when one of these is among the six words
# before it and no word after it says whose: "switchboard 0113 392 6000", "the practice bypass
# is", "the advice line on", "the surgery's main number", "the coroner's office line"; but "the
# helpline gave me her mobile, 07700 900123" is hers.
_SERVICE_LINES = frozenset(
    "switchboard switchboards bypass helpline helplines helpdesk dial-in".split()
)
_SERVICE_PAIRS = frozenset(
    {("advice", "line"), ("help", "line"), ("help", "desk"), ("service", "desk"), ("main", "line"),
     ("main", "number"), ("office", "line"), ("office", "number"), ("general", "line"),
     ("support", "desk"), ("support", "line")}
)  # fmt: skip
_WHOSE = frozenset(
    """her his their my mum dad patient mobile own personal son daughter wife husband him
    me s""".split()
)


def service_line_before(text: str, start: int) -> bool:
    """The number at `start` is a switchboard's, a helpline's or a service desk's."""
    words = _words_before(text, start, 60)[-6:]
    cues = [
        k
        for k, w in enumerate(words)
        if w in _SERVICE_LINES or (k > 0 and (words[k - 1], w) in _SERVICE_PAIRS)
    ]
    return bool(cues) and not any(w in _WHOSE for w in words[cues[-1] + 1 :])


# A year of the last century, in a date: a birthday's, not an event's of the writer's work.
_OLD_YEAR = re.compile(r"(?<![0-9])19[0-9]{2}(?![0-9])")
# The day of something else, when one of these is among the five words before a date and no
# birth or death is: an exam, a panel, an expiry, a submission ("passed the AKT on 23 April 2026",
# "expiry 31/03/2026", "software build 2024.11.03").
_EVENTS = frozenset(
    """expiry expires expired exp deadline submitted passed failed sat panel meeting exam akt
    arcp csa booked scheduled interview conference build appointment appt course ends starts
    began begins falls unveiled given vaccinated administered holiday leave session teaching
    training rota signed closes closed opens opened eve met happened occurred dated started
    inspected inspection inspections reviewed arrived discussion discussed""".split()
)
# A weekday right before a date makes it a diary's day ("on Tuesday 7 November 2023"): a date of
# birth is not written with one.
_WEEKDAYS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun""".split()
)
# A birth or a death is a person's day: "passed away on 3 March 2024", "delivered on 15/05/2024"
# (the baby's birth).
_BIRTH = frozenset(
    """born dob birth birthday b away died death dod deceased delivered""".split()
)


# A day that ends a range is no one's birthday: "14-16 November 2025", "3rd to 5th May 2026".
_RANGE_BEFORE = re.compile(r"[ \t(][0-9]{1,2}(?:st|nd|rd|th)?[ \t]*(?:-|\u2013|to|&)[ \t]*$")
# Nor are the days "from" one "to" or "until" another: "from 1 April 2023 to 31 March 2024" (a
# life's dates have no "from": "11/03/1927 to 03/02/2025").
_RANGE_START = re.compile(r"[ \t]+(?:to|until|till)[ \t]+[0-9]{1,2}(?![0-9])")
_RANGE_END = re.compile(
    r"(?<![A-Za-z])from[ \t]+[0-9][^.;!?\n]{0,25}?(?<![0-9])[0-9]{1,4}"
    r"[ \t]+(?:to|until|till)[ \t]+$"
)
# A time of day right before a date ("logged at 07:45 on 27/01/2025") or right after it
# ("14/05/2024 at 10:30") is an event's or an appointment's.
_TIME_BEFORE = re.compile(
    r"(?<![0-9])[0-9]{1,2}(?:[:.][0-9]{2}|[ \t]?[ap]m)[ \t]+on[ \t]+$", re.IGNORECASE
)
_TIME_AFTER = re.compile(
    r",?[ \t]+(?:at[ \t]+)?[0-9]{1,2}(?:[:.][0-9]{2}|[ \t]?[ap]m)(?![0-9])", re.IGNORECASE
)


def _life_label(words: list[str]) -> bool:
    """A record's label among `words`: "Date of death given by the police as 19-01-2024" is a
    death's day, whatever event words came between; and "she passed on 2nd January 2024"."""
    if words[-2:] == ["passed", "on"]:
        return True
    return any(w in ("dob", "dod") for w in words) or any(
        words[k : k + 3] in (["date", "of", "birth"], ["date", "of", "death"])
        for k in range(len(words) - 2)
    )


def event_date(text: str, start: int, end: int) -> bool:
    """The words around the date at `start` make it an event's day, not anyone's birthday."""
    before = _words_before(text, start, 60)
    words = set(before[-5:])
    if words & _BIRTH or _life_label(before[-10:]):
        return False
    # A day of the last century is someone's birthday, not a day of the writer's work ("a best
    # interests meeting for Mr Mahmood, 21/09/1942"), unless an event's word is right before it
    # ("the practice opened on 1 April 1988").
    if _OLD_YEAR.search(text, start, end) and not set(before[-2:]) & _EVENTS:
        return False
    if _RANGE_BEFORE.search((" " if start <= 16 else "") + text[max(0, start - 16) : start]):
        return True
    if before and before[-1] == "from" and _RANGE_START.match(text, end):
        return True
    if _RANGE_END.search(text[max(0, start - 40) : start]):
        return True
    if words & _EVENTS or _TIME_AFTER.match(text[end : end + 20]):
        return True
    if _TIME_BEFORE.search(text[max(0, start - 20) : start]):
        return True
    return bool(before) and before[-1] in _WEEKDAYS and text[start - 1] in " \t,"


_PATIENT_LABEL = frozenset({"mrn", "chi", "h&c", "pas"})
_PATIENT_LABEL_OWNER = frozenset(
    {"hospital", "hosp", "unit", "patient", "case", "record", "mrn", "chi"}  # "his CHI number is"
)
_NUMBER_WORD = frozenset({"no", "number", "num", "id"})


def _label_words(text: str, start: int) -> list[str]:
    """The last three words before `start` on its line, in lower case, less "is" and "was"
    ("her CHI is 0101011234")."""
    return [w for w in _words_before(text, start, 40)[-3:] if w not in ("is", "was")]


def labelled_patient(text: str, start: int) -> bool:
    """The words right before `start` label a patient's number ("hospital number", "MRN"), so
    a number shaped like a phone number is that instead."""
    last = _label_words(text, start)[-2:]
    if last and last[-1] in _PATIENT_LABEL:
        return True
    return len(last) == 2 and last[1] in _NUMBER_WORD and last[0] in _PATIENT_LABEL_OWNER


# Scotland's CHI and Northern Ireland's H&C numbers pass the NHS number's check: called so, they
# are reported as what they are called ("his CHI is 0101011234"), a patient number.
_OTHER_NATIONS = frozenset({"chi", "h&c"})


def other_nation_label(text: str, start: int) -> bool:
    """The words right before `start` call the number a CHI or an H&C number."""
    last = [w for w in _label_words(text, start) if w not in _NUMBER_WORD]
    return bool(last) and last[-1] in _OTHER_NATIONS


# ---------------------------------------------------------------------------------------------
# The shapes of numbers, for guard.py's validators: NHS check digits, days of months, and what
# makes a run of letters and digits a code (the twins of guard.js's `checks`).

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for the first nine digits of an NHS number, or None if no
    check digit exists for them (the remainder gives 10), which makes every such number invalid.
    """
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(digits: str) -> bool:
    """True if `digits` is exactly ten ASCII digits whose last digit is the modulus-11 check."""
    if len(digits) != 10 or not all("0" <= d <= "9" for d in digits):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def valid_day(day: str, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= int(day) <= _DAYS_IN_MONTH[month - 1]


_DIGIT_RUN = re.compile(r"[0-9]{3}")
_DIGIT_BY_DIGIT = re.compile(r"(?:[0-9] ){5}[0-9]")
_YEAR_ALONE = re.compile(r"(?:19|20)[0-9]{2}(?:[-/](?:19|20)?[0-9]{2})?")


def capitals_code(g: list[str | None]) -> str | None:
    return "patient_number" if sum(c in "0123456789" for c in g[0] or "") >= 5 else None


def labelled_code(g: list[str | None]) -> str | None:
    # A code has a run of three digits somewhere; "ref range 3.5-5.3" is a range, not a code.
    code = g[1] or ""
    digits = sum(c in "0123456789" for c in code)
    run = _DIGIT_RUN.search(code) or _DIGIT_BY_DIGIT.search(code)  # or "2 2 4 1 9 7 6", read out
    code = re.sub(r"^[a-z]{1,2} ", "", code)  # "and a 1987 kettle": "a", then a year
    if _YEAR_ALONE.fullmatch(code):  # "the case in 2019", "the numbers, 2019-2024"
        return None
    if re.fullmatch(r"[0-9]{4}", code):  # "the crisis team's number is 0800": too short alone
        return None
    # "Samaritans number 116 123": the numbers Europe keeps for helplines.
    if re.fullmatch(r"116[ \t\u00a0]?[0-9]{3}", code):
        return None
    return "patient_number" if 4 <= digits <= 16 and run else None


# Capitals that label a number or are one of its own kind, never a hospital's code.
LABEL_CAPS = (
    r"(?:DOB|NHS|MRN|CHI|PAS|UBRN|TEL|MOB|REF|NO|ID|GMC|YOB|BP|HR|RR|GCS|PIN|FEV|PEF)(?![A-Z])"
)
_DIGIT_GROUP = re.compile(r"[0-9]+")
_YEARISH = re.compile(r"(?:19|20)[0-9]{2}|[0-9]{2}")


def grouped_code(g: list[str | None]) -> str | None:
    """Six digits or more with a group of four ("BP 160/100" has none), or of three after
    letters; not a run of years ("QOF 2024-25"), a date ("12/03/2024"), a phone number
    ("0161-4960123"), a bank card or an NHS number."""
    code = g[0] or ""
    groups = _DIGIT_GROUP.findall(code)
    digits = "".join(groups)
    # A group of four, or of three after a hospital's letters ("D 448 192", "RWE 99 01 447").
    longest = 3 if code[0].isalpha() else 4
    if not 6 <= len(digits) <= 12 or max(len(d) for d in groups) < longest:
        return None  # "6341 8804 1129 4412" is a bank card's
    if all(_YEARISH.fullmatch(d) for d in groups):
        return None
    if len(groups) == 3 and len(groups[1]) <= 2 and valid_day(groups[0], int(groups[1])):
        return None
    if digits.startswith("0") and len(digits) in (10, 11) and code[0].isdigit():
        return None
    if len(digits) == 10 and is_valid_nhs_number(digits):
        return None
    return "patient_number"


# After the findings: what a patient number found takes with it (guard.detect).
_SPACE = r"[ \t\u00a0]"
# What may stand between the numbers of a list: "442917, 448811", "BR 4471290 and BR 4471291".
_LIST_NEXT = re.compile(rf"(?:,{_SPACE}*|{_SPACE}+)(?:(?:and|or|&){_SPACE}+)?")


def _shape(code: str) -> re.Pattern[str]:
    """A pattern for codes written like `code`: the same letters' places, digits' and marks."""
    parts = (
        "[A-Z]" if "A" <= c <= "Z" else "[a-z]" if "a" <= c <= "z" else "[0-9]" if "0" <= c <= "9"
        else re.escape(c)
        for c in code
    )
    return re.compile("".join(parts) + "(?![0-9A-Za-z])")


def list_mates(text: str, kept: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "old hospital numbers: 442917, 448811, R771092": a code written as a patient number
    just found is, next to it in a list, one too."""
    mates = []
    for kind, start, end in kept:
        if kind != "patient_number":
            continue
        shape = _shape(text[start:end])
        while (joint := _LIST_NEXT.match(text, end)) and (m := shape.match(text, joint.end())):
            mates.append((kind, m.start(), m.end()))
            start, end = m.start(), m.end()
    return mates


# A hospital's or a system's capitals before a number found without them ("UHW 26D-4471",
# "RiO 1180442", "A&E 24/118392"), and a check letter after it ("RTH 0093847 K").
_CODE_HEAD = re.compile(
    rf"(?<![A-Za-z0-9&])(?!{LABEL_CAPS}|NO(?![A-Z]))[A-Z][A-Z&]{{1,4}}(?:{_SPACE}|-)\Z"
)
_CODE_TAIL = re.compile(rf"{_SPACE}[B-HJ-Z](?![A-Za-z0-9+])")


# The weekday a date of birth or death is written with: "died Sunday 19 January 2025".
_WEEKDAY_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?:mon|tues|wednes|thurs|fri|satur|sun)day,?{_SPACE}{{1,3}}\Z",
    re.ASCII | re.IGNORECASE,
)


def whole_date(text: str, start: int, end: int, kept: list[tuple[str, int, int]]) -> int:
    """Where a date found starts with the weekday written before it ("Tuesday 6 October
    2026"); never over another finding. Sixteen characters hold "Wednesday, " and what is
    before it, as guard.js looks."""
    since = max(0, start - 16)
    head = _WEEKDAY_BEFORE.search(text[since:start])
    if head is None:
        return start
    new_start = since + head.start()
    if any(s < start and new_start < e for _, s, e in kept):
        return start
    return new_start


def whole_code(
    text: str, start: int, end: int, kept: list[tuple[str, int, int]]
) -> tuple[int, int]:
    """A patient number's span with what is part of how it is written around it: the "#" of
    "ID #4418827", a system's capitals before it ("A&E 24/118392"), a check letter after it
    ("RTH 0093847 K"); never over another finding."""
    if start and text[start - 1] == "#":
        return start - 1, end
    head = _CODE_HEAD.search(text, max(0, start - 8), start)
    tail = _CODE_TAIL.match(text, end)
    new_start = head.start() if head else start
    new_end = tail.end() if tail else end
    if any(s < new_end and new_start < e and (s, e) != (start, end) for _, s, e in kept):
        return start, end
    return new_start, new_end
