#!/usr/bin/env python3
"""Build the independent166 guard corpus from hand-written source files.

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), checks the markup, drops exact duplicate lines, and splits
the lines into tune.json and heldout.json with a seeded SHA-256 hash,
stratified by each line's rarest identifier kind. Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent166-seed-6083"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^:\[\]]*):([^\[\]]*)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sister|nurse|sir|dame|rev|lady|lord)\b\.?", re.I)
TEN_DIGITS = re.compile(r"(?<![\d])\d(?:[ -]?\d){9}(?![\d])")


class CorpusError(Exception):
    pass


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse_line(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            raise CorpusError(f"{where}: empty or padded span {value!r}")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len, "_value": value})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise CorpusError(f"{where}: stray markup in {raw!r}")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_value"]:
            raise CorpusError(f"{where}: span does not round-trip: {s['_value']!r}")
        value = s.pop("_value")
        if s["kind"] == "name" and TITLE.match(value):
            raise CorpusError(f"{where}: title inside name span {value!r}")
        if s["kind"] == "name" and re.search(r"['\u2019]s$", value):
            raise CorpusError(f"{where}: possessive inside name span {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not nhs_valid(digits):
                raise CorpusError(f"{where}: marked NHS number fails modulus 11: {value!r}")
    # unmarked 10-digit numbers (run together, or grouped by single spaces/dashes)
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in TEN_DIGITS.finditer(masked):
        digits = re.sub(r"[ -]", "", m.group(0))
        if nhs_valid(digits):
            raise CorpusError(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise CorpusError(f"{where}: overlapping spans")
    return {"text": text, "spans": spans}


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise CorpusError("no source files")
    records = []
    seen = set()
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                rec = parse_line(raw, f"{name}:{n}")
                key = (rec["text"], tuple((s["kind"], s["start"], s["end"]) for s in rec["spans"]))
                if key in seen:
                    dropped += 1
                    continue
                seen.add(key)
                records.append(rec)
    return files, records, dropped


def split(records):
    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1
    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (totals[k], KINDS.index(k)))
        else:
            stratum = "clean"
        strata.setdefault(stratum, []).append(r)
    tune, heldout = [], []
    for stratum in sorted(strata):
        items = sorted(
            strata[stratum],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)
    return tune, heldout


def counts(recs):
    c = {k: 0 for k in KINDS}
    dirty = 0
    for r in recs:
        if r["spans"]:
            dirty += 1
        for s in r["spans"]:
            c[s["kind"]] += 1
    return c, dirty, len(recs) - dirty, len(recs)


def main():
    try:
        files, records, dropped = load()
    except CorpusError as e:
        sys.exit(f"build.py: error: {e}")
    tune, heldout = split(records)
    for fname, recs in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; exact duplicates dropped: {dropped}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")


if __name__ == "__main__":
    main()
