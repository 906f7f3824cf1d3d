#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Each source line is one sentence or chat message. Identifiers are written
[[kind:text]]. Stdlib only. Stops with an error on any inconsistency.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent148-seed-6082"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|nurse|sister)\b\.?\s",
                   re.IGNORECASE)
# a run of digit groups joined by single spaces or dashes
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(msg):
    sys.exit("build.py: error: " + msg)


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


def parse(raw, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        if value != value.strip():
            fail(f"{where}: span {value!r} has surrounding whitespace")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(raw[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        fail(f"{where}: stray markup in {text!r}")
    return text, spans


def check(text, spans, raw, where):
    values = [m.group(2) for m in MARK.finditer(raw)]
    for sp, value in zip(spans, values):
        got = text[sp["start"]:sp["end"]]
        if got != value:
            fail(f"{where}: span does not round-trip: {got!r} != {value!r}")
        if sp["kind"] == "name" and TITLE.match(got):
            fail(f"{where}: title inside name span {got!r}")
        if sp["kind"] == "name" and (got.endswith("'s") or got.endswith("\u2019s")):
            fail(f"{where}: possessive inside name span {got!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", got)
            if not nhs_valid(digits):
                fail(f"{where}: marked NHS number fails modulus 11: {got!r}")
    # unmarked text: blank out every span, then look for 10-digit numbers
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and nhs_valid(acc):
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
            for n, line in enumerate(fh, 1):
                raw = line.rstrip("\n")
                if not raw.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(raw, where)
                check(text, spans, raw, where)
                if text != text.strip():
                    fail(f"{where}: leading or trailing whitespace")
                if raw in seen:
                    dups += 1
                    continue
                seen.add(raw)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": spans, "file": name})

    total_by_kind = collections.Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (total_by_kind[k], k))

    def h(rec):
        return hashlib.sha256((SEED + "\n" + rec["text"]).encode("utf-8")).hexdigest()

    strata = collections.defaultdict(list)
    for r in records:
        strata[stratum(r)].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        for i, r in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else heldout).append({"text": r["text"], "spans": r["spans"]})

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = collections.Counter(s["kind"] for r in data for s in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, cl_t, nt = counts(tune)
    ch, dh, cl_h, nh = counts(heldout)
    print(f"source files: {len(files)}; lines: {len(records)} (dropped {dups} duplicate)")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':<16}{cl_t:>8}{cl_h:>9}{cl_t + cl_h:>8}")
    print(f"{'total lines':<16}{nt:>8}{nh:>9}{nt + nh:>8}")
    allspans = sum(ct.values()) + sum(ch.values())
    names = ct["name"] + ch["name"]
    print(f"clean share {100 * (cl_t + cl_h) / (nt + nh):.1f}%; "
          f"names {100 * names / max(allspans, 1):.1f}% of {allspans} identifiers")


if __name__ == "__main__":
    main()
