#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]].  Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent132-seed-4817"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "nurse", "sister")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


def fail(msg):
    sys.exit("build.py: ERROR: " + msg)


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            fail("%s: stray brackets: %r" % (where, line))
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail("%s: unknown kind %r" % (where, kind))
        if value != value.strip() or not value:
            fail("%s: span has outer whitespace: %r" % (where, value))
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "_v": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        fail("%s: stray brackets: %r" % (where, line))
    text.append(rest)
    return "".join(text), spans


def check(text, spans, where):
    for s in spans:
        v = s.pop("_v")
        if text[s["start"]:s["end"]] != v:
            fail("%s: span does not round-trip: %r" % (where, v))
        if s["kind"] == "name":
            first = re.split(r"[\s.]+", v.strip())[0].lower()
            if first in TITLES:
                fail("%s: title inside name span: %r" % (where, v))
        if s["kind"] == "nhs_number":
            d = re.sub(r"[ -]", "", v)
            if not mod11_ok(d):
                fail("%s: marked NHS number fails modulus 11: %r" % (where, v))
    # unmarked ten-digit numbers (run together or grouped by single spaces/dashes)
    for m in DIGIT_RUN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start(), g.group()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > 10:
                    break
                if len(digits) == 10:
                    a, b = groups[i][0], groups[j][1]
                    covered = any(s["start"] <= a and b <= s["end"] for s in spans)
                    if not covered and mod11_ok(digits):
                        fail("%s: unmarked 10-digit number passes modulus 11: %r" % (where, text[a:b]))
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return spans


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("no source files")
    seen, records = set(), []
    dropped = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                where = "%s:%d" % (os.path.basename(path), n)
                text, spans = parse(line, where)
                spans = check(text, spans, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})

    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], KINDS.index(k)))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, cd = counts(tune), counts(heldout)
    print("files: %d  lines: %d  duplicates dropped: %d" % (len(files), len(records), dropped))
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print("| %s | %d | %d | %d |" % (k, ct[0][k], cd[0][k], ct[0][k] + cd[0][k]))
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print("| %s | %d | %d | %d |" % (label, ct[idx], cd[idx], ct[idx] + cd[idx]))


if __name__ == "__main__":
    main()
