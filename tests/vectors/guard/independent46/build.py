#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
Lines starting with '#' and blank lines are skipped.

Split: each line gets u = sha256(SEED + text) in [0, 1).  Lines are grouped
into strata by their rarest kind (or 'clean'); inside a stratum the lower half
by u goes to tune, the upper half to heldout.  So the split is seeded and
stable: adding lines to a stratum can only move lines that sit right at that
stratum's median, never the rest.  The seed suffix (-3) was picked once, at
1,037 lines, as the one of 400 candidates whose halves came out most even for
every kind at once (no kind differs by more than one span); it is now frozen.
heldout.json is never used for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

SEED = "corpus46-pennine-chai-3"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


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
    full = "".join(text)
    if "[[" in full or "]]" in full:
        raise ValueError(f"broken markup: {line}")
    return {"text": full, "spans": sorted(spans, key=lambda s: s["start"])}


TEN = re.compile(r"(?<![\d])(\d[\d \-]{8,14}\d)(?![\d])")


def check(rec: dict, raw: str) -> None:
    text = rec["text"]
    for s in rec["spans"]:
        ident = text[s["start"]:s["end"]]
        if ident != ident.strip() or not ident:
            raise ValueError(f"span has edge spaces: {raw}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not nhs_valid(digits):
                raise ValueError(f"nhs_number fails modulus 11: {ident!r} in {raw}")
    # no unmarked 10-digit number may pass modulus 11
    covered = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in TEN.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) != 10:
            continue
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_valid(digits):
            raise ValueError(f"unmarked 10-digit number passes modulus 11: {m.group(1)!r} in {raw}")


def unit(text: str) -> float:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def main() -> int:
    records, seen = [], set()
    dups = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line)
            check(rec, line)
            # round trip: each span's text is exactly the marked identifier
            idents = [m.group(2) for m in MARK.finditer(line)]
            got = [rec["text"][s["start"]:s["end"]] for s in rec["spans"]]
            assert sorted(idents) == sorted(got), line
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            records.append(rec)

    totals = Counter(s["kind"] for r in records for s in r["spans"])
    rank = {k: totals[k] for k in KINDS}

    def stratum(r: dict) -> str:
        kinds = {s["kind"] for s in r["spans"]}
        return min(kinds, key=lambda k: (rank[k], k)) if kinds else "clean"

    strata: dict[str, list[dict]] = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    for name in sorted(strata):
        group = sorted(strata[name], key=lambda r: unit(r["text"]))
        half = (len(group) + 1) // 2 if unit(name) < 0.5 else len(group) // 2
        tune += group[:half]
        held += group[half:]
    tune.sort(key=lambda r: unit(r["text"]))
    held.sort(key=lambda r: unit(r["text"]))

    for fname, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / fname).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def counts(data: list[dict]) -> Counter:
        c = Counter(s["kind"] for r in data for s in r["spans"])
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c

    ct, ch = counts(tune), counts(held)
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>8}")
    for k in (*KINDS, "clean lines", "dirty lines", "lines"):
        print(f"{k:<16}{ct[k]:>7}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"exact duplicates dropped: {dups}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
