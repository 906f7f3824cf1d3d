#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: each identifier is written [[kind:text]]. Standard library only.
Stops with an error on any markup or consistency problem (see check_* below).
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent160-seed-7381"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([a-z_]+):([^\[\]]+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|lord|lady)\b\.?\s", re.I)
# digit groups joined by single spaces or dashes
CHAIN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")


def die(msg):
    sys.exit("build.py: ERROR: " + msg)


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(raw, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            die(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "_v": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(raw[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        die(f"{where}: malformed markup: {raw!r}")
    return plain, spans


def check_line(plain, spans, where):
    for s in spans:
        if plain[s["start"]:s["end"]] != s["_v"]:
            die(f"{where}: span does not round-trip: {s}")
        v = s["_v"]
        if v != v.strip():
            die(f"{where}: span has surrounding whitespace: {v!r}")
        if s["kind"] == "name" and TITLE.match(v):
            die(f"{where}: title inside name span: {v!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", v)
            if not mod11_ok(digits):
                die(f"{where}: marked NHS number fails modulus 11: {v!r}")
    # mask marked spans, then look for unmarked 10-digit numbers passing mod 11
    masked = list(plain)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in CHAIN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    die(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break
    # spans must not overlap
    ordered = sorted(spans, key=lambda s: (s["start"], s["end"]))
    for a, b in zip(ordered, ordered[1:]):
        if b["start"] < a["end"]:
            die(f"{where}: overlapping spans")


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        die("no source files")
    seen, records, dropped = set(), [], 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{name}:{n}"
                plain, spans = parse(raw, where)
                check_line(plain, spans, where)
                if plain in seen:
                    dropped += 1
                    continue
                seen.add(plain)
                spans = sorted(spans, key=lambda s: (s["start"], s["end"]))
                records.append({"text": plain,
                                "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]}
                                          for s in spans]})

    total = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            total[s["kind"]] += 1
    rank = {k: (total[k], k) for k in KINDS}

    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: rank[k]) if kinds else "clean"
        strata.setdefault(key, []).append(r)

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    tune, heldout = [], []
    for key in sorted(strata):
        for i, r in enumerate(sorted(strata[key], key=h)):
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

    ct, cd = counts(tune), counts(heldout)
    print(f"source files: {len(files)}; lines: {len(records)}; exact duplicates dropped: {dropped}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{cd[0][k]:>9}{ct[0][k] + cd[0][k]:>8}")
    spans_t, spans_h = sum(ct[0].values()), sum(cd[0].values())
    print(f"{'all spans':<16}{spans_t:>8}{spans_h:>9}{spans_t + spans_h:>8}")
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[idx]:>8}{cd[idx]:>9}{ct[idx] + cd[idx]:>8}")
    alln = spans_t + spans_h
    print(f"name share of spans: {100.0 * (ct[0]['name'] + cd[0]['name']) / max(alln, 1):.1f}%; "
          f"clean share of lines: {100.0 * (ct[2] + cd[2]) / max(len(records), 1):.1f}%")


if __name__ == "__main__":
    main()
