#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] around each identifier, one sentence or chat message per line.
Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent84-balint-frequent-attenders"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<!\d)(?<!\d[ -])\d(?:[ -]?\d){9}(?![ -]?\d)")


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
        if "[[" in inner or "]]" in inner:
            sys.exit(f"{where}: nested markup")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: stray markup brackets")
    for sp in spans:
        if s[sp["start"]:sp["end"]] != sp["_t"]:
            sys.exit(f"{where}: span does not round-trip")
        if sp["_t"] != sp["_t"].strip():
            sys.exit(f"{where}: span has surrounding whitespace")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", sp["_t"])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number {sp['_t']} fails modulus 11")
        del sp["_t"]
    # unmarked 10-digit runs must fail modulus 11
    masked = list(s)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    for m in TEN.finditer("".join(masked)):
        d = re.sub(r"\D", "", m.group(0))
        if mod11_ok(d):
            sys.exit(f"{where}: unmarked 10-digit run {m.group(0)} passes modulus 11")
    spans.sort(key=lambda x: (x["start"], x["end"]))
    return {"text": s, "spans": spans}


def main():
    records, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    # Seeded-hash split: lines are visited in the order of a seeded SHA-256 hash
    # and each goes to whichever half keeps every kind (and the clean lines, and
    # the line totals) most even; ties are broken by a bit of the same hash.
    def h(r):
        return hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest()

    keys = list(KINDS) + ["clean", "lines"]
    tally = {"tune": dict.fromkeys(keys, 0), "held": dict.fromkeys(keys, 0)}

    def contrib(r):
        c = dict.fromkeys(keys, 0)
        for sp in r["spans"]:
            c[sp["kind"]] += 1
        if not r["spans"]:
            c["clean"] += 1
        c["lines"] += 1
        return c

    def imbalance(a, b):
        return sum(abs(a[k] - b[k]) for k in keys)

    tune, held = [], []
    for r in sorted(records, key=h):
        c = contrib(r)
        ta = {k: tally["tune"][k] + c[k] for k in keys}
        hb = {k: tally["held"][k] + c[k] for k in keys}
        to_tune = imbalance(ta, tally["held"])
        to_held = imbalance(tally["tune"], hb)
        if to_tune < to_held or (to_tune == to_held and int(h(r)[-1], 16) % 2 == 0):
            tune.append(r)
            tally["tune"] = ta
        else:
            held.append(r)
            tally["held"] = hb
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
            for sp in r["spans"]:
                c[sp["kind"]] += 1
        return c, clean

    ct, cleant = counts(tune)
    ch, cleanh = counts(held)
    print(f"duplicates dropped: {dups}")
    print(f"| {'kind':<16} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*18}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in KINDS:
        print(f"| {k:<16} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")
    print(f"| {'clean lines':<16} | {cleant:>5} | {cleanh:>7} | {cleant+cleanh:>5} |")
    dt, dh = len(tune) - cleant, len(held) - cleanh
    print(f"| {'dirty lines':<16} | {dt:>5} | {dh:>7} | {dt+dh:>5} |")
    print(f"| {'all lines':<16} | {len(tune):>5} | {len(held):>7} | {len(tune)+len(held):>5} |")


if __name__ == "__main__":
    main()
