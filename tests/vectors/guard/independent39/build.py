"""Build tune.json and heldout.json from the hand-written source/*.txt lines.

Stdlib only. Markup: [[kind:identifier]] inline; '#' lines and blank lines skipped.
The split is a stable hash of each line's text with a fixed seed, so a line never
changes half when other lines are added. heldout.json is never used for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "oxbow-lamplight-5998"  # picked once, before any scoring, for even halves; never change it
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<![\d])(\d[ -]?){9}\d(?![\d])")


def mod11_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
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
        raise ValueError(f"broken markup: {line}")
    spans.sort(key=lambda s: s["start"])
    return {"text": joined, "spans": spans}


def half_of(text: str) -> str:
    h = hashlib.sha256(f"{SEED}\n{text}".encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def check(rec: dict, ident_of: list[str]) -> None:
    text = rec["text"]
    for span, ident in zip(rec["spans"], ident_of):
        got = text[span["start"]:span["end"]]
        assert got == ident, (got, ident, text)
        assert got == got.strip(), f"span has edge space: {got!r}"
        if span["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", got)
            assert mod11_ok(digits), f"NHS number fails mod 11: {got} in {text}"
    marked = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in TEN.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        inside = any(a <= m.start() and m.end() <= b for a, b in marked)
        if not inside and mod11_ok(digits):
            raise AssertionError(f"unmarked 10-digit number passes mod 11: {m.group(0)} in {text}")


def main() -> int:
    seen: set[str] = set()
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    dups = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if "{" in line and re.search(r"\{(NHS|BAD|CHI|HC)[^}]*\}", line):
                raise ValueError(f"unfilled placeholder: {line}")
            rec = parse(line)
            check(rec, [m.group(2) for m in MARK.finditer(line)])
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            halves[half_of(rec["text"])].append(rec)
    for name, recs in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = ["clean lines", "dirty lines", *KINDS]
    counts = {}
    for name, recs in halves.items():
        c: Counter[str] = Counter()
        for r in recs:
            c["dirty lines" if r["spans"] else "clean lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        counts[name] = c
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for row in rows:
        a, b = counts["tune"][row], counts["heldout"][row]
        print(f"{row:16}{a:>8}{b:>9}{a + b:>8}")
    print(f"duplicates dropped: {dups}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
