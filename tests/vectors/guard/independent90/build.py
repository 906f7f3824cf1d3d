#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written markup in source/*.txt.

Markup: [[kind:text]] marks an identifier. Lines starting with '#' and blank lines are skipped.
Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent90-balint-2026"


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if "[[" in text or "]]" in text:
            sys.exit(f"{where}: nested markup")
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        spans.append({"kind": kind, "start": length, "end": length + len(text), "_text": text})
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray brackets")
    return text, spans


def check(text, spans, where):
    covered = [False] * len(text)
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            sys.exit(f"{where}: span does not round-trip")
        if s["_text"] != s["_text"].strip():
            sys.exit(f"{where}: span has outer whitespace")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s["_text"])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number {s['_text']} fails modulus 11")
        for i in range(s["start"], s["end"]):
            covered[i] = True
    # unmarked 10-digit numbers: plain runs, or digit groups joined by single spaces/dashes
    for m in re.finditer(r"(?<!\d)\d+(?:[ -]\d+)*(?!\d)", text):
        groups = re.findall(r"\d+", m.group(0))
        # every contiguous run of groups that totals exactly 10 digits
        for i in range(len(groups)):
            total = ""
            for g in groups[i:]:
                total += g
                if len(total) >= 10:
                    break
            if len(total) == 10 and mod11_ok(total):
                starts = [x.start() + m.start() for x in re.finditer(r"\d+", m.group(0))]
                if not covered[starts[i]]:
                    sys.exit(f"{where}: unmarked 10-digit number {m.group(0)!r} passes modulus 11")


def rank(text):
    return hashlib.sha256((SEED + "\n" + text).encode("utf-8")).hexdigest()


RARITY = ["postcode", "nhs_number", "date", "email", "phone", "patient_number", "name"]


def stratum(rec):
    kinds = {s["kind"] for s in rec["spans"]}
    for k in RARITY:
        if k in kinds:
            return k
    return "clean"


def main():
    records, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{name}:{n}"
                text, spans = parse(line, where)
                check(text, spans, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": [
                    {"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]})
    # Split by seeded hash, stratified: within each stratum (the rarest kind in the line, or
    # clean) lines are ordered by their seeded hash and dealt alternately to tune and heldout.
    halves = {"tune": [], "heldout": []}
    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: rank(r["text"]))
        first = "tune" if int(rank(key), 16) % 2 == 0 else "heldout"
        other = "heldout" if first == "tune" else "tune"
        for i, r in enumerate(group):
            halves[first if i % 2 == 0 else other].append(r)
    for h in halves:
        halves[h].sort(key=lambda r: rank(r["text"]))
    for k, v in halves.items():
        with open(os.path.join(HERE, f"{k}.json"), "w", encoding="utf-8") as f:
            json.dump(v, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    rows = ["| kind | tune | heldout | total |", "|---|---:|---:|---:|"]
    for k in kinds + ["clean lines", "dirty lines", "all lines"]:
        c = []
        for h in ("tune", "heldout"):
            recs = halves[h]
            if k == "clean lines":
                c.append(sum(1 for r in recs if not r["spans"]))
            elif k == "dirty lines":
                c.append(sum(1 for r in recs if r["spans"]))
            elif k == "all lines":
                c.append(len(recs))
            else:
                c.append(sum(1 for r in recs for s in r["spans"] if s["kind"] == k))
        rows.append(f"| {k} | {c[0]} | {c[1]} | {c[0] + c[1]} |")
    print("\n".join(rows))
    print(f"(exact duplicates dropped: {dups})")


if __name__ == "__main__":
    main()
