#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt markup.

Markup: one sentence or chat message per line; identifiers written as [[kind:text]].
Lines starting with '#' and blank lines are ignored.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent82-balint-remote-2024"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# 10-digit candidates: a contiguous run of exactly 10 digits, or digit groups joined by
# single spaces/dashes whose digits add up to exactly 10 (e.g. 3-3-4, 3-4-3, 5-5).
GROUPED = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


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
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        sys.exit(f"{where}: stray brackets: {line!r}")
    for s in spans:
        if plain[s["start"]:s["end"]] != s["_t"]:
            sys.exit(f"{where}: span does not round-trip")
        if s["_t"] != s["_t"].strip():
            sys.exit(f"{where}: span has outer whitespace: {s['_t']!r}")
        del s["_t"]
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", plain[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {plain[s['start']:s['end']]!r}")
    # unmarked 10-digit runs must fail modulus 11
    for m in GROUPED.finditer(plain):
        covered = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if covered:
            continue
        chunk = m.group(0)
        groups = re.split(r"[ -]", chunk)
        # check every window of consecutive groups whose digits total 10
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {chunk!r}")
                if len(acc) >= 10:
                    break
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")
    return {"text": plain, "spans": spans}


def main():
    records, seen = [], set()
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    # Stratified seeded split: group by the rarest kind in the line (or "clean"),
    # order each group by a seeded hash, then alternate tune/heldout.
    freq = {}
    for r in records:
        for k in {s["kind"] for s in r["spans"]}:
            freq[k] = freq.get(k, 0) + 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        return min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"

    def h(r):
        return hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest()

    groups = {}
    for r in records:
        groups.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        for i, r in enumerate(sorted(groups[key], key=h)):
            (tune if (i + flip) % 2 == 0 else held).append(r)
        flip ^= len(groups[key]) % 2  # keep odd leftovers from piling onto one side
    tune.sort(key=h)
    held.sort(key=h)

    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    kinds = sorted(KINDS)
    def counts(data):
        c = {k: 0 for k in kinds}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        lines_dirty = sum(1 for r in data if r["spans"])
        return c, len(data) - lines_dirty, lines_dirty, len(data)
    ct, ch = counts(tune), counts(held)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in kinds:
        print(f"| {k} (spans) | {ct[0][k]} | {ch[0][k]} | {ct[0][k] + ch[0][k]} |")
    print(f"| clean lines | {ct[1]} | {ch[1]} | {ct[1] + ch[1]} |")
    print(f"| lines with identifiers | {ct[2]} | {ch[2]} | {ct[2] + ch[2]} |")
    print(f"| all lines | {ct[3]} | {ch[3]} | {ct[3] + ch[3]} |")


if __name__ == "__main__":
    main()
