"""Build tune.json and heldout.json from the hand-written source/*.txt.

Markup: one sentence per line, identifiers inline as [[kind:text]]; '#' lines and
blank lines are skipped. Python stdlib only. Run: python build.py

The split is a seeded hash of each line's own text, so a line never moves half
when other lines are added or removed. heldout.json is for scoring only: never
look at it, or tune anything, against it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus41-kettle-on-at-seven-6035"  # picked once, among 20,000 suffixes, as the best-balanced split of the first full draft; never changed since, so no line moves half
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# any run of ten digits, optionally grouped 3-3-4 by a space, dash or dot
TEN = re.compile(r"(?<![\d])(\d{3})[ \-.]?(\d{3})[ \-.]?(\d{4})(?![\d])")


def nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str, where: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer spaces {ident!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    joined = "".join(text)
    if "[[" in joined or "]]" in joined:
        sys.exit(f"{where}: broken markup")
    return {"text": joined, "spans": sorted(spans, key=lambda s: s["start"])}


def check(item: dict, raw: str, where: str) -> None:
    text = item["text"]
    marked = [(m.group(1), m.group(2)) for m in MARK.finditer(raw)]
    for span, (kind, ident) in zip(item["spans"], marked):
        if span["kind"] != kind or text[span["start"]:span["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if kind == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not nhs_valid(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    # no unmarked ten-digit number may pass the NHS check
    covered = [(s["start"], s["end"]) for s in item["spans"]]
    for m in TEN.finditer(text):
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_valid("".join(m.groups())):
            sys.exit(f"{where}: unmarked number passes modulus 11: {m.group(0)!r}")


def half(text: str) -> str:
    digest = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def main() -> None:
    seen: set[str] = set()
    halves: dict[str, list] = {"tune": [], "heldout": []}
    dupes = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse(raw, where)
            check(item, raw, where)
            if item["text"] in seen:
                dupes += 1
                continue
            seen.add(item["text"])
            halves[half(item["text"])].append(item)
    for name, items in halves.items():
        items.sort(key=lambda i: i["text"])
        (HERE / f"{name}.json").write_text(
            json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = ["lines", "clean lines", "dirty lines", *KINDS]
    counts = {}
    for name, items in halves.items():
        c: Counter = Counter()
        c["lines"] = len(items)
        c["clean lines"] = sum(1 for i in items if not i["spans"])
        c["dirty lines"] = sum(1 for i in items if i["spans"])
        for i in items:
            c.update(s["kind"] for s in i["spans"])
        counts[name] = c
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for r in rows:
        t, h = counts["tune"][r], counts["heldout"][r]
        print(f"{r:16}{t:>8}{h:>9}{t + h:>8}")
    print(f"exact duplicates dropped: {dupes}")


if __name__ == "__main__":
    main()
