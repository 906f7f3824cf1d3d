#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] inside a line; one sentence or chat message per line.
Stdlib only. Run from anywhere: python3 build.py
"""
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source")
SEED = "independent112-balint-seed-7"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
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
    text_parts, spans, pos, out_len = [], [], 0, 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text_parts.append(inner)
        out_len += len(inner)
        pos = m.end()
    text_parts.append(line[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: unbalanced markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        seg = text[s["start"]:s["end"]]
        if seg != seg.strip():
            sys.exit(f"{where}: span has outer whitespace: {seg!r}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", seg)
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {seg}")
    # No unmarked 10-digit run may pass modulus 11 (contiguous, or grouped by single spaces/dashes).
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", masked):
        if mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    for m in re.finditer(r"\d(?:[ -]?\d)+", masked):
        d = re.sub(r"\D", "", m.group())
        for a in range(len(d) - 9):
            if len(d) == 10 and mod11_ok(d):
                sys.exit(f"{where}: unmarked grouped number passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def lint(records_by_file):
    """Warn (not fail) when a marked name token also appears unmarked in the same file."""
    for fname, recs in records_by_file.items():
        names = set()
        for r in recs:
            for s in r["spans"]:
                if s["kind"] == "name":
                    names.update(t for t in re.findall(r"[^\W\d_][\w'-]+", r["text"][s["start"]:s["end"]]))
        for r in recs:
            covered = [(s["start"], s["end"]) for s in r["spans"]]
            for m in re.finditer(r"[^\W\d_][\w-]+", r["text"]):
                if m.group() in names and m.group()[0].isupper() and \
                        not any(a <= m.start() < b for a, b in covered):
                    print(f"  lint {fname}: unmarked {m.group()!r}: {r['text'][:70]}", file=sys.stderr)


def main():
    records, seen, dups, by_file = [], set(), 0, defaultdict(list)
    for fname in sorted(os.listdir(SRC)):
        if not fname.endswith(".txt"):
            continue
        with open(os.path.join(SRC, fname), encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                rec = parse(line, f"{fname}:{n}")
                key = json.dumps(rec, sort_keys=True)
                if key in seen:
                    dups += 1
                    continue
                seen.add(key)
                records.append(rec)
                by_file[fname].append(rec)
    if "--lint" in sys.argv:
        lint(by_file)

    # Stratify by the set of kinds in a line, order each stratum by a seeded hash, alternate.
    strata = defaultdict(list)
    for r in records:
        strata[tuple(sorted({s["kind"] for s in r["spans"]})) or ("clean",)].append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for r in group:
            (tune if flip % 2 == 0 else held).append(r)
            flip += 1
    order = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=order)
    held.sort(key=order)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter()
        for r in data:
            if not r["spans"]:
                c["clean lines"] += 1
            else:
                c["dirty lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["lines"] = len(data)
        return c

    ct, ch = counts(tune), counts(held)
    rows = list(KINDS) + ["dirty lines", "clean lines", "lines"]
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in rows:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
