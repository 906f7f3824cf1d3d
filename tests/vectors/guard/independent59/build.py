#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] around each identifier; one sentence or chat message per line.
Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent59-balint-reflect-2026"
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
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: unbalanced markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"[ -]", "", text[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs (plain or grouped with single spaces/dashes) must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d#])\d(?:[ -]?\d)*(?![\d#])", masked):
        d = re.sub(r"[ -]", "", m.group(0))
        if len(d) == 10 and mod11_ok(d):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", masked):
        if mod11_ok(m.group(0)):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")
    return {"text": text, "spans": spans}


def key(text):
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def main():
    records, seen_src, seen_text, dups = [], set(), {}, 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                where = f"{os.path.basename(path)}:{n}"
                if line in seen_src:
                    dups += 1
                    continue
                seen_src.add(line)
                rec = parse(line, where)
                if rec["text"] in seen_text:
                    sys.exit(f"{where}: same text marked differently at {seen_text[rec['text']]}")
                seen_text[rec["text"]] = where
                records.append(rec)

    # Stratified split: group lines by their rarest kind (or "clean"), order each group
    # by a seeded hash, and alternate tune/heldout so every stratum divides evenly.
    freq = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            freq[s["kind"]] += 1
    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        label = min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"
        strata.setdefault(label, []).append(r)
    tune, heldout = [], []
    for label in sorted(strata):
        group = sorted(strata[label], key=lambda r: key(r["text"]))
        first_to_tune = int(key(label)[:8], 16) % 2 == 0
        for i, r in enumerate(group):
            (tune if (i % 2 == 0) == first_to_tune else heldout).append(r)
    tune.sort(key=lambda r: key(r["text"]))
    heldout.sort(key=lambda r: key(r["text"]))

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["lines"] = len(data)
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        return c

    ct, ch = counts(tune), counts(heldout)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in list(KINDS) + ["dirty lines", "clean lines", "lines"]:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
