"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: one sentence per line; an identifier is written inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped. Python stdlib only.

The split is a seeded hash of each line's text: a line's half depends only on its own text
and SEED, so a line in tune.json stays there when other lines are added.
SEED was chosen once (python3 build.py --choose-seed, over 5,000 candidates, when the
corpus held 1,521 lines) as the seed that divided each kind's spans and the clean lines most
evenly; lines added since keep their own hash-given half. Do not change SEED: that would
move lines between the halves.

heldout.json is never used for tuning a detector.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
SEED = "balint-independent6-seed-4842"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_valid(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits, check = 11 - sum mod 11."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse_line(raw: str) -> dict:
    text_parts: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        length += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {raw}")
        if ident != ident.strip():
            raise ValueError(f"span with outer whitespace {ident!r} in: {raw}")
        spans.append({"kind": kind, "start": length, "end": length + len(ident)})
        text_parts.append(ident)
        length += len(ident)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup in: {raw}")
    spans.sort(key=lambda s: s["start"])
    return {"text": text, "spans": spans, "_idents": [m.group(2) for m in MARK.finditer(raw)]}


def ten_digit_runs(text: str) -> list[tuple[int, int, str]]:
    """Every run of exactly ten digits, allowing single spaces or hyphens between groups."""
    out = []
    for m in re.finditer(r"(?<![\d])\d(?:[ -]?\d){9}(?![ -]?\d)", text):
        out.append((m.start(), m.end(), re.sub(r"\D", "", m.group())))
    return out


def check(item: dict, raw: str) -> None:
    text, spans = item["text"], item["spans"]
    # Markup order is text order, so the sorted spans pair with the marked identifiers.
    for span, ident in zip(spans, item["_idents"], strict=True):
        if text[span["start"]:span["end"]] != ident:
            raise ValueError(f"span does not round-trip in: {raw}")
        if span["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not nhs_valid(digits):
                raise ValueError(f"NHS number fails modulus 11: {ident!r} in: {raw}")
    for start, end, digits in ten_digit_runs(text):
        covered = any(s["start"] <= start and end <= s["end"] for s in spans)
        if not covered and nhs_valid(digits):
            raise ValueError(f"unmarked 10-digit number passes modulus 11: {digits} in: {raw}")
    words = len(text.split())
    if not 4 <= words <= 60:
        raise ValueError(f"line has {words} words (want 4..60): {raw}")


def goes_to_tune(text: str, seed: str = SEED) -> bool:
    digest = hashlib.sha256((seed + "\x00" + text).encode("utf-8")).digest()
    return digest[0] % 2 == 0


def load() -> list[dict]:
    items: list[dict] = []
    seen: set[str] = set()
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            item = parse_line(raw)
            check(item, raw)
            if item["text"] in seen:
                dropped += 1
                continue
            seen.add(item["text"])
            items.append(item)
    if dropped:
        print(f"dropped {dropped} exact duplicate line(s)")
    nhs_seen: dict[str, str] = {}
    for it in items:
        for s in it["spans"]:
            if s["kind"] == "nhs_number":
                digits = re.sub(r"\D", "", it["text"][s["start"]:s["end"]])
                if digits in nhs_seen and nhs_seen[digits] != it["text"]:
                    raise ValueError(f"NHS number {digits} used on two lines: {it['text']}")
                nhs_seen[digits] = it["text"]
    return items


def counts(items: list[dict]) -> dict[str, int]:
    c = {k: 0 for k in KINDS}
    c["clean lines"] = 0
    c["dirty lines"] = 0
    for it in items:
        for s in it["spans"]:
            c[s["kind"]] += 1
        c["clean lines" if not it["spans"] else "dirty lines"] += 1
    return c


def imbalance(items: list[dict], seed: str) -> float:
    tune = [it for it in items if goes_to_tune(it["text"], seed)]
    held = [it for it in items if not goes_to_tune(it["text"], seed)]
    a, b = counts(tune), counts(held)
    # Relative gaps, so the small kinds (40-50 spans) weigh as much as names; the line
    # totals count too, so the two halves also hold about the same number of lines.
    gaps = [abs(a[k] - b[k]) / max(1, a[k] + b[k]) for k in a]
    return max(gaps) + sum(gaps) / len(gaps)


def main(argv: list[str]) -> int:
    items = load()
    if "--choose-seed" in argv:
        best = min((f"balint-independent6-seed-{i}" for i in range(5000)),
                   key=lambda s: imbalance(items, s))
        print(f"best seed {best!r}, imbalance {imbalance(items, best):.4f}")
        return 0
    tune: list[dict] = []
    held: list[dict] = []
    for it in items:
        out = {"text": it["text"], "spans": it["spans"]}
        (tune if goes_to_tune(it["text"]) else held).append(out)
    for name, half in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(half, ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")
    a, b = counts(tune), counts(held)
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>7}")
    for k in a:
        print(f"{k:<16}{a[k]:>7}{b[k]:>9}{a[k] + b[k]:>7}")
    print(f"{'lines':<16}{len(tune):>7}{len(held):>9}{len(items):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
