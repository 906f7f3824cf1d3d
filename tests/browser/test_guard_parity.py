"""web/guard.js in a real Chromium finds exactly what server/guard.py finds, text for text."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import pytest
from playwright.async_api import Browser, Page, Route

from bench.guard_report import (
    JS_DETECT,
    ROOT,
    load_identifiers,
    load_independent,
    load_ordinary,
    python_spans,
)
from server.guard import DEFAULT_TERMS, KINDS, nhs_check_digit, reflect_language, reflection_prompt
from tests.browser.conftest import ServerProcess

pytestmark = pytest.mark.browser

CASES: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "vectors" / "guard" / "cases.json").read_text(encoding="utf-8")
)

# Pieces of identifiers, near-misses, separators and characters the two engines could disagree
# on (no-break space, tab, Arabic-Indic digits, an emoji outside the BMP, Latin letters beyond
# ASCII), glued at random: far more edges per sentence than prose has.
FRAGMENTS = [
    "Mr", "Mrs", "MS", "Dr.", "Miss", "Smith", "O'Brien", "van", "der", "JANE", "SMITH", "J",
    "DOB", "born", "in", "on", "1957", "03/04/1961", "3rd", "March", "Mar", "may", "57", "31",
    "943", "476", "5919", "5918", "07700", "900123", "+44", "(0)", "(020)", "7946", "0958",
    "SW1A", "1AA", "b12", "2nd", "8TH", "B33", "@", "nhs.net", "jane.smith", "MRN", "K123456",
    "1234567", "\u00a3", "%", "mg", "a lady called", "Doris", "her name was", "heartsink",
    "heart-sink", "crocks", "Frequent Flyer", "\U0001f642", "\u0669\u0664\u0663", "\u00e9",
    "\u0141ukasz", "\u00d3", "-", "/", ".", ",", ":", "'",
    # Names without titles and the words around them (server/guard_names.py).
    "Aisha", "Okafor", "Chloe", "karen", "Grace", "May", "Will", "her daughter", "call him",
    "'s", "husband", "and", "with", "said", "told", "is", "Sue Ryder", "Parkinson's", "the",
    "Christie", "Road", "J.", "de la", "Hyun-woo", "Jo-Anne", "Nan", "Queen", "disease",
    # Numbers in context.
    "order", "tracking", "hospital", "lab ref", "IT", "ticket", "1234567890", "23/H/004512",
    "FC-21774", "W12  0HS", "dob", "12th", "Jan", "63", "jane.o'reilly@example.com",
    # The rules of 2026-12-06's second round: determiners, counts, pets, appositives, cities,
    # medical words, codes with their capitals and check letters, numbers read out.
    "tram", "10", "mins", "by phone", "a dog called", "Ozzy", "Frank,", "our", "director,",
    "Adelaide", "Sofia", "Fibromyalgia", "angina", "UHW", "A&E", "K", "#", "tracking number",
    "4,", "zero,", "faith", "didnt", "rob", "we", "edna", "shufflebottom", "VISITS:", "ODUYA,",
    "Helman's", "folk", "model", "by James Reason", "West", "Yorkshire", "st", "georges",
    "pro rata",
    # The third round's: dates with weekdays, times and ranges; word-names with an age, "and I",
    # roles between commas; authors cited; towns listed with places; prefixes, run-together words.
    "Tuesday", "7 November 2023", "14-16", "at 10:30", "dated", "aged nine,", "9 weeks,",
    "Rose", "AND", "I", "another", "trainee,", "Kwame's", "et al", "wrote about", "talks about",
    "developed by", "Baile", "and", "Buckman", "Arthur Frank's", "The", "In", "Cairo,", "Dundee",
    "Paisley", "rehoused", "GamCare", "MacLeod", "St George's", "cath", "came back", "normal",
    "ran out", "Durga Puja", "resident ID", "RES/0882", "supplier's", "co-leaders",
]
SEPARATORS = ["", " ", " ", " ", "\u00a0", "\t", "\n", "-"]


def random_texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12))]
        texts.append("".join(p + rng.choice(SEPARATORS) for p in parts))
    return texts


@pytest.fixture
def guard_page(static_page: Page) -> Page:
    """A page on the real app's origin (tests/browser/conftest.py)."""
    return static_page


# ------------------------------------------------------------------------------------------------


async def js_detect(page: Page, texts: list[str]) -> list[list[tuple[str, int, int]]]:
    raw = await page.evaluate(JS_DETECT, texts)
    return [[(k, s, e) for k, s, e in spans] for spans in raw]


def disagreements(
    texts: list[str], want: list[list[tuple[str, int, int]]], got: list[list[tuple[str, int, int]]]
) -> list[str]:
    # Only the first few, and as repr, so a failure shows the invisible characters that caused it.
    pairs = zip(texts, want, got, strict=True)
    return [f"{t!r}: python={w} js={g}" for t, w, g in pairs if w != g][:5]


async def test_cases_match_the_shared_vectors_in_the_browser(guard_page: Page) -> None:
    """Every hand-written case gives its exact findings in Chromium too."""
    texts = [c["text"] for c in CASES]
    want = [[(f["kind"], f["start"], f["end"]) for f in c["findings"]] for c in CASES]
    got = await js_detect(guard_page, texts)
    assert disagreements(texts, want, got) == []


async def test_both_corpora_give_identical_findings(guard_page: Page) -> None:
    """Every ordinary and identifier sentence gives the same findings in both detectors, and so
    does every sentence of every independent corpus, both halves: agreeing is no tuning, and
    the corpus scored after us is judged on both detectors alike."""
    independent = [
        item["text"]
        for folder in sorted((ROOT / "tests" / "vectors" / "guard").glob("independent*"))
        for part in ("tune", "heldout")
        for item in load_independent(part, folder) or []
    ]
    texts = [*load_ordinary(), *(item["text"] for item in load_identifiers()), *independent]
    assert len(independent) > 7000
    # Python in a thread while Chromium works: two processes on two cores, half the wait.
    python = asyncio.ensure_future(asyncio.to_thread(python_spans, texts))
    got = await js_detect(guard_page, texts)
    assert disagreements(texts, await python, got) == []


async def test_random_edges_give_identical_findings(guard_page: Page) -> None:
    """Thousands of random fragment mixes, emoji included, agree after offset conversion."""
    texts = random_texts(3000)
    got = await js_detect(guard_page, texts)
    assert disagreements(texts, python_spans(texts), got) == []


# Terms as a facilitator might type them: spread over lines, or with characters that a naive
# string replacement would read as patterns.
PROMPTED = ["heartsink", "frequent flyer", "frequent\n  flyer", "$& {term} $1"]


async def test_labels_check_digits_and_term_lists_match(guard_page: Page) -> None:
    """The shared constants and the checksum agree, so the two modules cannot drift quietly."""
    rng = random.Random(11)
    nines = [f"{rng.randrange(10**9):09d}" for _ in range(2000)]
    js = await guard_page.evaluate(
        """async ([nines, prompted]) => {
          const m = await import('/static/guard.js');
          return {
            kinds: Object.entries(m.KINDS),
            terms: [...m.DEFAULT_TERMS],
            checks: nines.map((n) => m.nhsCheckDigit(n)),
            prompts: prompted.map((t) => m.reflectionPrompt(t)),
          };
        }""",
        [nines, PROMPTED],
    )
    assert [tuple(kv) for kv in js["kinds"]] == list(KINDS.items())
    assert js["terms"] == list(DEFAULT_TERMS)
    assert js["checks"] == [nhs_check_digit(n) for n in nines]
    assert js["prompts"] == [reflection_prompt(t) for t in PROMPTED]


async def test_language_reflection_matches(guard_page: Page) -> None:
    """Stigmatising labels, defaults and literal extra terms, are found identically."""
    extra = ["worried well", "a.b", "noncompliant)", "Hypocondr\u00edaco", "  "]
    texts = [
        *random_texts(500, seed=3),
        "Honestly a Heartsink, a real frequent flyer. TIME-WASTERS! the crockery",
        "a.b axb worried \u00a0 well (noncompliant) HYPOCONDR\u00cdACO \U0001f642 heartsink",
        "My heart sinks when I see her name.",
    ]
    got = await guard_page.evaluate(
        """async ([texts, extra]) => {
          const m = await import('/static/guard.js');
          const cp = (t, i) => Array.from(t.slice(0, i)).length;
          return texts.map((t) =>
            m.reflectLanguage(t, extra).map((r) => [r.term, cp(t, r.start), cp(t, r.end)]));
        }""",
        [texts, extra],
    )
    want = [[[r.term, r.start, r.end] for r in reflect_language(t, extra)] for t in texts]
    mismatched = [t for t, w, g in zip(texts, want, got, strict=True) if w != g][:5]
    assert mismatched == []
    assert any(want)  # the vectors really exercise the matcher


async def test_without_its_name_data_the_guard_still_finds_identifiers(
    chromium: Browser, live_server: ServerProcess
) -> None:
    """The name lists fail to arrive: the app still starts, and the guard still finds an NHS
    number and a titled name, only no names in running text (guard.js fetches the data itself
    while guard_names.js loads)."""
    context = await chromium.new_context()
    try:
        page = await context.new_page()

        async def refuse(route: Route) -> None:
            await route.fulfill(status=404, body="")

        await page.route("**/static/guard_names.json", refuse)
        await page.goto(live_server.url + "/#/sign-in")
        found = await page.evaluate(JS_DETECT, ["Priya rang about Mrs Kaur, NHS 943 476 5919"])
        assert [kind for kind, _, _ in found[0]] == ["name", "nhs_number"]  # "Mrs Kaur" only
    finally:
        await context.close()


async def test_the_packed_lists_answer_as_pythons_sets(guard_page: Page) -> None:
    """The browser searches the front-coded lists in place; Python unpacks them to frozensets.
    Every listed word, and every near miss of one, gets the same answer from both."""
    from server.guard_lists import LISTS

    rng = random.Random(11)
    probes: dict[str, list[str]] = {}
    for name in ("first", "surname", "words", "proper"):
        words = sorted(getattr(LISTS, name))
        near = [w + "s" for w in rng.sample(words, 3000)]
        near += [w[:-1] for w in rng.sample(words, 3000)]
        near += ["", "a", "zzzzzz", "Anne", "ann e", "\u00e9a", "\U0001f642", words[0], words[-1]]
        probes[name] = words + near
    got = await guard_page.evaluate(
        """async (probes) => {
          const g = await import('/static/guard.js');
          await g.ready;
          const m = await import('/static/guard_names.js');
          return Object.fromEntries(Object.entries(probes).map(
            ([list, keys]) => [list, keys.filter((k) => m.listed(list, k))]));
        }""",
        probes,
    )
    for name, keys in probes.items():
        want = [k for k in keys if k in getattr(LISTS, name)]
        assert got[name] == want, name


def brand_texts(brands: list[str], seed: int = 5) -> list[str]:
    """Every brand in text as people type it, and its near misses: any case, glued to letters,
    digits or other brands, cut short, with an accent or a letter that only looks like ASCII."""
    rng = random.Random(seed)
    lookalikes = ["\u0130", "\u017f", "\u212a", "\u00e9", "\u00dc", "\u2019", "'"]
    edges = ["", " ", "a", "Z", "1", ".", "-", "'", "\u00e9", "\u00a0", "Dr ", "Mr. ", "x "]

    def cased(text: str) -> str:
        return "".join(c.upper() if rng.random() < 0.3 else c for c in text)

    texts = []
    for brand in brands:
        cut = brand[: rng.randrange(1, len(brand))] if len(brand) > 1 else brand
        at = rng.randrange(len(brand))
        bent = brand[:at] + rng.choice(lookalikes) + brand[at + 1 :]
        other = rng.choice(brands)
        for variant in (brand, cut, bent, brand + other, brand + " " + other, brand.title()):
            texts.append(rng.choice(edges) + cased(variant) + rng.choice(edges) + " Smith")
    return texts


async def test_brands_are_found_where_pythons_pattern_finds_them(guard_page: Page) -> None:
    """The browser finds brands by a lookup of their first letter, Python by one alternation of
    them all: the same places for every brand, in any case, and for its near misses."""
    from server.guard_lists import brand_spans

    data = json.loads((ROOT / "web" / "guard_names.json").read_text(encoding="utf-8"))
    texts = brand_texts([b for b in data["brands"].split("|") if b])
    assert len(texts) > 3000
    got = await guard_page.evaluate(
        """async (texts) => {
          const g = await import('/static/guard.js');
          await g.ready;
          const m = await import('/static/guard_names.js');
          return texts.map((t) => m.brandSpans(t));
        }""",
        texts,
    )
    want = [[list(span) for span in brand_spans(t)] for t in texts]
    wrong = [(t, w, g) for t, w, g in zip(texts, want, got, strict=True) if w != g]
    assert wrong[:5] == []
    assert sum(bool(w) for w in want) > len(texts) // 5  # and many a brand to find
