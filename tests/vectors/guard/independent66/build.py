#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] around each identifier, one sentence or chat message per line.
Stdlib only. Run: python3 build.py
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent66-balint-2026"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# 10 digits run together, or grouped 3-3-4 / 3-4-3 / 4-3-3 with a space or dash, not inside a longer digit run
TEN = re.compile(r"(?<![\d])(?:\d{10}|\d{3}[ -]\d{3}[ -]\d{4}|\d{3}[ -]\d{4}[ -]\d{3}|\d{4}[ -]\d{3}[ -]\d{3})(?![\d])")


def mod11_ok(digits):
    d = re.sub(r"\D", "", digits)
    if len(d) != 10:
        return False
    total = sum(int(d[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup in {line!r}")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if text[s["start"]:s["end"]] != text[s["start"]:s["end"]].strip():
            sys.exit(f"{where}: span has outer whitespace")
        if s["kind"] == "nhs_number" and not mod11_ok(text[s["start"]:s["end"]]):
            sys.exit(f"{where}: nhs_number fails modulus 11: {text[s['start']:s['end']]}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")
    for m in TEN.finditer(text):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside and mod11_ok(m.group(0)):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)}")
    return {"text": text, "spans": spans}


def main():
    records, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    # Stratify by the rarest kind in the line (or "clean"), then order each stratum by a
    # seeded hash and alternate, so every kind and the clean lines split about evenly.
    totals = {}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] = totals.get(s["kind"], 0) + 1

    def stratum(r):
        ks = {s["kind"] for s in r["spans"]}
        return min(ks, key=lambda k: (totals[k], k)) if ks else "clean"

    def h(r):
        return hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=h)
        first_to_tune = int(hashlib.sha256((SEED + key).encode()).hexdigest(), 16) % 2 == 0
        for i, r in enumerate(group):
            ((tune if (i % 2 == 0) == first_to_tune else held)).append(r)
    tune.sort(key=h)
    held.sort(key=h)

    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")

    kinds = ["name", "nhs_number", "date", "phone", "postcode", "email", "patient_number"]

    def count(data):
        c = {k: 0 for k in kinds}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["lines"] = len(data)
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = c["lines"] - c["clean lines"]
        return c

    ct, ch = count(tune), count(held)
    print(f"duplicates dropped: {dups}")
    print(f"| {'':15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in kinds + ["dirty lines", "clean lines", "lines"]:
        print(f"| {k:15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
