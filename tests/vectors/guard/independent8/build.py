#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

The split is a seeded hash of each line's text (first byte of sha256(seed, NUL,
text), even -> tune, odd -> heldout), so a line never moves between halves when
other lines are added. The seed was picked once, among 30,000 candidates, as the
one with the smallest summed difference between halves over every kind's spans,
the clean lines and all lines; it is frozen here and must not be re-picked
(that would move lines).
heldout.json is never used for tuning a detector.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
SEED = "balint-corpus8-21436"  # picked once on 2026-12-05 from balint-corpus8-0..29999; frozen
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
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
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer spaces: {ident!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: unbalanced markup")
    return {"text": s, "spans": spans, "idents": [m.group(2) for m in MARK.finditer(line)]}


DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d)*")
NHS_SHAPE = re.compile(r"(?<!\d)(?:\d{10}|\d{3}[ \-]\d{3}[ \-]\d{4})(?!\d)")


def check(item: dict, where: str) -> None:
    s = item["text"]
    for sp, ident in zip(item["spans"], item["idents"]):
        if s[sp["start"]:sp["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not nhs_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident}")
    covered: set[int] = set()
    for sp in item["spans"]:
        covered.update(range(sp["start"], sp["end"]))
    for m in DIGIT_RUN.finditer(s):
        if set(range(m.start(), m.end())) <= covered:
            continue
        digits = re.sub(r"\D", "", m.group())
        if len(digits) == 10 and nhs_ok(digits):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group()}")
    # the usual NHS shapes, even when a digit run merges with a neighbour
    for m in NHS_SHAPE.finditer(s):
        if set(range(m.start(), m.end())) <= covered:
            continue
        if nhs_ok(re.sub(r"\D", "", m.group())):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group()}")


def half(text: str) -> str:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main() -> None:
    items, seen, dups = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse(line, where)
            check(item, where)
            if item["text"] in seen:
                dups += 1
                continue
            seen.add(item["text"])
            items.append(item)
    halves: dict = {"tune": [], "heldout": []}
    for item in items:
        spans = sorted(item["spans"], key=lambda sp: sp["start"])
        halves[half(item["text"])].append({"text": item["text"], "spans": spans})
    for name, rows in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # table
    print(f"{'kind':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for kind in (*KINDS, "clean lines", "dirty lines", "all lines"):
        c = []
        for name in ("tune", "heldout"):
            rows = halves[name]
            if kind == "clean lines":
                c.append(sum(1 for r in rows if not r["spans"]))
            elif kind == "dirty lines":
                c.append(sum(1 for r in rows if r["spans"]))
            elif kind == "all lines":
                c.append(len(rows))
            else:
                c.append(sum(1 for r in rows for sp in r["spans"] if sp["kind"] == kind))
        print(f"{kind:16}{c[0]:>8}{c[1]:>9}{sum(c):>8}")
    print(f"exact duplicates dropped: {dups}")


if __name__ == "__main__":
    main()
