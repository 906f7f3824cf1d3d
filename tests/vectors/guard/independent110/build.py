#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written markup in source/*.txt.

Markup: one sentence or chat message per line; each identifier is written
[[kind:text]].  Stdlib only.
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
SEED = "independent110-balint-staffroom"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
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
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        plain = line[pos:m.start()]
        if "[[" in plain or "]]" in plain:
            sys.exit(f"{where}: broken markup")
        text.append(plain)
        out_len += len(plain)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    tail = line[pos:]
    if "[[" in tail or "]]" in tail:
        sys.exit(f"{where}: broken markup")
    text.append(tail)
    s = "".join(text)
    for sp in spans:
        if s[sp["start"]:sp["end"]] != sp.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s[sp["start"]:sp["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # no unmarked 10-digit run (contiguous, or 3-3-4 grouped) may pass modulus 11
    covered = [False] * len(s)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            covered[i] = True
    for pat in (r"(?<!\d)\d{10}(?!\d)", r"(?<![\d])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])"):
        for m in re.finditer(pat, s):
            if any(covered[m.start():m.end()]):
                continue
            if mod11_ok(re.sub(r"\D", "", m.group())):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda x: (x["start"], x["end"]))
    return {"text": s, "spans": spans}


def main():
    records, seen = [], set()
    dupes = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dupes += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    # Stratified split: group each line by its rarest kind (or "clean"),
    # order each group by a seeded hash, and alternate tune/heldout.
    freq = Counter(sp["kind"] for r in records for sp in r["spans"])
    groups = defaultdict(list)
    for r in records:
        kinds = {sp["kind"] for sp in r["spans"]}
        key = min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"
        groups[key].append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        grp = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for i, r in enumerate(grp):
            (tune if (i + flip) % 2 == 0 else held).append(r)
        flip += len(grp)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    cols = ["lines", "clean", "name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
    def counts(data):
        c = Counter(sp["kind"] for r in data for sp in r["spans"])
        c["lines"] = len(data)
        c["clean"] = sum(1 for r in data if not r["spans"])
        return c
    ct, ch = counts(tune), counts(held)
    print(f"duplicates dropped: {dupes}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in cols:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
