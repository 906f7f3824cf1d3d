#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (corpus independent7).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines that are blank or start with '#' are skipped.

Split: each line's half is kept once decided. Lines already in tune.json or
heldout.json stay where they are. New lines are dealt, those holding kinds
other than name first, then in the order of a seeded SHA-256 hash of their
text, to whichever half keeps every kind's span count and the clean-line count
most even (ties broken by the hash). So a line in tune.json stays there when
lines are added, and the halves stay balanced.
`python build.py --fresh` ignores the existing split and deals every line anew.

heldout.json is for scoring only: never read it while tuning a detector.
Python standard library only.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus7-wren-hollow-2026"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<![\d])(\d[\d \-]{8,14}\d)(?![\d])")


def nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str, where: str) -> dict:
    text = ""
    spans: list[dict] = []
    pos = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SystemExit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            raise SystemExit(f"{where}: span has outer spaces: {ident!r}")
        text += line[pos:m.start()]
        start = len(text)
        text += ident
        spans.append({"kind": kind, "start": start, "end": len(text)})
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        raise SystemExit(f"{where}: broken markup: {line!r}")
    for s, ident in zip(spans, MARK.findall(line)):
        if text[s["start"]:s["end"]] != ident[1]:
            raise SystemExit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ \-]", "", ident[1])
            if not nhs_valid(digits):
                raise SystemExit(f"{where}: NHS number fails modulus 11: {ident[1]}")
    for m in TEN_DIGITS.finditer(text):
        digits = re.sub(r"[ \-]", "", m.group(1))
        if len(digits) != 10 or not nhs_valid(digits):
            continue
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside:
            raise SystemExit(f"{where}: unmarked number passes modulus 11: {m.group(1)}")
    spans.sort(key=lambda s: s["start"])
    return {"text": text, "spans": spans}


def load_source() -> list[dict]:
    items: list[dict] = []
    seen: dict[str, list] = {}
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            item = parse(line, f"{path.name}:{no}")
            if item["text"] in seen:
                if seen[item["text"]] != item["spans"]:
                    raise SystemExit(f"{path.name}:{no}: same text, different spans")
                dropped += 1
                continue
            seen[item["text"]] = item["spans"]
            items.append(item)
    print(f"dropped {dropped} exact duplicate line(s)")
    return items


def key(text: str) -> str:
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def tally(item: dict) -> dict[str, int]:
    counts = {k: 0 for k in KINDS}
    counts["clean"] = 0
    if not item["spans"]:
        counts["clean"] = 1
    for s in item["spans"]:
        counts[s["kind"]] += 1
    return counts


def previous_split() -> dict[str, str]:
    placed: dict[str, str] = {}
    for half in ("tune", "heldout"):
        path = HERE / f"{half}.json"
        if path.exists():
            for item in json.loads(path.read_text(encoding="utf-8")):
                placed[item["text"]] = half
    return placed


def split(items: list[dict], fresh: bool) -> dict[str, list[dict]]:
    placed = {} if fresh else previous_split()
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    totals = {h: {k: 0 for k in (*KINDS, "clean")} for h in halves}
    new = []
    for item in items:
        half = placed.get(item["text"])
        if half is None:
            new.append(item)
            continue
        halves[half].append(item)
        for k, v in tally(item).items():
            totals[half][k] += v

    # Lines holding the rarer kinds go first, so they can be spread evenly.
    def order_new(i: dict) -> tuple[int, str]:
        rare = sum(1 for s in i["spans"] if s["kind"] != "name")
        return (-rare, key(i["text"]))

    for item in sorted(new, key=order_new):
        t = tally(item)

        def cost(half: str) -> int:
            other = "heldout" if half == "tune" else "tune"
            return sum(abs(totals[half][k] + t[k] - totals[other][k]) for k in t)

        c_tune, c_held = cost("tune"), cost("heldout")
        if c_tune == c_held:
            half = "tune" if int(key(item["text"])[-1], 16) % 2 == 0 else "heldout"
        else:
            half = "tune" if c_tune < c_held else "heldout"
        halves[half].append(item)
        for k, v in t.items():
            totals[half][k] += v
    order = {item["text"]: n for n, item in enumerate(items)}
    for rows in halves.values():
        rows.sort(key=lambda i: order[i["text"]])
    return halves


def main() -> None:
    fresh = "--fresh" in sys.argv[1:]
    items = load_source()
    halves = split(items, fresh)
    for half, rows in halves.items():
        (HERE / f"{half}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    cols = ("clean", *KINDS)
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in cols:
        a = sum(tally(i)[k] for i in halves["tune"])
        b = sum(tally(i)[k] for i in halves["heldout"])
        label = "clean lines" if k == "clean" else k
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    a, b = len(halves["tune"]), len(halves["heldout"])
    print(f"{'all lines':<16}{a:>8}{b:>9}{a + b:>8}")


if __name__ == "__main__":
    main()
