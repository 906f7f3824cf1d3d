#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written markup in source/*.txt.

Markup: [[kind:text]] around each identifier; one sentence or chat message per line.
Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "independent85-balint-seed-3141"
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
        sys.exit(f"{where}: malformed markup: {line!r}")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    # unmarked 10-digit runs (and 10-digit groups written with spaces/dashes) must fail mod 11
    def covered(a, b):
        return any(s["start"] <= a and b <= s["end"] for s in spans)
    for m in re.finditer(r"(?<![\d])\d(?:[ -]?\d){9}(?![\d])", text):
        d = re.sub(r"\D", "", m.group(0))
        if not covered(m.start(), m.end()) and mod11_ok(d):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
    return {"text": text, "spans": spans}


def main():
    records, seen = [], set()
    dupes = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dupes += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    # stratify by the rarest kind in the line (or "clean"), then alternate
    # through each stratum in seeded-hash order so every kind splits evenly
    order = {k: i for i, k in enumerate(reversed(KINDS))}
    def stratum(r):
        ks = {s["kind"] for s in r["spans"]}
        return min(ks, key=lambda k: order[k]) if ks else "clean"
    def h(r):
        return hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest()
    groups = {}
    for r in records:
        groups.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    for g in sorted(groups):
        for i, r in enumerate(sorted(groups[g], key=h)):
            (tune if i % 2 == 0 else held).append(r)
    tune.sort(key=h)
    held.sort(key=h)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        clean = 0
        for r in data:
            if not r["spans"]:
                clean += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c, clean
    ct, cl_t = counts(tune)
    ch, cl_h = counts(held)
    print(f"duplicates dropped: {dupes}")
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in KINDS:
        print(f"| {k:<15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")
    print(f"| {'clean lines':<15} | {cl_t:>5} | {cl_h:>7} | {cl_t+cl_h:>5} |")
    print(f"| {'dirty lines':<15} | {len(tune)-cl_t:>5} | {len(held)-cl_h:>7} | {len(tune)+len(held)-cl_t-cl_h:>5} |")
    print(f"| {'all lines':<15} | {len(tune):>5} | {len(held):>7} | {len(tune)+len(held):>5} |")


if __name__ == "__main__":
    main()
