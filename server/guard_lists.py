"""The confidentiality guard's name data, read from web/guard_names.json, and the questions
server/guard_names.py asks of it: is this a first name, a surname, a common word, a word that is
never a name, a shop or a place of more than one word. web/guard_names.js asks the same of the
same file (its `LISTS`, `isFirst`, `fold`...); keep the two in step.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

CHECKOUT_WEB = Path(__file__).resolve().parent.parent / "web"

# Keep these byte-for-byte equal to web/guard_names.js.
LETTER = r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"
# A word starts after no letter, nor after a letter and an apostrophe ("O'Brien", "don't" are one
# word each); after a quotation's opening apostrophe it does ("'Marj'", "'Len Curtis'").
TOKEN = re.compile(
    rf"(?<![0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff])"
    rf"(?<![0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]['\u2019]){LETTER}+"
    rf"(?:['\u2019\-]{LETTER}+)*"
)
_DRAWN_OUT = re.compile(r"([a-z])\1{2,}")  # a letter three times or more: "youuu"
APOSTROPHES = re.compile(r"['\u2019]")


class _Lists:
    """The data file's lists, read on first use: the server imports guard.py for its term
    list and never looks for names, so an installed server without web/ still starts."""

    first: frozenset[str]
    surname: frozenset[str]
    words: frozenset[str]
    uninflected: frozenset[str]
    proper: frozenset[str]
    more_words: frozenset[str]
    not_names: frozenset[str]
    kin: frozenset[str]
    strong: frozenset[str]
    weak: frozenset[str]
    kin_after: frozenset[str]
    eponym_after: frozenset[str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    names_despite: frozenset[str]
    person_before: frozenset[str]
    person_verbs: frozenset[str]
    person_verbs_strong: frozenset[str]
    not_lower: frozenset[str]
    drug_before: frozenset[str]
    towns: frozenset[str]
    unknown_before: frozenset[str]
    brands: re.Pattern[str] | None
    places: frozenset[str]
    place_words: int

    def __getattr__(self, name: str) -> object:  # only while the lists are not yet read
        self._read(json.loads(data_path().read_text(encoding="utf-8")))
        return object.__getattribute__(self, name)

    def _read(self, data: dict[str, str]) -> None:
        def words(key: str) -> frozenset[str]:
            return frozenset(data[key].split())

        # The long lists are front-coded (bench/make_guard_names.py); the browser searches them
        # packed, here they are unpacked once: the same words, the same answers.
        for key in ("first", "surname", "words", "proper", "more_words"):
            setattr(self, key, unpacked(data[key]))
        for attr, key in (
            ("not_names", "not_names"), ("kin", "kin"), ("strong", "strong_before"),
            ("weak", "weak_before"), ("kin_after", "kin_after"),
            ("eponym_after", "eponym_after"), ("not_after", "not_after"),
            ("not_before", "not_before"), ("names_despite", "names_despite"),
            ("person_before", "person_before"), ("person_verbs", "person_verbs"),
            ("person_verbs_strong", "person_verbs_strong"), ("not_lower", "not_lower"),
            ("drug_before", "drug_before"), ("unknown_before", "unknown_before"),
            ("towns", "towns"), ("uninflected", "uninflected"),
        ):  # fmt: skip
            setattr(self, attr, words(key))
        # "hong kong", "milton keynes": places of more than one word, matched token by token.
        self.places = frozenset(p for p in data["places"].split("|") if p)
        self.place_words = max((p.count(" ") + 1 for p in self.places), default=0)
        # Shops, charities and hospitals named after people ("Sue Ryder", "Marks and Spencer"):
        # a name inside one is nobody. ASCII-only and case-insensitive, as the data spells them.
        # The browser finds the same places by a lookup of each brand's first letter, not this
        # pattern, which V8 was slow to compile (guard_names.js's brandIndex).
        brands = [b for b in data["brands"].split("|") if b]
        self.brands = (
            re.compile(
                "(?<![A-Za-z])(?:" + "|".join(re.escape(b) for b in brands) + ")(?![A-Za-z])",
                re.ASCII | re.IGNORECASE,
            )
            if brands
            else None
        )


_PACKED_WORD = re.compile("([A-Z]?)([a-z]+)")


def unpacked(text: str) -> frozenset[str]:
    """The words of a front-coded list: space-separated buckets, each a word in full, then words
    as a capital (how many letters they share with the word before: A none, B one...) and the
    rest. A plain space-joined list is one too (every word its own bucket)."""
    found: set[str] = set()
    for bucket in text.split():
        before = ""
        for shared, rest in _PACKED_WORD.findall(bucket):
            before = before[: ord(shared) - ord("A")] + rest if shared else rest
            found.add(before)
    return frozenset(found)


def data_path() -> Path:
    """web/guard_names.json, in the checkout or where BALINT_WEB_DIR says the client is."""
    return Path(os.environ.get("BALINT_WEB_DIR") or CHECKOUT_WEB) / "guard_names.json"


LISTS = _Lists()


# Letters that have no accent to take off, as the lists (ASCII) spell them.
_PLAIN = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe",
          "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n"}  # fmt: skip
_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_PLAIN = re.compile("[łøđðþßæœıħŧŋ]")


def fold(key: str) -> str:
    """ "zoltán" -> "zoltan", "małgorzata" -> "malgorzata": the lists' spelling."""
    if key.isascii():
        return key
    bare = _COMBINING.sub("", unicodedata.normalize("NFD", key))
    return _NOT_PLAIN.sub(lambda m: _PLAIN[m.group(0)], bare)


def parts(key: str) -> list[str]:
    return key.split("-")


def is_first(key: str) -> bool:
    return key in LISTS.first or ("-" in key and all(p in LISTS.first for p in parts(key)))


def is_surname(key: str) -> bool:
    return key in LISTS.surname or ("-" in key and any(p in LISTS.surname for p in parts(key)))


def in_words(key: str) -> bool:
    """A common word: stored, or an inflection of one that no name is ("abbeys", but not
    "Barnes"); the data stores no word another's inflection makes (bench/make_guard_names.py).
    A word typed long ("youuu", "sooo") is the word."""
    if key in LISTS.words:
        return True
    if key not in LISTS.uninflected and any(s in LISTS.words for s in stems(key)):
        return True
    short = _DRAWN_OUT.sub(r"\1", key)
    return short != key and short in LISTS.words


def is_word(key: str) -> bool:
    return all(in_words(p) for p in parts(key))


# Endings a word takes, and what its stem then ends in ("referrals", "nebulised"); the data's
# `more_words` are stored without them (bench/make_guard_names.py builds them with stems()).
INFLECTIONS = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
    ("ing", ""), ("ly", ""),
)  # fmt: skip


# How medicine makes its words: conditions ("-itis", "-osis", "-algia", "-aemia", "-pathy",
# "-oma"), procedures ("-ectomy", "-scopy", "-graphy", "-plasty", "-therapy") and the stems of
# drug names ("-pril", "-olol", "-statin", "-mab", "-cillin", "-irole", "-darone", "-thasone",
# "-vir", "-dipine"; vaccines' "-rix": Shingrix, Infanrix). A listed first name or surname that
# ends so ("Ijeoma", "Cronin") is settled as a name before this is asked; the stems are no
# shorter than they are so that fewer such names meet them ("Sharone", "Nakasone", "Caine").
_MEDICAL_ENDING = re.compile(
    r"(?:itis|osis|iasis|ectasis|algia|aemia|emia|uria|penia|cytosis|rrhoea|rrhea|rrhagia|plegia"
    r"|paresis|phagia|pnoea|cardia|pathy|trophy|megaly|lepsy|phobia|ysis|centesis|ectomy|otomy"
    r"|ostomy|plasty|scopy|graphy|gram|metry|opsy|therapy|tension|[a-z]{3}omas?|oids|onin|pril"
    r"|olol|sartan|statin|[a-z]mab|[a-z]nib|cillin|mycin|cycline|floxacin|prazole|tidine"
    r"|azepam|azolam|oxetine|triptyline|apine|idone|parin|xaban|gliptin|gliflozin|formin"
    r"|dronate|triptan|setron|olone|ocort|amide|azine|icine|idine|afil|axis|ites|ism|oedema"
    r"|ampsia|itus|ismus|opause|icaria|laria|[a-z]{5}oin|isation|ization|bility|purinol|tamol|zole"
    r"|irole|[a-z]{3}rix|tasone|thasone|casone|darone|emantine|sonide|lukast|[oua]vir|ivir|profen"
    r"|fenac|dipine|thiazide|semide|barbital|[a-z]{3}caine|peridol|glitazone|glinide|[a-z]{3}terol"
    r"|tropium|oxacin|[a-z]{3}istic"
    # more stems of the WHO's INN stem book and common UK drugs' endings ("cetirizine",
    # "fexofenadine", "doxazosin", "donepezil", "goserelin", "levonorgestrel")
    r"|azosin|fenacin|butynin|begron|imibe|grelor|goxin|butaline|phylline|beverine"
    r"|izine|yzine|histine|atadine|fenadine|phenamine|binafine|ostat|ercept|relin"
    r"|stradiol|gestrel|sterone|renone|etanide|amprosate|sulfiram|pezil|stigmine"
    r"|antamine|clofen|tifen|trolene|theline|oscine|sorbide|randil|bradine|bitril"
    r"|pirocin|betasol|methrin|mectin|athion|acodyl|macrogol|[a-z]{3}vax|[a-z]{4}ema)$"
)


def medical_word(key: str) -> bool:
    """A word medicine made, by its ending: "erythema", "lipomas", "pityriasis"."""
    return _MEDICAL_ENDING.search(key) is not None


# Things made with hyphens: a combination drug ("co-codamol", "co-amoxiclav"), and words joined by
# "the", "in" or "upon", which no one's name holds ("winnie-the-pooh", "jack-in-the-box").
_HYPHEN_THING = re.compile(r"co-[a-z]{4,}|[a-z]+(?:-[a-z]+)*-(?:the|in|upon|on|under|of)-[a-z-]+")


def hyphen_thing(key: str) -> bool:
    return _HYPHEN_THING.fullmatch(key) is not None


# A word made from another by a prefix ("rehoused", "unvaccinated", "overprescribed").
_PREFIX = re.compile(r"(?:re|under|un|pre|over|mis|non)(?=[a-z]{5,}$)")


def is_more_word(key: str) -> bool:
    """A word of the full dictionary that the small one lacks ("angina", "referrals"), one
    medicine made ("fibromyalgia", "mirtazapine") or one a prefix made of a word ("rehoused"):
    a thing when it opens a sentence with a capital, not a name no list has."""
    more = LISTS.more_words
    if key in more or medical_word(key) or hyphen_thing(key):
        return True
    if any(stem in more for stem in stems(key)):
        return True
    prefix = _PREFIX.match(key)
    if prefix is None or is_first(key) or is_surname(key):
        return False
    rest = key[prefix.end() :]
    return is_word(rest) or rest in more or any(s in more or in_words(s) for s in stems(rest))


def stems(key: str) -> Iterator[str]:
    """What `key` may be an inflection of: "referrals" of "referral", "nebulised" of
    "nebulise" or "nebulis"."""
    for end, stem in INFLECTIONS:
        if key.endswith(end) and len(key) > len(end):
            yield key[: -len(end)] + stem


def is_excluded(key: str) -> bool:
    # "Parkinsons", "Aspergers", "Sainsburys": the possessive typed without its apostrophe;
    # not "Frances", a name whatever "France" is.
    return any(
        p in LISTS.not_names
        or (p.endswith("s") and p[:-1] in LISTS.not_names and p not in LISTS.names_despite)
        for p in parts(key)
    )


def titled_thing(span: str) -> bool:
    """ "Dr YouTube", "Dr TikTok": "Dr" before one word that names a thing, no person (a
    surname that is also such a word stays a name: "Dr Bell"; other titles always name one)."""
    words = TOKEN.findall(span)
    if len(words) != 2 or words[0].lower() != "dr":  # "Mrs Crohn" is someone misremembered
        return False
    key = fold(APOSTROPHES.sub("", words[1].lower()))
    return (
        key in LISTS.not_names and key not in LISTS.surname and key not in LISTS.names_despite
    )


def brand_spans(text: str) -> list[tuple[int, int]]:
    """Where shops, charities and hospitals named after people are ("Sue Ryder"), and the
    famous ("Gabor Maté", "Beyoncé": matched without their accents, as the list spells them)."""
    brands = LISTS.brands
    if brands is None:
        return []
    return [
        (m.start(), m.end())
        for m in brands.finditer(_plain_letters(text))
        if not (_TITLED.match(m.group(0)) and _surname_follows(text, m.end()))
    ]


# A famous "Dr Hilary" or "Dr Phil" with a surname after is somebody else, who has one: "Dr
# Hilary Bamforth", "Dr Phil Roberts" ("Dr Who Christmas special" stays the programme).
_TITLED = re.compile(r"(?:dr|mr|mrs|miss|ms|doctor)[ .]", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([A-Z][A-Za-z'\u2019-]*[A-Za-z])")
_POSSESSIVE_END = re.compile(r"['\u2019]s$")


def _surname_follows(text: str, end: int) -> bool:
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    key = fold(APOSTROPHES.sub("", _POSSESSIVE_END.sub("", m.group(1)).lower()))
    if is_excluded(key) or key in LISTS.proper:  # "Christmas", "Boots"
        return False
    return is_surname(key) or not (is_word(key) or is_more_word(key))


def _plain_letters(text: str) -> str:
    """`text` with each letter's accent off where that leaves one letter ("é" -> "e"), so that
    every offset stays where it was."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() or len(plain := fold(c)) != 1 else plain for c in text)
