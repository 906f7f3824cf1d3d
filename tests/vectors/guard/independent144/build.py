#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Each line of a source file is one sentence or chat message.  Identifiers are
written inline as [[kind:text]].  Standard library only.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent144-seed-6829"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd)\b\.?\s", re.I)
# Digit groups joined by a single space or dash.
CHAIN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


def fail(msg):
    sys.exit("build.py: error: " + msg)


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


def parse(raw, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        if "[[" in before or "]]" in before:
            fail(f"{where}: stray brackets in {raw!r}")
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            fail(f"{where}: empty or padded span {value!r}")
        if kind == "name" and TITLE.match(value):
            fail(f"{where}: title inside name span {value!r}")
        if kind == "name" and re.search(r"'s$|’s$", value):
            fail(f"{where}: possessive inside name span {value!r}")
        if kind == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not mod11_ok(digits):
                fail(f"{where}: NHS number fails modulus 11: {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    rest = raw[pos:]
    if "[[" in rest or "]]" in rest:
        fail(f"{where}: stray brackets in {raw!r}")
    text.append(rest)
    text = "".join(text)
    # Round trip: every span must reproduce the marked text.
    for sp, m in zip(spans, MARK.finditer(raw)):
        if text[sp["start"]:sp["end"]] != m.group(2):
            fail(f"{where}: span does not round-trip: {m.group(0)!r}")
    return text, spans


def check_unmarked_numbers(text, spans, where):
    covered = set()
    for sp in spans:
        covered.update(range(sp["start"], sp["end"]))
    for m in CHAIN.finditer(text):
        groups = [(g.start() + m.start(), g.group()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][1]
                if len(digits) > 10:
                    break
                if len(digits) == 10 and mod11_ok(digits):
                    start = groups[i][0]
                    end = groups[j][0] + len(groups[j][1])
                    if not set(range(start, end)) <= covered:
                        fail(f"{where}: unmarked 10-digit number passes modulus 11: "
                             f"{text[start:end]!r}")


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("no source files")
    records, seen, dropped = [], set(), 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n")
                if not raw.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(raw, where)
                check_unmarked_numbers(text, spans, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": spans})

    # Stratify each line by its rarest kind across the whole corpus.
    freq = collections.Counter(sp["kind"] for r in records for sp in r["spans"])
    strata = collections.defaultdict(list)
    for r in records:
        kinds = {sp["kind"] for sp in r["spans"]}
        key = min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"
        strata[key].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key],
                       key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode()).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = collections.Counter(sp["kind"] for r in data for sp in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, cl_t, nt = counts(tune)
    ch, dh, cl_h, nh = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dropped}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    tot_t, tot_h = sum(ct.values()), sum(ch.values())
    print(f"{'all spans':<16}{tot_t:>8}{tot_h:>9}{tot_t + tot_h:>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':<16}{cl_t:>8}{cl_h:>9}{cl_t + cl_h:>8}")
    print(f"{'total lines':<16}{nt:>8}{nh:>9}{nt + nh:>8}")


if __name__ == "__main__":
    main()
