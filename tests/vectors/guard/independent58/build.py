#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] inside one sentence per line. Lines starting with '#' and
blank lines are ignored.
"""
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent58-balint-homevisit-ooh"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
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
        if "[[" in before or "]]" in before:
            sys.exit(f"{where}: stray bracket in {line!r}")
        text.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        sys.exit(f"{where}: stray bracket in {line!r}")
    text.append(rest)
    s = "".join(text)
    for sp in spans:
        if s[sp["start"]:sp["end"]] != sp.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s[sp["start"]:sp["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    spans.sort(key=lambda x: (x["start"], x["end"]))
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 with space/dash) must fail mod 11
    covered = set()
    for sp in spans:
        covered.update(range(sp["start"], sp["end"]))
    for pat in (r"(?<!\d)\d{10}(?!\d)", r"(?<![\d\- ])\d{3}[ \-]\d{3}[ \-]\d{4}(?![\d])"):
        for m in re.finditer(pat, s):
            if any(i in covered for i in range(m.start(), m.end())):
                continue
            d = re.sub(r"\D", "", m.group())
            if mod11_ok(d):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    return {"text": s, "spans": spans}


def main():
    src = os.path.join(HERE, "source")
    records, seen = [], set()
    dupes = 0
    for fn in sorted(os.listdir(src)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(src, fn), encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{fn}:{n}")
                if rec["text"] in seen:
                    dupes += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    def h(rec):
        return hashlib.sha256((SEED + "\x00" + rec["text"]).encode("utf-8")).hexdigest()

    # stratify by the set of kinds in a line, order each stratum by seeded hash, alternate
    strata = defaultdict(list)
    for rec in records:
        key = tuple(sorted({sp["kind"] for sp in rec["spans"]})) or ("clean",)
        strata[key].append(rec)
    tune, held = [], []
    flip = 0
    for key in sorted(strata):
        for i, rec in enumerate(sorted(strata[key], key=h)):
            (tune if (i + flip) % 2 == 0 else held).append(rec)
        flip ^= len(strata[key]) % 2
    tune.sort(key=h)
    held.sort(key=h)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def counts(data):
        c = Counter()
        for rec in data:
            if not rec["spans"]:
                c["clean lines"] += 1
            else:
                c["dirty lines"] += 1
            for sp in rec["spans"]:
                c[sp["kind"]] += 1
        c["lines"] = len(data)
        return c

    ct, chd = counts(tune), counts(held)
    rows = ["lines", "clean lines", "dirty lines"] + KINDS
    print(f"duplicates dropped: {dupes}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r} | {ct[r]} | {chd[r]} | {ct[r] + chd[r]} |")


if __name__ == "__main__":
    main()
