"""How good is the confidentiality guard? Recall per kind and false positives, as counts only.

    python bench/guard_report.py            # the Python detector (server/guard.py)
    python bench/guard_report.py --browser  # and web/guard.js in Chromium, plus agreement,
                                            # the name data's size and the browser's load time

Corpora: the project's own (tests/vectors/guard/: identifier sentences and ordinary ones) and,
when present, the independent corpus in tests/vectors/guard/independent/ (written by someone
who had not read the detector): `tune.json`, the half the detector may be tuned against, and
`heldout.json`, the half it never is, reported separately as the held-out figures. A second
author's corpus (independent2/, tuning data only) and every later author's (independent3/ on,
each a tune half and a held-out half again) are scored the same way when present, and the
held-out halves once more pooled.

Recall: an identifier counts as found when a finding of its kind covers all of it. False
positive: a clean sentence with any finding at all. The report prints numbers only, never a
sentence, so its output can be pasted anywhere.

tests/test_guard.py asserts the thresholds on the same measures, from `score` below.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.guard_timing import (  # noqa: E402
    BEFORE,
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMING_RUNS,
    FirstCheck,
    app_load,
    driven_first_check,
    static_app,
    unattended_app_load,
    unattended_first_check,
)
from server.guard import KINDS, detect  # noqa: E402

VECTORS = ROOT / "tests" / "vectors" / "guard"

Span = tuple[str, int, int]  # (kind, start, end), offsets in code points

# Corpora written during a round and kept unread until its rules were frozen (commit in the
# README). Their first sight, both halves, was taken at that commit (the README gives it); their
# tune halves may have been tuned on since (177-180's were not), so here their held-out halves,
# which no rule has seen, are pooled apart. (The 25th to 27th, 33rd to 38th, 44th to 176th were
# sealed to earlier freezes.)
FIRST_SIGHT = frozenset(f"independent{n}" for n in range(177, 181))
# Corpora whose authors were asked for writing as trainees write, not to tempt a detector (their
# READMEs; the others' clean lines were written to tempt one): nearest the outside corpus the
# issue describes, so their held-out halves are pooled apart too.
WITHOUT_TRAPS = frozenset(f"independent{n}" for n in range(121, 181))
SEALED = "SEALED UNTIL THE LAST FREEZE"
NO_TRAPS = "WRITTEN WITHOUT TRAPS"


def load_ordinary() -> list[str]:
    """The ordinary reflective sentences, one per non-blank line."""
    text = (VECTORS / "corpus_ordinary.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def load_identifiers() -> list[dict[str, Any]]:
    """The identifier sentences: {text, kind, start, end} with text[start:end] the identifier."""
    items: list[dict[str, Any]] = json.loads(
        (VECTORS / "corpus_identifiers.json").read_text(encoding="utf-8")
    )
    return items


INDEPENDENT = VECTORS / "independent"
THIRD = VECTORS / "independent3"
NAME_DATA = ROOT / "web" / "guard_names.json"


def load_independent(part: str, folder: Path = INDEPENDENT) -> list[dict[str, Any]] | None:
    """One half of the independent corpus ("tune" or "heldout"): [{text, spans}], or None when
    it is not there. Offsets are code points; a clean line has no spans."""
    path = folder / f"{part}.json"
    if not path.is_file():
        return None
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return items


def python_spans(texts: Sequence[str]) -> list[list[Span]]:
    """The Python detector's findings for each text, as plain (kind, start, end) tuples."""
    return [[(f.kind, f.start, f.end) for f in detect(t)] for t in texts]


@dataclass(frozen=True)
class Score:
    found: dict[str, int]
    total: dict[str, int]
    false_positives: int  # ordinary sentences with any finding
    ordinary: int
    stray: int  # identifier sentences with a finding away from their identifier

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.total[kind] if self.total[kind] else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.ordinary if self.ordinary else 0.0


def score(
    identifiers: Sequence[dict[str, Any]],
    identifier_spans: Sequence[list[Span]],
    ordinary_spans: Sequence[list[Span]],
) -> Score:
    """Measure one detector's findings against the two corpora (same order as loaded)."""
    found = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    stray = 0
    for item, spans in zip(identifiers, identifier_spans, strict=True):
        kind, start, end = item["kind"], item["start"], item["end"]
        total[kind] += 1
        found[kind] += any(k == kind and s <= start and e >= end for k, s, e in spans)
        stray += any(e <= start or s >= end for _, s, e in spans)
    false_positives = sum(1 for spans in ordinary_spans if spans)
    return Score(found, total, false_positives, len(ordinary_spans), stray)


def score_marked(items: Sequence[dict[str, Any]], spans: Sequence[list[Span]]) -> Score:
    """Measure findings against sentences with marked spans (the independent corpus): each
    marked identifier is one to find; a line without marks is one clean sentence."""
    found = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    false_positives = clean = stray = 0
    for item, got in zip(items, spans, strict=True):
        marks = item["spans"]
        if not marks:
            clean += 1
            false_positives += bool(got)
            continue
        for mark in marks:
            kind, start, end = mark["kind"], mark["start"], mark["end"]
            total[kind] += 1
            found[kind] += any(k == kind and s <= start and e >= end for k, s, e in got)
        stray += any(
            all(e <= m["start"] or s >= m["end"] for m in marks) for _, s, e in got
        )
    return Score(found, total, false_positives, clean, stray)


def later_corpora(third: Path) -> list[Path]:
    """independent3/ (or the folder given) and every independentN/ after it, in order."""
    folders = [
        folder
        for folder in VECTORS.glob("independent*")
        if folder.name.removeprefix("independent").isdigit()
        and int(folder.name.removeprefix("independent")) >= 4
    ]
    return [third, *sorted(folders, key=lambda f: int(f.name.removeprefix("independent")))]


def table(name: str, result: Score) -> str:
    rows = [f"{name}", f"  {'kind':<16}{'found/total':>13}{'recall':>9}"]
    for kind in KINDS:
        ratio = f"{result.found[kind]}/{result.total[kind]}"
        rows.append(f"  {kind:<16}{ratio:>13}{result.recall(kind):>9.1%}")
    rows.append(
        f"  false positives on clean sentences: {result.false_positives}/{result.ordinary}"
        f" ({result.false_positive_rate:.2%})"
    )
    rows.append(f"  sentences with identifiers and a stray finding besides: {result.stray}")
    return "\n".join(rows)


# Runs in the page: import the module the app serves and return code-point offsets, so that
# text with emoji compares equal to Python's indices.
JS_DETECT = """async (texts) => {
  const m = await import('/static/guard.js');
  await m.ready;
  const cp = (t, i) => Array.from(t.slice(0, i)).length;
  return texts.map((t) => m.detect(t).map((f) => [f.kind, cp(t, f.start), cp(t, f.end)]));
}"""


async def browser_spans(texts: Sequence[str]) -> list[list[Span]]:
    """web/guard.js's findings for each text, run in Chromium against a throwaway static server."""
    from playwright.async_api import async_playwright

    from tests.support import serve_on_loopback

    runner, port = await serve_on_loopback(static_app())
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = await browser.new_page()
                await page.goto(f"http://127.0.0.1:{port}/")
                raw = await page.evaluate(JS_DETECT, list(texts))
            finally:
                await browser.close()
    finally:
        await runner.cleanup()
    return [[(k, s, e) for k, s, e in spans] for spans in raw]


def name_data_size() -> str:
    raw = NAME_DATA.read_bytes()
    packed = gzip.compress(raw, 9)
    return (
        f"Name data (web/guard_names.json): {len(raw) / 1024:.0f} KiB, "
        f"{len(packed) / 1024:.0f} KiB gzipped (target < 300 KB)"
    )


def print_load_times(rounds: int = 3) -> None:
    """The browser's time to its first check, and the app's to its guard being ready. The two
    browsers take turns, `rounds` times, so that both meet the machine in the same state: on
    this virtual machine the same pages' figures moved by a factor of two within the hour.
    A first turn of each is not counted: the machine's memory manager (DAMON, paging out what
    has not been touched for a minute) drops a browser's program from memory while it is idle,
    which a user's browser, in use, is not."""
    asyncio.run(unattended_first_check())
    asyncio.run(driven_first_check())
    user: list[FirstCheck] = []
    driven: list[FirstCheck] = []
    for _ in range(rounds):
        user.append(asyncio.run(unattended_first_check()))
        driven.append(asyncio.run(driven_first_check()))
    for name, got in (("in a Chromium no tool drives, as a user's", user),
                      ("in Chromium driven by Playwright, as the tests drive it", driven)):
        runs = [t for check in got for t in check.runs]
        print(
            f"Browser, {name}: {statistics.median(runs):.0f} ms from importing guard.js to the"
            f" first check (target < 50 ms), median of {len(runs)} fresh pages in {rounds} turns"
            f" (each turn's median: {', '.join(f'{c.median_ms:.0f}' for c in got)} ms; fastest"
            f" page {min(runs):.0f}, slowest {max(runs):.0f}); the name data read at"
            f" {statistics.median(c.data_ms for c in got):.0f} ms"
        )
    print(f"Load average now: {os.getloadavg()[0]:.1f}")
    print(BEFORE)
    user_app = asyncio.run(unattended_app_load())
    driven_app = asyncio.run(app_load())
    for name, load in (("unattended", user_app), ("driven by Playwright", driven_app)):
        print(
            f"In the app, {name}: {load.ready_ms:.0f} ms from navigating to a room's address to"
            f" the guard being ready (median of {TIMING_RUNS} first visits, the real server"
            f": {', '.join(f'{t:.0f}' for t in load.runs)} ms); the name data took"
            f" {load.first_bytes / 1024:.0f} KiB on the wire, and"
            f" {load.again_bytes / 1024:.1f} KiB on a second visit (a 304)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser", action="store_true", help="also run web/guard.js in Chromium")
    parser.add_argument("--independent", type=Path, default=INDEPENDENT, help="corpus folder")
    parser.add_argument(
        "--third", type=Path, default=THIRD, help="the third corpus's folder (tune and held-out)"
    )
    args = parser.parse_args(argv)

    identifiers = load_identifiers()
    ordinary = load_ordinary()
    id_texts = [item["text"] for item in identifiers]
    corpora: list[tuple[str, list[dict[str, Any]]]] = []
    for part, title in (
        ("tune", "independent corpus, tune half"),
        ("heldout", "independent corpus, HELD-OUT half (never tuned against)"),
    ):
        items = load_independent(part, args.independent)
        if items is not None:
            corpora.append((title, items))
    # A second author's corpus, tuning data only (tests/vectors/guard/independent2/README.md).
    second = load_independent("tune", INDEPENDENT.with_name("independent2"))
    if second is not None:
        corpora.insert(1, ("second independent corpus (tuning data)", second))
    # Later authors' corpora, each with its own held-out half (tests/vectors/guard/independentN/,
    # N from 3; each folder's README says what its author wrote).
    for folder in later_corpora(args.third):
        for part, half in (("tune", "tune half"), ("heldout", "HELD-OUT half (never tuned on)")):
            items = load_independent(part, folder)
            if items is not None:
                if folder.name in FIRST_SIGHT and part == "heldout":
                    half = f"{half}, {SEALED}"
                if folder.name in WITHOUT_TRAPS and part == "heldout":
                    half = f"{half}, {NO_TRAPS}"
                corpora.append((f"corpus {folder.name.removeprefix('independent')}, {half}", items))
    texts = [*id_texts, *ordinary, *(i["text"] for _, items in corpora for i in items)]

    def report(detector: str, spans: list[list[Span]]) -> None:
        n_id, n_ord = len(id_texts), len(ordinary)
        own = score(identifiers, spans[:n_id], spans[n_id : n_id + n_ord])
        print(table(f"{detector}: the project's own corpus", own))
        at = n_id + n_ord
        held_items: list[dict[str, Any]] = []
        held_spans: list[list[Span]] = []
        by_corpus: list[list[list[Span]]] = []
        for title, items in corpora:
            got = spans[at : at + len(items)]
            by_corpus.append(got)
            at += len(items)
            print()
            print(table(f"{detector}: {title}", score_marked(items, got)))
            if "HELD-OUT" in title:
                held_items += items
                held_spans += got
        if not corpora:
            print(f"\n(no independent corpus in {args.independent})")
        if held_items:  # what no rule was fitted to, one figure per kind
            print()
            pooled = score_marked(held_items, held_spans)
            print(table(f"{detector}: every held-out half, pooled", pooled))
        for marker, group in (
            (SEALED, "the corpora sealed until the last freeze"),
            (NO_TRAPS, "the corpora written without traps"),
        ):
            marked = [
                (items, got)
                for (title, items), got in zip(corpora, by_corpus, strict=True)
                if marker in title
            ]
            if marked:
                print()
                pooled = score_marked(
                    [i for items, _ in marked for i in items], [s for _, got in marked for s in got]
                )
                print(table(f"{detector}: the held-out halves of {group}, pooled", pooled))

    started = time.perf_counter()
    py = python_spans(texts)
    elapsed = time.perf_counter() - started
    report("Python detector (server/guard.py)", py)
    print(f"\nPython: {len(texts)} sentences in {elapsed * 1000:.0f} ms")
    print(name_data_size())

    if args.browser:
        spans = asyncio.run(browser_spans(texts))
        print()
        report("Browser detector (web/guard.js in Chromium)", spans)
        agree = sum(a == b for a, b in zip(py, spans, strict=True))
        print(f"\nPython and browser agree on {agree}/{len(texts)} sentences")
        print_load_times()
        return 0 if agree == len(texts) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
