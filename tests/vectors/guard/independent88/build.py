#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written markup in source/*.txt.

Markup: [[kind:text]] marks an identifier. One sentence or chat message per line.
Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent88-balint-mh-2026"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit("%s: unknown kind %r" % (where, kind))
        if inner != inner.strip() or not inner:
            sys.exit("%s: span has edge whitespace %r" % (where, inner))
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_text": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit("%s: stray markup in %r" % (where, line))
    return text, spans


def check(text, spans, where):
    covered = [False] * len(text)
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            sys.exit("%s: span does not round-trip" % where)
        for i in range(s["start"], s["end"]):
            covered[i] = True
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s["_text"])
            if not mod11_ok(d):
                sys.exit("%s: nhs_number %r fails modulus 11" % (where, s["_text"]))
    # unmarked 10-digit runs (contiguous, or grouped with single spaces/dashes) must fail mod 11
    for m in re.finditer(r"(?<![\d])\d(?:[ \-]?\d){9}(?![\d])", text):
        if all(covered[i] for i in range(m.start(), m.end())):
            continue
        d = re.sub(r"\D", "", m.group(0))
        if mod11_ok(d):
            sys.exit("%s: unmarked 10-digit run %r passes modulus 11" % (where, m.group(0)))


def main():
    records, seen = [], set()
    dupes = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                where = "%s:%d" % (os.path.basename(path), n)
                text, spans = parse(line, where)
                check(text, spans, where)
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": [
                    {"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]})

    # Stratified seeded-hash split: group by the rarest kind in the line (or "clean"),
    # order each group by a seeded hash, and alternate between the halves.
    freq = Counter(s["kind"] for r in records for s in r["spans"])
    groups = defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"
        groups[key].append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + "\x00" + r["text"]).encode()).hexdigest())
        for i, r in enumerate(items):
            (tune if (i + flip) % 2 == 0 else held).append(r)
        flip ^= len(items) % 2
    order = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=order)
    held.sort(key=order)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        c["lines"] = len(data)
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        return c
    ct, ch = counts(tune), counts(held)
    rows = ["lines", "clean lines", "dirty lines"] + sorted(KINDS)
    print("| %-15s | %5s | %7s | %5s |" % ("", "tune", "heldout", "total"))
    print("|%s|%s|%s|%s|" % ("-" * 17, "-" * 7, "-" * 9, "-" * 7))
    for k in rows:
        print("| %-15s | %5d | %7d | %5d |" % (k, ct[k], ch[k], ct[k] + ch[k]))
    print("duplicates dropped: %d" % dupes)


if __name__ == "__main__":
    main()
