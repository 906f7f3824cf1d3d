#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: one sentence or chat message per line; identifiers marked as [[kind:text]].
Stdlib only. Run from anywhere: python3 build.py
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent98-balint-ld-2026"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):([^\[\]]+?)\]\]")
POSTCODE = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$")


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_text": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: malformed markup: {line!r}")
    return text, spans


def check(text, spans, where):
    for s in spans:
        val = s.pop("_text")
        if text[s["start"]:s["end"]] != val:
            sys.exit(f"{where}: span does not round-trip: {val!r}")
        if val != val.strip():
            sys.exit(f"{where}: span has surrounding whitespace: {val!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", val)
            if not nhs_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {val!r}")
        if s["kind"] == "postcode" and not POSTCODE.match(val):
            sys.exit(f"{where}: not a UK postcode shape: {val!r}")
        if s["kind"] == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[a-z.]+$", val):
            sys.exit(f"{where}: not an email: {val!r}")
        if s["kind"] == "name" and re.match(r"^(Dr|Mr|Mrs|Ms|Miss|Prof)\b", val):
            sys.exit(f"{where}: title inside name span: {val!r}")
    # Unmarked 10-digit runs (plain, or grouped with single spaces/dashes) must FAIL modulus 11.
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<!\d)\d(?:[ -]?\d)*(?!\d)", masked):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) == 10 and nhs_ok(digits):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)!r}")
        for r in re.finditer(r"(?<!\d)\d{10}(?!\d)", m.group(0)):
            if nhs_ok(r.group(0)):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {r.group(0)!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")


def main():
    records, seen, dupes = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                check(text, spans, where)
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})

    # Stratify by the set of non-name kinds in the line (or "name" / "clean"), order each stratum by a
    # seeded hash, and deal alternately, so every kind splits about evenly.
    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        rare = sorted(k for k in kinds if k != "name")
        return "+".join(rare) if rare else "name"

    def h(r):
        return hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest()

    groups = {}
    for r in records:
        groups.setdefault(stratum(r), []).append(r)
    tune, heldout = [], []
    flip = 0
    for key in sorted(groups):
        for i, r in enumerate(sorted(groups[key], key=h)):
            (tune if (i + flip) % 2 == 0 else heldout).append(r)
        flip ^= len(groups[key]) % 2
    tune.sort(key=h)
    heldout.sort(key=h)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c

    ct, ch = counts(tune), counts(heldout)
    print(f"duplicates dropped: {dupes}")
    print(f"| {'kind':<16} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-' * 18}|{'-' * 7}|{'-' * 9}|{'-' * 7}|")
    for k in KINDS + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k:<16} | {ct[k]:>5} | {ch[k]:>7} | {ct[k] + ch[k]:>5} |")


if __name__ == "__main__":
    main()
