#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Standard library only. Stops with an error if any line is malformed, a span does not
round-trip, an unknown kind is used, a title sits inside a name span, a marked NHS number
fails modulus 11, or an unmarked 10-digit number passes modulus 11.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent158-seed-7351"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd)\b\.?\s", re.I)
# maximal runs of digit groups joined by a single space or dash
RUN = re.compile(r"\d+(?:[ -]\d+)*")


def fail(msg):
    sys.exit("build.py: ERROR: " + msg)


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            fail(f"{where}: stray brackets in {line!r}")
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            fail(f"{where}: empty or padded span {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "_v": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        fail(f"{where}: stray brackets in {line!r}")
    text.append(rest)
    return "".join(text), spans


def check(text, spans, where):
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_v"):
            fail(f"{where}: span does not round-trip")
        value = text[s["start"]:s["end"]]
        if s["kind"] == "name":
            if TITLE.match(value):
                fail(f"{where}: title inside name span {value!r}")
            if value.endswith(("'s", "\u2019s")):
                fail(f"{where}: possessive inside name span {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not nhs_valid(digits):
                fail(f"{where}: marked NHS number fails modulus 11: {value!r}")
    # mask marked spans, then look for unmarked 10-digit numbers passing modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j]
                if len(digits) == 10 and nhs_valid(digits):
                    fail(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(digits) >= 10:
                    break


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("no source files")
    items, seen, dropped = [], set(), 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip()
                if not line.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(line, where)
                check(text, spans, where)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                for a, b in zip(spans, spans[1:]):
                    if b["start"] < a["end"]:
                        fail(f"{where}: overlapping spans")
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                items.append({"text": text, "spans": spans})

    freq = {k: 0 for k in KINDS}
    for it in items:
        for s in it["spans"]:
            freq[s["kind"]] += 1

    def stratum(it):
        kinds = {s["kind"] for s in it["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (freq[k], k))

    def h(it):
        return hashlib.sha256((SEED + "\n" + it["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for it in items:
        strata.setdefault(stratum(it), []).append(it)
    tune, heldout = [], []
    for key in sorted(strata):
        for i, it in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else heldout).append(it)
    tune.sort(key=h)
    heldout.sort(key=h)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for it in data:
            for s in it["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for it in data if it["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, cd_t, cc_t, n_t = counts(tune)
    ch, cd_h, cc_h, n_h = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(items)}; exact duplicates dropped: {dropped}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {cd_t} | {cd_h} | {cd_t + cd_h} |")
    print(f"| clean lines | {cc_t} | {cc_h} | {cc_t + cc_h} |")
    print(f"| total lines | {n_t} | {n_h} | {n_t + n_h} |")


if __name__ == "__main__":
    main()
