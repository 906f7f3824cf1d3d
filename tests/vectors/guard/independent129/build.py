#!/usr/bin/env python3
"""Build the independent129 guard corpus (stdlib only).

Reads source/*.txt (one sentence or chat message per line, identifiers written
[[kind:text]]), checks every line, drops exact duplicates, and writes
tune.json and heldout.json with a seeded SHA-256 stratified split.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent129-seed-4082"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|sister|nurse|lord|lady)\b\.?\s",
    re.IGNORECASE,
)
# 10 digits, run together or grouped by single spaces or dashes, not part of a longer run
TEN = re.compile(r"(?<!\d)(?<!\d[ -])\d(?:[ -]?\d){9}(?![ -]?\d)")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def fail(where, msg):
    sys.exit(f"build.py: {where}: {msg}")


def parse(line, where):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if val != val.strip() or not val:
            fail(where, f"span has outer whitespace or is empty: {val!r}")
        if "[[" in val or "]]" in val:
            fail(where, f"nested markup in {val!r}")
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        start = length
        out.append(val)
        length += len(val)
        spans.append({"kind": kind, "start": start, "end": length})
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        fail(where, "stray or malformed markup")
    # checks
    for s in spans:
        val = text[s["start"]:s["end"]]
        if s["kind"] == "name":
            if TITLE.match(val):
                fail(where, f"title inside name span: {val!r}")
            if val.endswith("'s") or val.endswith("\u2019s"):
                fail(where, f"possessive inside name span: {val!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", val)
            if not mod11_ok(digits):
                fail(where, f"marked NHS number fails modulus 11: {val!r}")
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "X"
    masked = "".join(masked)
    for m in TEN.finditer(masked):
        digits = re.sub(r"\D", "", m.group(0))
        if mod11_ok(digits):
            fail(where, f"unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def roundtrip(rec, marked, where):
    # rebuild the marked line from text + spans and compare
    text, pieces, pos = rec["text"], [], 0
    for s in rec["spans"]:
        if s["start"] < pos:
            fail(where, "overlapping spans")
        pieces.append(text[pos:s["start"]])
        pieces.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
        pos = s["end"]
    pieces.append(text[pos:])
    if "".join(pieces) != marked:
        fail(where, "span does not round-trip")


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("source", "no source files")
    records, seen, dups = [], set(), 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip()
                if not line.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                rec = {"text": text, "spans": spans}
                roundtrip(rec, line, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                records.append(rec)

    kind_total = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (kind_total[k], k))

    strata = defaultdict(list)
    for rec in records:
        strata[stratum(rec)].append(rec)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, rec in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(rec)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dups}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in heldout for s in r["spans"] if s["kind"] == k)
        print(f"{k:<16}{a:>8}{b:>9}{a + b:>8}")
    for label, pred in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"])):
        a = sum(1 for r in tune if pred(r))
        b = sum(1 for r in heldout if pred(r))
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    print(f"{'total lines':<16}{len(tune):>8}{len(heldout):>9}{len(records):>8}")


if __name__ == "__main__":
    main()
