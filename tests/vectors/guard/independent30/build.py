#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
Lines that are blank or start with '#' are skipped.

Split: a line goes to the tune half when the low bit of
sha256(SEED + stratum + text) is 0, else to heldout. The hash depends only on
the line itself, so adding lines never moves an existing line between halves.
The stratum (the line's rarest kind, or 'clean') is part of the key only so
that each stratum is split by its own coin; balance is checked and printed.
heldout.json is never used for tuning a detector.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus30-moth-lantern-15925"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):([^\[\]]+?)\]\]")


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
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer spaces: {ident!r}")
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        spans.append({"kind": kind, "start": length, "end": length + len(ident)})
        out.append(ident)
        length += len(ident)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: broken markup")
    for s in spans:
        ident = text[s["start"]:s["end"]]
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", ident)
            if not nhs_valid(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident}")
    # no unmarked 10-digit number may pass the check
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    rest = "".join(masked)
    for m in re.finditer(r"(?<![\d#])(\d{3}[ -]?\d{3}[ -]?\d{4})(?![\d#])", rest):
        if nhs_valid(re.sub(r"[ -]", "", m.group(1))):
            sys.exit(f"{where}: unmarked number passes modulus 11: {m.group(1)}")
    spans.sort(key=lambda s: s["start"])
    return {"text": text, "spans": spans}


def stratum(rec: dict) -> str:
    kinds = {s["kind"] for s in rec["spans"]}
    if not kinds:
        return "clean"
    for k in reversed(KINDS):  # rarest kinds first
        if k in kinds:
            return k
    return "name"


def half(rec: dict) -> str:
    key = f"{SEED}|{stratum(rec)}|{rec['text']}".encode("utf-8")
    return "tune" if hashlib.sha256(key).digest()[0] & 1 == 0 else "heldout"


def main() -> None:
    records, seen, dups = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line, f"{path.name}:{n}")
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            # round trip: rebuild markup from spans and compare
            t, rebuilt, p = rec["text"], [], 0
            for s in rec["spans"]:
                rebuilt.append(t[p:s["start"]])
                rebuilt.append(f"[[{s['kind']}:{t[s['start']:s['end']]}]]")
                p = s["end"]
            rebuilt.append(t[p:])
            if "".join(rebuilt) != line:
                sys.exit(f"{path.name}:{n}: span does not round-trip")
            records.append(rec)
    halves: dict[str, list] = {"tune": [], "heldout": []}
    for rec in records:
        halves[half(rec)].append(rec)
    for name, recs in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = {h: Counter() for h in halves}
    for h, recs in halves.items():
        for rec in recs:
            if not rec["spans"]:
                counts[h]["clean lines"] += 1
            counts[h]["lines"] += 1
            for s in rec["spans"]:
                counts[h][s["kind"]] += 1
    rows = ["lines", "clean lines", *KINDS]
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for r in rows:
        a, b = counts["tune"][r], counts["heldout"][r]
        print(f"{r:<16}{a:>8}{b:>9}{a + b:>8}")
    print(f"duplicates dropped: {dups}")


if __name__ == "__main__":
    main()
