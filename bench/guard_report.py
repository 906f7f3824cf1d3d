"""How good is the confidentiality guard? Recall per kind and false positives, as counts only.

    python bench/guard_report.py            # the Python detector (server/guard.py)
    python bench/guard_report.py --browser  # and web/guard.js in Chromium, plus agreement

Recall: an identifier sentence counts as found when a finding of its kind covers the whole
identifier. False positive: an ordinary reflective sentence with any finding at all. The report
prints numbers only, never a sentence, so its output can be pasted anywhere.

tests/test_guard.py asserts the thresholds on the same measures, from `score` below.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from server.guard import KINDS, detect  # noqa: E402

VECTORS = ROOT / "tests" / "vectors" / "guard"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

Span = tuple[str, int, int]  # (kind, start, end), offsets in code points


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


def table(name: str, result: Score) -> str:
    rows = [f"{name}", f"  {'kind':<16}{'found/total':>13}{'recall':>9}"]
    for kind in KINDS:
        ratio = f"{result.found[kind]}/{result.total[kind]}"
        rows.append(f"  {kind:<16}{ratio:>13}{result.recall(kind):>9.1%}")
    rows.append(
        f"  false positives on ordinary text: {result.false_positives}/{result.ordinary}"
        f" ({result.false_positive_rate:.2%})"
    )
    identifiers = sum(result.total.values())
    rows.append(f"  identifier sentences with a stray finding: {result.stray}/{identifiers}")
    return "\n".join(rows)


# Runs in the page: import the module the app serves and return code-point offsets, so that
# text with emoji compares equal to Python's indices.
JS_DETECT = """async (texts) => {
  const m = await import('/static/guard.js');
  const cp = (t, i) => Array.from(t.slice(0, i)).length;
  return texts.map((t) => m.detect(t).map((f) => [f.kind, cp(t, f.start), cp(t, f.end)]));
}"""


async def browser_spans(texts: Sequence[str]) -> list[list[Span]]:
    """web/guard.js's findings for each text, run in Chromium against a throwaway static server."""
    from aiohttp import web
    from playwright.async_api import async_playwright

    from tests.support import serve_on_loopback

    async def blank(_: web.Request) -> web.Response:
        return web.Response(text="<!doctype html><title>guard</title>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/", blank)
    app.router.add_static("/static", ROOT / "web")
    runner, port = await serve_on_loopback(app)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser", action="store_true", help="also run web/guard.js in Chromium")
    args = parser.parse_args(argv)

    identifiers = load_identifiers()
    ordinary = load_ordinary()
    id_texts = [item["text"] for item in identifiers]
    py_id, py_ord = python_spans(id_texts), python_spans(ordinary)
    print(table("Python detector (server/guard.py)", score(identifiers, py_id, py_ord)))

    if args.browser:
        js = asyncio.run(browser_spans([*id_texts, *ordinary]))
        js_id, js_ord = js[: len(id_texts)], js[len(id_texts) :]
        print()
        js_score = score(identifiers, js_id, js_ord)
        print(table("Browser detector (web/guard.js in Chromium)", js_score))
        agree = sum(a == b for a, b in zip([*py_id, *py_ord], js, strict=True))
        print(f"\nPython and browser agree on {agree}/{len(js)} sentences")
        return 0 if agree == len(js) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
