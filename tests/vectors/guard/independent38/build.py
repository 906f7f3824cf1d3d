#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers written inline as [[kind:text]].
Lines starting with '#' and blank lines are skipped.

Split: each line gets a score from sha256(SEED + text). Lines are grouped by
their rarest kind (or 'clean'); inside a group, lines are sorted by score and
the lower half goes to tune.json. A new line can push at most one line of its
own group across the boundary, so the split stays nearly stable while every
kind (and the clean lines) divides evenly. heldout.json is never for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from typing import Any
from pathlib import Path

SEED = "balint-corpus38-kestrel-1907"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
# Rarest first: a line is grouped by the first of these it holds.
PRIORITY = ("nhs_number", "date", "email", "phone", "postcode", "patient_number", "name")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
HERE = Path(__file__).resolve().parent


def parse(line: str, where: str) -> dict:
    text: list[str] = []
    spans: list[dict[str, Any]] = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    idents = [m.group(2) for m in MARK.finditer(line)]
    for sp, ident in zip(spans, idents):
        if s[sp["start"]:sp["end"]] != ident:  # every span must round-trip
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: broken markup")
    return {"text": s, "spans": sorted(spans, key=lambda sp: sp["start"])}


def mod11_ok(digits: str) -> bool:
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def check(rec: dict, where: str) -> None:
    s = rec["text"]
    for sp in rec["spans"]:
        frag = s[sp["start"]:sp["end"]]
        if frag != frag.strip() or not frag:
            sys.exit(f"{where}: span with edge spaces {frag!r}")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", frag)
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {frag}")
    # No unmarked 10-digit number (any common grouping) may pass modulus 11.
    for m in re.finditer(r"(?<![\d])(\d[\d -]{8,13}\d)(?![\d])", s):
        d = re.sub(r"\D", "", m.group(1))
        if len(d) != 10 or not mod11_ok(d):
            continue
        inside = any(sp["start"] <= m.start() and m.end() <= sp["end"] for sp in rec["spans"])
        if not inside:
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")


def score(text: str) -> int:
    return int.from_bytes(hashlib.sha256((SEED + text).encode()).digest()[:8], "big")


def group(rec: dict) -> str:
    kinds = {sp["kind"] for sp in rec["spans"]}
    for k in PRIORITY:
        if k in kinds:
            return k
    return "clean"


def main() -> None:
    seen: set[str] = set()
    recs: list[dict] = []
    dups = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            rec = parse(line, where)
            check(rec, where)
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            recs.append(rec)
    groups: dict[str, list[dict]] = {}
    for rec in recs:
        groups.setdefault(group(rec), []).append(rec)
    tune, held = [], []
    for g in sorted(groups):
        members = sorted(groups[g], key=lambda r: score(r["text"]))
        half = (len(members) + 1) // 2
        tune += members[:half]
        held += members[half:]
    tune.sort(key=lambda r: score(r["text"]))
    held.sort(key=lambda r: score(r["text"]))
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def counts(data: list[dict]) -> dict[str, int]:
        c = {k: 0 for k in KINDS}
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        for r in data:
            for sp in r["spans"]:
                c[sp["kind"]] += 1
        return c

    ct, ch = counts(tune), counts(held)
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>7}")
    for k in ct:
        print(f"{k:<16}{ct[k]:>7}{ch[k]:>9}{ct[k] + ch[k]:>7}")
    print(f"lines: {len(recs)} (dropped {dups} exact duplicates)")


if __name__ == "__main__":
    main()
