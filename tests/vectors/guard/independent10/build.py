#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

The split is by a seeded SHA-256 of each line's final text, so a line keeps
its half when lines are added or removed elsewhere. heldout.json is never
used for tuning a detector: score on it, look only at tune.json.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus10/kettle-on-at-seven/630"  # chosen once (even split); never change it
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
    d = [int(c) for c in digits]
    if len(d) != 10:
        return False
    total = sum(w * x for w, x in zip(range(10, 1, -1), d[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == d[9]


def parse(line: str, where: str) -> dict:
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip() or not ident:
            sys.exit(f"{where}: span has outer spaces or is empty: {ident!r}")
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
    return {"text": text, "spans": spans}


def check(rec: dict, where: str, raw: str) -> None:
    text = rec["text"]
    idents = MARK.findall(raw)
    for sp, (kind, ident) in zip(rec["spans"], idents):
        if text[sp["start"]:sp["end"]] != ident or sp["kind"] != kind:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if kind == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not nhs_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    # No unmarked 10-digit run (plain or spaced 3-3-4) may pass modulus 11.
    masked = list(text)
    for sp in rec["spans"]:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    plain = "".join(masked)
    for m in re.finditer(r"(?<![\d#])(\d{3}[ -]?\d{3}[ -]?\d{4})(?![\d#])", plain):
        digits = re.sub(r"\D", "", m.group(1))
        if nhs_ok(digits):
            sys.exit(f"{where}: unmarked number passes modulus 11: {m.group(1)!r}")


def half(text: str) -> str:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def count(rec: dict, label: str) -> int:
    if label == "lines":
        return 1
    if label == "clean lines":
        return int(not rec["spans"])
    return sum(s["kind"] == label for s in rec["spans"])


def main() -> None:
    seen: set[str] = set()
    dropped = 0
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            rec = parse(line, where)
            check(rec, where, line)
            if rec["text"] in seen:
                dropped += 1
                continue
            seen.add(rec["text"])
            rec["spans"].sort(key=lambda s: s["start"])
            halves[half(rec["text"])].append(rec)
    for name, recs in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for label in ("lines", "clean lines", *KINDS):
        t = sum(count(r, label) for r in halves["tune"])
        h = sum(count(r, label) for r in halves["heldout"])
        print(f"{label:16}{t:>8}{h:>9}{t + h:>8}")
    print(f"exact duplicates dropped: {dropped}")


if __name__ == "__main__":
    main()
