#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent145.

Reads source/*.txt (one sentence or message per line, identifiers written
[[kind:text]]), checks every line, drops exact duplicate lines, and splits
the lines into two halves with a seeded SHA-256 hash, stratified by each
line's rarest identifier kind. Standard library only.
"""

import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent145-seed-4826"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^:\[\]]+):([^\[\]]+)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd)\b\.?\s", re.I)
# Maximal runs of digit groups joined by a single space or dash.
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


def fail(msg):
    sys.exit("build.py: " + msg)


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line, where):
    text_parts, spans = [], []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        if value != value.strip() or not value:
            fail(f"{where}: span has surrounding whitespace: {value!r}")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len, "_value": value})
        pos = m.end()
    text_parts.append(line[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        fail(f"{where}: malformed markup: {line!r}")
    return text, spans


def check(text, spans, line, where):
    # Round trip: offsets give back the marked text, and re-marking gives the line.
    rebuilt, pos = [], 0
    for s in spans:
        if text[s["start"]:s["end"]] != s["_value"]:
            fail(f"{where}: span does not round-trip: {s}")
        rebuilt.append(text[pos:s["start"]])
        rebuilt.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
        pos = s["end"]
    rebuilt.append(text[pos:])
    if "".join(rebuilt) != line:
        fail(f"{where}: line does not round-trip")
    for s in spans:
        value = s["_value"]
        if s["kind"] == "name" and TITLE.match(value):
            fail(f"{where}: title inside name span: {value!r}")
        if s["kind"] == "name" and value.lower().endswith("'s"):
            fail(f"{where}: possessive inside name span: {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not nhs_valid(digits):
                fail(f"{where}: marked NHS number fails modulus 11: {value!r}")
    # Unmarked 10-digit numbers (run together, or grouped by single spaces or
    # dashes) must fail modulus 11.
    for m in DIGIT_RUN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start(), g.group())
                  for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > 10:
                    break
                if len(digits) == 10:
                    a, b = groups[i][0], groups[j][1]
                    covered = any(s["start"] < b and a < s["end"] for s in spans)
                    if not covered and nhs_valid(digits):
                        fail(f"{where}: unmarked 10-digit number passes modulus 11: "
                             f"{text[a:b]!r}")


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("no source files")
    seen, records = set(), []
    dropped = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                check(text, spans, line, where)
                if line in seen:
                    dropped += 1
                    continue
                seen.add(line)
                records.append({"text": text,
                                "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]}
                                          for s in sorted(spans, key=lambda s: (s["start"], s["end"]))]})

    total_kind = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (total_kind[k], k))

    strata = {}
    for rec in records:
        strata.setdefault(stratum(rec), []).append(rec)
    tune, heldout = [], []
    for key in sorted(strata):
        ranked = sorted(strata[key],
                        key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, rec in enumerate(ranked):
            (tune if i % 2 == 0 else heldout).append(rec)

    for name, half in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(half, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(half):
        c = Counter(s["kind"] for r in half for s in r["spans"])
        dirty = sum(1 for r in half if r["spans"])
        return c, dirty, len(half) - dirty, len(half)

    ct, dt, cl_t, nt = counts(tune)
    ch, dh, cl_h, nh = counts(heldout)
    print(f"source files: {len(files)}; lines: {len(records)} (exact duplicates dropped: {dropped})")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"{'all spans':<16}{sum(ct.values()):>8}{sum(ch.values()):>9}{sum(ct.values()) + sum(ch.values()):>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':<16}{cl_t:>8}{cl_h:>9}{cl_t + cl_h:>8}")
    print(f"{'total lines':<16}{nt:>8}{nh:>9}{nt + nh:>8}")
    names = ct["name"] + ch["name"]
    allspans = sum(ct.values()) + sum(ch.values())
    print(f"clean share: {(cl_t + cl_h) / (nt + nh):.1%}; name share of spans: {names / allspans:.1%}")


if __name__ == "__main__":
    main()
