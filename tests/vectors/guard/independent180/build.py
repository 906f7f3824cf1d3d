#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent180.

Standard library only. Reads source/*.txt in name order; each non-blank line is
one sentence or chat message with identifiers marked as [[kind:text]].
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SPLIT_SEED = "independent180-seed-2593"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = ("mr", "mrs", "ms", "miss", "dr", "prof")

MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# maximal runs of digits joined by single spaces or dashes
DIGIT_GROUP = re.compile(r"\d+(?:[ -]\d+)*")


def fail(where, msg):
    sys.exit(f"ERROR {where}: {msg}")


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line, where):
    plain = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        plain.append(before)
        out_len += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if text != text.strip() or not text:
            fail(where, f"span has surrounding whitespace or is empty: {text!r}")
        start = out_len
        plain.append(text)
        out_len += len(text)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    plain.append(line[pos:])
    text = "".join(plain)
    if "[[" in text or "]]" in text:
        fail(where, "unbalanced or malformed mark")
    # round-trip and per-kind checks
    marked_texts = [m.group(2) for m in MARK.finditer(line)]
    for sp, want in zip(spans, marked_texts):
        got = text[sp["start"]:sp["end"]]
        if got != want:
            fail(where, f"span does not round-trip: {got!r} != {want!r}")
        if sp["kind"] == "name":
            first = re.split(r"[\s.]", got.lower(), maxsplit=1)[0]
            if first in TITLES:
                fail(where, f"title inside name span: {got!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", got)
            if not nhs_ok(digits):
                fail(where, f"marked NHS number fails modulus 11: {got!r}")
    # unmarked 10-digit numbers must not pass modulus 11
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_GROUP.finditer(masked):
        digits = re.sub(r"[ -]", "", m.group(0))
        candidates = set()
        if len(digits) == 10:
            candidates.add(digits)
        for run in re.findall(r"\d+", m.group(0)):
            if len(run) == 10:
                candidates.add(run)
        for c in candidates:
            if nhs_ok(c):
                fail(where, f"unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
    return text, spans


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("source", "no source files")
    records = []
    seen = set()
    dups = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.strip()
                if not line:
                    continue
                text, spans = parse(line, f"{name}:{n}")
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": sorted(spans, key=lambda s: s["start"])})

    totals = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], k))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    tune, held = [], []
    for key in sorted(strata):
        lines = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SPLIT_SEED + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(lines):
            (tune if i % 2 == 0 else held).append(r)

    for fname, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def count(recs):
        c = Counter(s["kind"] for r in recs for s in r["spans"])
        dirty = sum(1 for r in recs if r["spans"])
        return c, dirty, len(recs) - dirty, len(recs)

    ct, dt, clt, nt = count(tune)
    ch, dh, clh, nh = count(held)
    ca, da, cla, na = count(records)
    rows = [("kind", "tune", "heldout", "total")]
    for k in KINDS:
        rows.append((k, ct[k], ch[k], ca[k]))
    rows.append(("spans", sum(ct.values()), sum(ch.values()), sum(ca.values())))
    rows.append(("dirty lines", dt, dh, da))
    rows.append(("clean lines", clt, clh, cla))
    rows.append(("total lines", nt, nh, na))
    print("| " + " | ".join(str(x) for x in rows[0]) + " |")
    print("|---|---:|---:|---:|")
    for r in rows[1:]:
        print("| " + " | ".join(str(x) for x in r) + " |")
    print(f"\nduplicates dropped: {dups}")
    print(f"clean share: {cla / na:.1%}; names among spans: {ca['name'] / max(1, sum(ca.values())):.1%}")


if __name__ == "__main__":
    main()
