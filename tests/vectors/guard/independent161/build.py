#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Stdlib only. Each line of a source file is one sentence or chat message; identifiers
are written [[kind:text]]. The build strips the markup, records spans as Python str
offsets (code points), validates everything, drops exact duplicate lines, and splits
the lines into two halves with a seeded SHA-256 hash, stratified by rarest kind.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

SEED = "independent161-seed-7283"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
          "rev", "revd", "lord", "lady", "sister", "nurse", "father", "fr"}
MARK = re.compile(r"\[\[([a-z_]+):([^\[\]]+?)\]\]")
# digit groups joined by a single space or dash, e.g. 943 476 5919, 943-476-5919, 9434765919
DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*(?!\d)")

HERE = os.path.dirname(os.path.abspath(__file__))


def die(msg):
    sys.exit("build.py: " + msg)


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(c) * w for c, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - s % 11
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
            die(f"{where}: stray markup in {line!r}")
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            die(f"{where}: unknown kind {kind!r}")
        if value != value.strip():
            die(f"{where}: span has outer whitespace: {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        die(f"{where}: stray markup in {line!r}")
    text.append(rest)
    return "".join(text), spans, [m.group(2) for m in MARK.finditer(line)]


def validate(text, spans, values, where):
    for sp, value in zip(spans, values):
        got = text[sp["start"]:sp["end"]]
        if got != value:
            die(f"{where}: span does not round-trip: {got!r} != {value!r}")
        if sp["kind"] == "name":
            first = re.split(r"[\s.]+", got.strip(), maxsplit=1)[0].lower()
            if first in TITLES:
                die(f"{where}: title inside name span: {got!r}")
            if got.endswith("'s") or got.endswith("\u2019s"):
                die(f"{where}: possessive inside name span: {got!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", got)
            if not mod11_ok(digits):
                die(f"{where}: marked NHS number fails modulus 11: {got!r}")
    # unmarked 10-digit numbers must fail modulus 11
    covered = [False] * len(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            covered[i] = True
    masked = "".join("#" if covered[i] else ch for i, ch in enumerate(text))
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    die(f"{where}: unmarked 10-digit number passes modulus 11: "
                        f"{' '.join(groups[i:j + 1])!r} in {text!r}")
                if len(acc) >= 10:
                    break


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        die("no source files")
    records, seen, dups = [], set(), 0
    per_file = Counter()
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                where = f"{name}:{n}"
                text, spans, values = parse(line, where)
                validate(text, spans, values, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": spans})
                per_file[name] += 1

    totals = Counter(sp["kind"] for r in records for sp in r["spans"])
    rank = {k: (totals[k], k) for k in KINDS}

    def stratum(r):
        kinds = {sp["kind"] for sp in r["spans"]}
        return min(kinds, key=lambda k: rank[k]) if kinds else "clean"

    strata = defaultdict(list)
    for r in records:
        strata[stratum(r)].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key],
                       key=lambda r: hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(sp["kind"] for r in data for sp in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, ch = counts(tune), counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dups}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{ch[0][k]:>9}{ct[0][k] + ch[0][k]:>8}")
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[idx]:>8}{ch[idx]:>9}{ct[idx] + ch[idx]:>8}")
    name_share = totals["name"] / max(1, sum(totals.values()))
    print(f"clean share: {(ct[2] + ch[2]) / len(records):.1%}; name share of spans: {name_share:.1%}")


if __name__ == "__main__":
    main()
