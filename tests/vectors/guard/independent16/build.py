#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
Lines starting with '#' and blank lines are skipped.

Split: each line goes to a half by a seeded SHA-256 of its text, so a line
never moves when other lines are added or removed. The seed was chosen once
so that every kind and the clean lines divide close to evenly; the build
fails if any of them drifts past the tolerance below.
heldout.json is never used for tuning a detector.
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus16:balint-at-seven:89"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<!\d)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)")


def nhs_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == digits[9]


def parse(line: str, where: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip() or not ident:
            sys.exit(f"{where}: span has outer whitespace: {ident!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        sys.exit(f"{where}: broken markup")
    return {"text": plain, "spans": spans}


def check(item: dict, raw: str, where: str) -> None:
    idents = [m.group(2) for m in MARK.finditer(raw)]
    for span, ident in zip(item["spans"], idents):
        if item["text"][span["start"]:span["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if span["kind"] == "nhs_number" and not nhs_valid(ident):
            sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    covered = [(s["start"], s["end"]) for s in item["spans"]]
    for m in TEN_DIGITS.finditer(item["text"]):
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_valid(m.group(1)):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def half(text: str) -> str:
    digest = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def main() -> None:
    items, seen, dupes = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            where = f"{path.name}:{no}"
            item = parse(raw, where)
            check(item, raw, where)
            if item["text"] in seen:
                dupes += 1
                continue
            seen.add(item["text"])
            item["spans"].sort(key=lambda s: s["start"])
            items.append(item)
    halves: dict = {"tune": [], "heldout": []}
    for item in items:
        halves[half(item["text"])].append(item)
    counts: dict = {h: Counter() for h in halves}
    for h, rows in halves.items():
        for item in rows:
            if not item["spans"]:
                counts[h]["(clean lines)"] += 1
            counts[h]["(lines)"] += 1
            for s in item["spans"]:
                counts[h][s["kind"]] += 1
    rows = ["(lines)", "(clean lines)", *KINDS]
    print(f"{'kind':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    bad = []
    for k in rows:
        a, b = counts["tune"][k], counts["heldout"][k]
        if a + b == 0:
            continue
        print(f"{k:16}{a:>8}{b:>9}{a + b:>8}")
        if a + b >= 20 and abs(a - b) > max(3, 0.1 * (a + b)):
            bad.append(k)
    print(f"duplicates dropped: {dupes}")
    if bad:
        sys.exit(f"split unbalanced for: {', '.join(bad)}")
    for h, rows_ in halves.items():
        (HERE / f"{h}.json").write_text(
            json.dumps(rows_, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
