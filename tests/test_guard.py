"""The confidentiality guard (server/guard.py): shared vectors, checksums and measured quality."""

from __future__ import annotations

import itertools
import json
import re
import runpy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.guard_report import (
    Score,
    load_identifiers,
    load_independent,
    load_ordinary,
    python_spans,
    score,
    score_marked,
)
from server.guard import (
    DEFAULT_TERMS,
    KINDS,
    Finding,
    detect,
    is_valid_nhs_number,
    nhs_check_digit,
    reflect_language,
    reflection_prompt,
)

VECTORS = Path(__file__).parent / "vectors" / "guard"
CASES: list[dict[str, Any]] = json.loads((VECTORS / "cases.json").read_text(encoding="utf-8"))


def spans(findings: list[Finding]) -> list[dict[str, Any]]:
    return [{"kind": f.kind, "start": f.start, "end": f.end} for f in findings]


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_shared_vector(case: dict[str, Any]) -> None:
    """Each hand-written case gives exactly its findings: kinds, offsets, nothing more."""
    assert spans(detect(case["text"])) == case["findings"]


def test_vectors_stay_in_the_basic_multilingual_plane() -> None:
    """Shared offsets mean the same in Python and JavaScript only without astral characters."""
    for case in CASES:
        assert all(ord(c) <= 0xFFFF for c in case["text"]), case["note"]


def test_findings_carry_their_label_and_no_text() -> None:
    """A finding says what it is in words, and holds no copy of what was written."""
    finding = detect("DOB 03/04/1961")[0]
    assert finding == Finding("date", "possible date of birth", 4, 14)
    assert not hasattr(finding, "text")
    assert set(KINDS) == {
        "nhs_number", "patient_number", "date", "postcode", "phone", "email", "name",
    }


@pytest.mark.parametrize(
    ("first_nine", "check"),
    [
        ("943476591", 9),  # the NHS's own published example, 943 476 5919
        ("400000002", 0),  # remainder 0: 11 - 0 = 11, which becomes 0
        ("400000008", None),  # remainder 1: 11 - 1 = 10, so no valid number has these digits
        ("401023213", 7),  # 4*10 + 1*8 + 2*6 + 3*5 + 2*4 + 1*3 + 3*2 = 92 = 8*11 + 4
    ],
)
def test_nhs_check_digit(first_nine: str, check: int | None) -> None:
    """Modulus 11 with weights 10 down to 2, 11 becoming 0 and 10 meaning invalid."""
    assert nhs_check_digit(first_nine) == check


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("9434765918", False),
        ("4000000020", True),
        ("4000000080", False),
        ("943476591", False),
        ("94347659190", False),
        ("943 476 5919", False),
        ("\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669", False),
    ],
)
def test_is_valid_nhs_number(digits: str, valid: bool) -> None:
    """Only ten ASCII digits with the right check digit are an NHS number."""
    assert is_valid_nhs_number(digits) is valid


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_every_check_digit_validates_and_every_other_digit_fails(nine: list[int]) -> None:
    """For nine digits with a check digit, exactly one tenth digit makes a valid number."""
    first = "".join(map(str, nine))
    check = nhs_check_digit(first)
    valid = [d for d in "0123456789" if is_valid_nhs_number(first + d)]
    assert valid == ([] if check is None else [str(check)])


# A small alphabet dense in the characters the patterns care about, so random text hits edges.
EDGY = st.text(
    alphabet=st.sampled_from(list("0123456789 /.-:@+()MrsDOBborn SW1AaEh\u00a0\t\u0669\U0001f642")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(EDGY)
def test_findings_are_sorted_disjoint_and_inside_the_text(text: str) -> None:
    """Whatever is typed, findings are in order, never overlap and point inside the text."""
    findings = detect(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.label == KINDS[f.kind]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(load_ordinary()), st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_a_valid_nhs_number_is_found_after_any_ordinary_sentence(
    sentence: str, nine: list[int]
) -> None:
    """Appending a valid NHS number to an ordinary sentence always yields that finding."""
    first = "".join(map(str, nine))
    check = nhs_check_digit(first)
    if check is None:
        return
    text = f"{sentence} NHS {first[:3]} {first[3:6]} {first[6:]}{check}"
    assert Finding("nhs_number", "NHS number", len(sentence) + 5, len(text)) in detect(text)


# --- measured quality: real properties of the shipped corpora -----------------------------------


@pytest.fixture(scope="module")
def measured() -> Score:
    identifiers, ordinary = load_identifiers(), load_ordinary()
    return score(
        identifiers,
        python_spans([item["text"] for item in identifiers]),
        python_spans(ordinary),
    )


def test_corpora_are_big_enough_to_mean_something() -> None:
    """At least 300 ordinary sentences and at least 200 identifier sentences of each kind."""
    ordinary = load_ordinary()
    assert len(ordinary) >= 300 and len(set(ordinary)) == len(ordinary)
    identifiers = load_identifiers()
    per_kind = {kind: sum(item["kind"] == kind for item in identifiers) for kind in KINDS}
    assert min(per_kind.values()) >= 200, per_kind
    for item in identifiers:
        assert item["text"][item["start"] : item["end"]].strip()


@pytest.mark.parametrize("kind", ["nhs_number", "date", "postcode"])
def test_recall_of_the_strong_identifiers(measured: Score, kind: str) -> None:
    """NHS numbers, dates of birth and postcodes are found in at least 99% of sentences."""
    assert measured.recall(kind) >= 0.99


@pytest.mark.parametrize("kind", ["phone", "email", "name", "patient_number"])
def test_recall_of_the_other_identifiers(measured: Score, kind: str) -> None:
    """The other kinds are found in at least 95% of sentences."""
    assert measured.recall(kind) >= 0.95


def test_false_positive_rate_on_ordinary_reflections(measured: Score) -> None:
    """At most 2% of ordinary reflective sentences raise any finding at all."""
    assert measured.false_positive_rate <= 0.02


# The independent corpus's tune half, once merged (tests/vectors/guard/independent/tune.json):
# the half the detector may be tuned against. The held-out half is reported by
# `make guard-report`, never asserted on here, so that no test pushes anyone to fit it.
TUNE = load_independent("tune")


@pytest.fixture(scope="module")
def measured_tune() -> Score:
    if TUNE is None:
        pytest.skip("the independent corpus is not in this checkout")
    return score_marked(TUNE, python_spans([item["text"] for item in TUNE]))


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "name"])
def test_identifiers_in_the_independent_tune_half(measured_tune: Score, kind: str) -> None:
    """Each identifier kind is found at least 97% of the time in the independent tune half."""
    assert measured_tune.recall(kind) >= 0.97


def test_names_and_false_positives_in_the_independent_tune_half(measured_tune: Score) -> None:
    """Names without titles: at least 93% found, at most 2% of clean sentences flagged."""
    assert measured_tune.recall("name") >= 0.93
    assert measured_tune.false_positive_rate <= 0.02


# The later authors' tune halves (tests/vectors/guard/independent3/ on), as floors against
# regressions; their held-out halves, like the first's, are only ever reported.
LATER_TUNE = {
    folder.name: items
    for folder in sorted(VECTORS.glob("independent*"))
    if folder.name.removeprefix("independent").isdigit()
    and int(folder.name.removeprefix("independent")) >= 3
    if (items := load_independent("tune", folder)) is not None
}


@pytest.mark.parametrize("name", sorted(LATER_TUNE))
def test_later_tune_halves_stay_above_their_floors(name: str) -> None:
    """Names at least 87% found where a corpus has 100 or more (the sixth, written last, was
    88% when it came), every identifier kind with 20 or more spans at least 90%, and at most 3%
    of clean lines flagged (a corpus of traps, more: FALSE_POSITIVE_FLOORS; one scored first
    after the rules were frozen, as it was then: NAME_FLOORS)."""
    items = LATER_TUNE[name]
    measured = score_marked(items, python_spans([item["text"] for item in items]))
    for kind in KINDS:
        if measured.total[kind] >= (100 if kind == "name" else 20):
            floor = NAME_FLOORS.get(name, 0.87) if kind == "name" else KIND_FLOORS.get(name, 0.9)
            assert measured.recall(kind) >= floor, kind
    assert measured.false_positive_rate <= FALSE_POSITIVE_FLOORS.get(name, 0.03)


# The 26th (names typed on phones) was scored only once the rules were frozen: 86.3% of its tune
# half's names were found then, its floor since; the 70th (a training scheme's chat typed on
# phones, first sight at 3746462) 90.2%.
NAME_FLOORS = {"independent26": 0.86, "independent70": 0.90}
# And the 35th (numbers among numbers), scored first at the next freeze: 76% of its tune half's
# patient numbers were found then.
# The 49th (numbers, first sight at 410a99b): 86% of its tune half's patient numbers then.
# The 51st and 52nd (first sight at 1b23cce): 88% and 81% then; the 55th (at 8eae117): 83%.
# The 69th (portfolio entries, references quoted from letters; first sight at 3746462): 86%.
# The 75th (hospital rotation logs, first sight at 9827b15): 87%.
# The 87th (children and families, first sight at 6bb1441): 85%, references quoted from letters;
# the 91st (languages and cultures, first sight at ea975a0): 80%; the 95th (death and
# bereavement: mortuary, post-mortem and clinic references, first sight at bc06622): 77%; at
# 4ed58ca the 98th (learning disability: services' references) 85% and the 99th (group chat) 86%.
# At bd40675: the 100th (work and benefits: employers' and tribunals' references) 86%, the 101st
# (addiction, prison, asylum: prison and Home Office numbers) 86%, the 104th (sport: services'
# references) 80% and the 105th (students: student numbers and services' references) 59%.
# At 7dccc77 the 112th (learning logs: booking, PALS and services' references) 81%.
# At c1773a9 the 159th (children and safeguarding: social care's and UTC references) 81%.
KIND_FLOORS = {
    "independent159": 0.80,
    "independent112": 0.80,
    "independent100": 0.86,
    "independent101": 0.86,
    "independent104": 0.80,
    "independent105": 0.59,
    "independent98": 0.85,
    "independent99": 0.86,
    "independent95": 0.77,
    "independent91": 0.80,
    "independent87": 0.85,
    "independent75": 0.87,
    "independent69": 0.86,
    "independent35": 0.76,
    "independent49": 0.85,
    "independent51": 0.88,
    "independent52": 0.81,
    "independent55": 0.83,
}
# Every clean line of the 28th opens with a trap (a city that is a first name, a footballer, a
# TV series): 8.7% of them were flagged when it came, 4.9% after this round.
# The 39th's clean lines hold team inboxes and a practice's own numbers, which the guard flags
# as it should any email or phone: 4.8% of them when it came.
# The 37th (phone chat, first sight at 82cbe99): 4.0% of its tune half's clean lines then.
# The 49th at first sight: 4.0% of its tune half's clean lines.
# The 52nd (numbers in context, first sight at 1b23cce) counts a switchboard's, a ward's or a
# service desk's number as no one's: 9.6% of its tune half's clean lines were flagged then.
# At the second freeze (8eae117) the 53rd (reflective, its clean lines full of the authors and
# the famous a trainee cites) had 5.9% of its tune half's clean lines flagged, the 55th (service
# lines counted as no one's, as the 52nd's) 8.9%.
# At the round's first freeze (4bb358e) the 58th (home visits and out of hours: helplines,
# hospices and the footballers patients mention) had 4.5%; at the second (0cbc070) the 61st
# (children and families: cartoons, children's books, toys and their characters) 4.4%; at the
# third (9a35f5f) the 62nd (the literature a trainee reads, its authors cited by surname) 7.6%
# and the 64th (doctors who qualified abroad: festivals, the famous, home cities) 7.2%; at the
# fourth (db8d5fc) the 66th (a Balint group's year of notes: the authors it reads, the famous
# its cases mention, words that are names) 5.0%. At the next round's freeze (3746462) the 71st
# (case-based discussions citing the literature of persistent symptoms, its authors by surname)
# had 6.0%; at its second (9827b15) the 74th (a small town: its pubs, shops, saints, films and
# footballers) 3.9%; at its third (7752d0c) the 78th (reflective essays citing the literature on
# stigma, its authors by surname and year) 7.7% and the 79th (doctors who qualified abroad: their
# cities, festivals and foods) 3.9%; at its fourth (fe85365) the 80th (complaints and SEAs: the
# practice's and the services' own numbers) 3.5%, the 81st (death and bereavement: poets, hymns,
# hospices, the famous a family mentions) 8.1%, the 82nd (remote consulting: services' numbers)
# 4.4% and the 83rd (short reflections after a session) 3.6%; at ea975a0 the 89th (care homes)
# 3.5% and the 91st (languages and cultures: languages, peoples, places, surnames spoken of) 6.0%;
# at bc06622 the 92nd (the inbox: surgeries' and services' numbers) 3.1%, the 94th (remote
# consulting: the surgery's own numbers, the famous, dramas) 3.3% and the 95th (end of life:
# poets, funeral directors, hospices, the famous a family mentions) 5.1%; at 4ed58ca the 96th
# (what patients read and watch: the famous by full name, dramas, supplements) 6.3%, the 97th
# (rural and coastal practice: villages, farms, islands, saints, the famous of each place) 14.9%
# and the 98th (learning disability: syndromes, charities, favourite programmes) 3.3%; at bd40675
# the 101st (addiction and prison: drugs' street names, prisons, charities) 3.7%, the 102nd
# (sexual health: clinics, brands, the famous) 5.1%, the 104th (sport: the famous by full name,
# clubs, grounds) 3.3% and the 105th (students: halls, bands, the famous) 4.2%; at 280b867 the
# 106th (persistent symptoms: the literature's authors by surname) 3.2%, the 109th (cancer: the
# famous with cancer, its charities and centres) 5.2% and the 111th (focus-group quotations: the
# authors read, researchers' labels) 3.4%; at 51b3e41 the 120th (end of life: poets, hymns and the
# authors of bereavement) 3.3%.
FALSE_POSITIVE_FLOORS = {
    "independent120": 0.034,
    "independent106": 0.035,
    "independent109": 0.055,
    "independent111": 0.035,
    "independent101": 0.037,
    "independent102": 0.052,
    "independent104": 0.034,
    "independent105": 0.043,
    "independent96": 0.065,
    "independent97": 0.15,
    "independent98": 0.035,
    "independent92": 0.035,
    "independent94": 0.035,
    "independent95": 0.06,
    "independent89": 0.035,
    "independent91": 0.06,
    "independent80": 0.04,
    "independent81": 0.09,
    "independent82": 0.05,
    "independent83": 0.04,
    "independent78": 0.08,
    "independent79": 0.04,
    "independent74": 0.04,
    "independent71": 0.06,
    "independent66": 0.05,
    "independent62": 0.08,
    "independent64": 0.08,
    "independent58": 0.05,
    "independent61": 0.05,
    "independent52": 0.10,
    "independent53": 0.06,
    "independent55": 0.09,
    "independent28": 0.06,
    "independent39": 0.05,
    "independent37": 0.05,
    "independent49": 0.05,
}


def test_identifier_corpus_is_what_the_generator_makes() -> None:
    """The committed corpus is reproducible from its seeded generator."""
    generator = runpy.run_path(str(VECTORS / "make_corpus.py"))
    expected = generator["render"](generator["make"]())
    assert (VECTORS / "corpus_identifiers.json").read_text(encoding="utf-8") == expected


# --- language reflection -----------------------------------------------------------------------


def terms(text: str, extra: list[str] | None = None) -> list[tuple[str, int, int]]:
    return [(r.term, r.start, r.end) for r in reflect_language(text, extra or [])]


def test_default_labels_are_found_case_insensitively_as_written() -> None:
    """Labels are reported as the writer spelled them, wherever they are."""
    text = "Honestly a Heartsink, a real frequent flyer. Another heart-sink. TIME-WASTER!"
    assert terms(text) == [
        ("Heartsink", 11, 20),
        ("frequent flyer", 29, 43),
        ("heart-sink", 53, 63),
        ("TIME-WASTER", 65, 76),
    ]


def test_plurals_count_and_longer_words_do_not() -> None:
    """"Crocks" is the label; "crockery" and "heartsinking" are other words."""
    assert terms("the crocks and the crockery") == [("crocks", 4, 10)]
    assert terms("a heartsinking moment") == []


def test_the_doctors_own_feeling_is_not_a_label() -> None:
    """"My heart sank" is what a Balint group wants said; only the noun is flagged."""
    assert terms("My heart sinks when I see her name; my heart sank.") == []


def test_extra_terms_are_literal_text_never_patterns() -> None:
    """A facilitator's term with regex characters matches only itself and cannot break matching."""
    assert terms("a.b axb", ["a.b"]) == [("a.b", 0, 3)]
    assert terms("(noncompliant) or [x", ["noncompliant)", "[x", "  "]) == [
        ("noncompliant)", 1, 14),
        ("[x", 18, 20),
    ]
    assert terms("worried  well", ["worried well"]) == [("worried  well", 0, 13)]


def test_extra_terms_prefer_the_longest_label() -> None:
    """A short extra term never splits a longer default one."""
    assert terms("a difficult patient", ["difficult"]) == [("difficult patient", 2, 19)]


def test_default_list_is_short_and_lower_case() -> None:
    """The list stays short enough that a prompt is rare enough to be read."""
    assert len(DEFAULT_TERMS) <= 20
    assert all(t == t.lower() and not re.search(r"\s{2}", t) for t in DEFAULT_TERMS)


def test_the_prompt_is_a_question_about_the_patient() -> None:
    """The prompt quotes the word, honours the feeling, asks about the patient, tells nobody off."""
    assert reflection_prompt("heartsink") == (
        "You wrote \u201cheartsink\u201d. Words like this often carry how hard a consultation "
        "has felt, and that is worth bringing to the group. "
        "What might this patient be feeling when they come to see you?"
    )
    # Quoted as one tidy phrase, even if it was split over a line.
    prompt = reflection_prompt("frequent\n  flyer")
    assert prompt.startswith("You wrote \u201cfrequent flyer\u201d.")
    for scold in ("should", "must", "don't", "avoid", "inappropriate", "offensive", "wrong"):
        assert scold not in reflection_prompt("crock").lower()


def test_name_data_holds_the_hand_kept_lists_of_its_builder() -> None:
    """web/guard_names.json is what bench/make_guard_names.py writes: its hand-kept lists (the
    rest needs the builder's downloads) are the builder's, word for word and in its order."""
    root = Path(__file__).parent.parent
    builder = runpy.run_path(str(root / "bench" / "make_guard_names.py"))
    data = json.loads((root / "web" / "guard_names.json").read_text(encoding="utf-8"))
    lists = {
        "not_names": "NOT_NAMES", "kin": "KIN", "strong_before": "STRONG_BEFORE",
        "weak_before": "WEAK_BEFORE", "kin_after": "KIN_AFTER", "eponym_after": "EPONYM_AFTER",
        "not_after": "NOT_AFTER", "not_before": "NOT_BEFORE", "names_despite": "NAMES_DESPITE",
        "drug_before": "DRUG_BEFORE", "person_before": "PERSON_BEFORE",
        "unknown_before": "UNKNOWN_BEFORE", "person_verbs": "PERSON_VERBS",
        "person_verbs_strong": "PERSON_VERBS_STRONG",
    }  # fmt: skip
    for key, name in lists.items():
        assert data[key] == " ".join(sorted(set(builder[name]))), key
    # "not_lower" adds the dictionary's contractions to the builder's list ("ive", "theres").
    not_lower = set(data["not_lower"].split())
    assert set(builder["NOT_LOWER"]) <= not_lower
    assert {"ive", "arent", "theres", "couldnt"} <= not_lower
    dictionary = Path("/usr/share/dict/british-english")  # Debian's wbritish, where it is
    if dictionary.exists():
        words = dictionary.read_text(encoding="utf-8").split()
        assert not_lower == set(builder["NOT_LOWER"]) | builder["contractions"](words)
    brands = {b.strip() for b in builder["BRANDS"] if b.strip()}
    assert data["brands"] == "|".join(sorted(brands, key=builder["_longest_first"]))
    assert data["about"] == builder["ABOUT"]
