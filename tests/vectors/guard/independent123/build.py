#!/usr/bin/env python3
"""Build the independent123 guard corpus (stdlib only).

Reads source/*.txt (one sentence or chat message per line, identifiers marked
[[kind:text]]), checks every line, drops exact duplicates, and writes
tune.json and heldout.json with a seeded SHA-256 stratified split.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent123-seed-4817"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
    "lord", "lady", "rev", "revd", "father", "sister", "nurse",
}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# Digit groups joined by a single space or dash.
DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")


def fail(where, msg):
    sys.exit(f"ERROR {where}: {msg}")


def nhs_valid(digits):
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
            fail(where, f"stray markup in {line!r}")
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if value != value.strip() or not value:
            fail(where, f"span has outer whitespace: {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "_v": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        fail(where, f"stray markup in {line!r}")
    text.append(rest)
    return "".join(text), spans


def check(text, spans, line, where):
    # round trip
    rebuilt, last = [], 0
    for s in spans:
        if text[s["start"]:s["end"]] != s["_v"]:
            fail(where, f"span does not round-trip: {s}")
        rebuilt.append(text[last:s["start"]])
        rebuilt.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
        last = s["end"]
    rebuilt.append(text[last:])
    if "".join(rebuilt) != line:
        fail(where, "line does not round-trip")
    for s in spans:
        v = s["_v"]
        if s["kind"] == "name":
            first = re.split(r"[\s.]+", v.strip())[0].lower()
            if first in TITLES:
                fail(where, f"title inside name span: {v!r}")
            if v.endswith("'s") or v.endswith("\u2019s"):
                fail(where, f"possessive inside name span: {v!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", v)
            if not nhs_valid(digits):
                fail(where, f"marked NHS number fails modulus 11: {v!r}")
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
                if len(acc) == 10 and nhs_valid(acc):
                    fail(where, f"unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("source", "no source files")
    seen, items = set(), []
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                where = f"{name}:{n}"
                if line != line.strip():
                    fail(where, "leading or trailing whitespace")
                if line in seen:
                    dropped += 1
                    continue
                seen.add(line)
                text, spans = parse(line, where)
                check(text, spans, line, where)
                items.append((text, spans))
    texts = [t for t, _ in items]
    if len(set(texts)) != len(texts):
        fail("corpus", "same text marked two different ways")

    totals = {k: 0 for k in KINDS}
    for _, spans in items:
        for s in spans:
            totals[s["kind"]] += 1

    def stratum(spans):
        kinds = {s["kind"] for s in spans}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], KINDS.index(k)))

    strata = {}
    for text, spans in items:
        strata.setdefault(stratum(spans), []).append((text, spans))
    tune, heldout = [], []
    for key in sorted(strata):
        rows = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\n" + r[0]).encode("utf-8")).hexdigest())
        for i, row in enumerate(rows):
            (tune if i % 2 == 0 else heldout).append(row)

    def dump(rows, fname):
        out = []
        for text, spans in rows:
            ss = sorted(({"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans),
                        key=lambda s: (s["start"], s["end"]))
            out.append({"text": text, "spans": ss})
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    dump(tune, "tune.json")
    dump(heldout, "heldout.json")

    def counts(rows):
        c = {k: 0 for k in KINDS}
        dirty = 0
        for _, spans in rows:
            dirty += bool(spans)
            for s in spans:
                c[s["kind"]] += 1
        return c, dirty, len(rows) - dirty, len(rows)

    ct, cd = counts(tune), counts(heldout)
    print(f"files: {len(files)}  lines: {len(items)}  duplicates dropped: {dropped}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[0][k]} | {cd[0][k]} | {ct[0][k] + cd[0][k]} |")
    print(f"| spans | {sum(ct[0].values())} | {sum(cd[0].values())} | {sum(ct[0].values()) + sum(cd[0].values())} |")
    print(f"| dirty lines | {ct[1]} | {cd[1]} | {ct[1] + cd[1]} |")
    print(f"| clean lines | {ct[2]} | {cd[2]} | {ct[2] + cd[2]} |")
    print(f"| total lines | {ct[3]} | {cd[3]} | {ct[3] + cd[3]} |")
    n = ct[3] + cd[3]
    print(f"clean share: {(ct[2] + cd[2]) / n:.1%}  name share of spans: "
          f"{(ct[0]['name'] + cd[0]['name']) / max(1, sum(ct[0].values()) + sum(cd[0].values())):.1%}")


if __name__ == "__main__":
    main()
