#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: [[kind:text]] around each identifier. Standard library only.
Stops with an error on any markup problem (see checks below).
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent136-seed-7319"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")

MARK = re.compile(r"\[\[([^:\]]*):([^\]]*)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|sister|nurse)\b\.?",
    re.IGNORECASE,
)
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


def fail(where, msg):
    sys.exit("ERROR %s: %s" % (where, msg))


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, "unknown kind %r" % kind)
        if not value or value != value.strip():
            fail(where, "empty or padded span %r" % value)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "value": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        fail(where, "unbalanced or malformed markup")
    return plain, spans


def check(plain, spans, where):
    for s in spans:
        v = s["value"]
        if plain[s["start"]:s["end"]] != v:
            fail(where, "span does not round-trip: %r" % v)
        k = s["kind"]
        if k == "name":
            if TITLE.match(v):
                fail(where, "title inside name span: %r" % v)
            if v.endswith("'s") or v.endswith("\u2019s"):
                fail(where, "possessive inside name span: %r" % v)
        elif k == "nhs_number":
            digits = re.sub(r"[ -]", "", v)
            if not nhs_ok(digits):
                fail(where, "marked NHS number fails modulus 11: %r" % v)
        elif k == "email":
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", v):
                fail(where, "odd email %r" % v)
        elif k == "postcode":
            if not POSTCODE.match(v):
                fail(where, "odd postcode %r" % v)
        elif k == "phone":
            if len(re.sub(r"\D", "", v)) < 10:
                fail(where, "odd phone %r" % v)
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(plain)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for a in range(len(groups)):
            total = ""
            for b in range(a, len(groups)):
                total += groups[b]
                if len(total) == 10 and nhs_ok(total):
                    fail(where, "unmarked 10-digit number passes modulus 11: %r" % m.group(0))
                if len(total) >= 10:
                    break


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("source", "no files")
    records, seen, dups = [], {}, 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip()
                if not line.strip():
                    continue
                where = "%s:%d" % (os.path.basename(path), n)
                plain, spans = parse(line, where)
                check(plain, spans, where)
                if plain in seen:
                    if seen[plain] != [(s["kind"], s["start"], s["end"]) for s in spans]:
                        fail(where, "duplicate text with different markup")
                    dups += 1
                    continue
                seen[plain] = [(s["kind"], s["start"], s["end"]) for s in spans]
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": plain,
                                "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]}
                                          for s in spans]})

    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], k))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    tune, heldout = [], []
    for name in sorted(strata):
        for i, r in enumerate(sorted(strata[name], key=h)):
            (tune if i % 2 == 0 else heldout).append(r)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(heldout)
    print("source files: %d, lines kept: %d, exact duplicates dropped: %d" % (len(files), len(records), dups))
    print()
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print("| %s | %d | %d | %d |" % (k, ct[k], ch[k], ct[k] + ch[k]))
    print("| **all spans** | %d | %d | %d |" % (sum(ct.values()), sum(ch.values()), sum(ct.values()) + sum(ch.values())))
    print("| dirty lines | %d | %d | %d |" % (dt, dh, dt + dh))
    print("| clean lines | %d | %d | %d |" % (clt, clh, clt + clh))
    print("| total lines | %d | %d | %d |" % (nt, nh, nt + nh))
    n = nt + nh
    print()
    print("clean share: %.1f%%; names share of identifiers: %.1f%%" % (
        100.0 * (clt + clh) / n,
        100.0 * (ct["name"] + ch["name"]) / max(1, sum(ct.values()) + sum(ch.values()))))


if __name__ == "__main__":
    main()
