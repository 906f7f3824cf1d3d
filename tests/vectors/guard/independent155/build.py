#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each source line is one sentence or chat message. Identifiers are written
[[kind:text]]. The build checks every line and stops on the first problem.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

SEED = "independent155-seed-4817"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|nurse|sister)\b\.?\s", re.I)
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(msg):
    sys.exit("build.py: ERROR: " + msg)


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            fail(f"{where}: stray brackets in {line!r}")
        text.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        if not val or val != val.strip():
            fail(f"{where}: empty or padded span {val!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_val": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        fail(f"{where}: stray brackets in {line!r}")
    text.append(rest)
    return "".join(text), spans


def check(text, spans, where, source_line):
    # round trip
    rebuilt, last = [], 0
    for s in spans:
        if text[s["start"]:s["end"]] != s["_val"]:
            fail(f"{where}: span does not round-trip: {s}")
        rebuilt.append(text[last:s["start"]])
        rebuilt.append(f"[[{s['kind']}:{s['_val']}]]")
        last = s["end"]
    rebuilt.append(text[last:])
    if "".join(rebuilt) != source_line:
        fail(f"{where}: rebuild differs from source line")
    for s in spans:
        v = s["_val"]
        if s["kind"] == "name":
            if TITLE.match(v):
                fail(f"{where}: title inside name span {v!r}")
            if v.endswith("'s") or v.endswith("\u2019s"):
                fail(f"{where}: possessive inside name span {v!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", v)
            if not mod11_ok(digits):
                fail(f"{where}: marked NHS number fails modulus 11: {v!r}")
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    fail(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("no source files")
    records, seen, dups = [], set(), 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(line, where)
                check(text, spans, where, line)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text,
                                "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]})

    total_kind = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (total_kind[k], k))

    strata = defaultdict(list)
    for r in records:
        strata[stratum(r)].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for fname, half in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(half, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dups}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in heldout for s in r["spans"] if s["kind"] == k)
        print(f"{k:<16}{a:>8}{b:>9}{a + b:>8}")
    for label, pred in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"]), ("total lines", lambda r: True)):
        a = sum(1 for r in tune if pred(r))
        b = sum(1 for r in heldout if pred(r))
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    ident = sum(total_kind.values())
    print(f"name share of identifiers: {total_kind['name'] / ident:.1%}" if ident else "no identifiers")


if __name__ == "__main__":
    main()
