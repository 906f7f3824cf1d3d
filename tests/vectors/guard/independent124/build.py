#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent124.

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), checks every line, drops exact duplicates, and splits the
lines into two halves with a seeded SHA-256 hash, stratified by each line's
rarest identifier kind. Standard library only.

heldout.json is never used for tuning.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent124-seed-7351"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|nurse|sister)\b\.?\s", re.I)
# A run of exactly ten digits, run together or grouped by single spaces or dashes.
TEN = re.compile(r"(?<![\d])(?<![\d][ -])\d(?:[ -]?\d){9}(?![ -]?\d)")


class BuildError(Exception):
    pass


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
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if value != value.strip() or not value:
            raise BuildError(f"{where}: span {value!r} has outer whitespace or is empty")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray or malformed markup")
    # round trip: every span must give back exactly what was marked
    marked = [m.group(2) for m in MARK.finditer(raw)]
    for span, value in zip(spans, marked):
        if text[span["start"]:span["end"]] != value:
            raise BuildError(f"{where}: span does not round-trip: {value!r}")
    return text, spans


def check_line(text, spans, where):
    for s in spans:
        value = text[s["start"]:s["end"]]
        if s["kind"] == "name":
            if TITLE.match(value):
                raise BuildError(f"{where}: title inside name span {value!r}")
            if value.endswith("'s") or value.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", value)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
    # blank out marked spans, then look for unmarked ten-digit numbers
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in TEN.finditer(masked):
        digits = re.sub(r"\D", "", m.group(0))
        if nhs_valid(digits):
            raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records = []
    seen = set()
    dropped = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh.read().splitlines(), 1):
                raw = raw.strip()
                if not raw:
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse_line(raw, where)
                check_line(text, spans, where)
                if raw in seen:
                    dropped += 1
                    continue
                seen.add(raw)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": spans})
    return records, dropped, len(files)


def split(records):
    totals = collections.Counter(s["kind"] for r in records for s in r["spans"])
    strata = collections.defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (totals[k], k)) if kinds else "clean"
        strata[key].append(r)
    tune, heldout = [], []
    turn = 0
    for key in sorted(strata):
        group = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest(),
        )
        for r in group:
            (tune if turn % 2 == 0 else heldout).append(r)
            turn += 1
    return tune, heldout


def counts(half):
    c = collections.Counter(s["kind"] for r in half for s in r["spans"])
    dirty = sum(1 for r in half if r["spans"])
    return c, dirty, len(half) - dirty, len(half)


def main():
    try:
        records, dropped, nfiles = load()
    except BuildError as e:
        print("BUILD ERROR:", e, file=sys.stderr)
        sys.exit(1)
    tune, heldout = split(records)
    for name, half in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(half, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(heldout)
    print(f"{nfiles} source files, {len(records)} lines kept, {dropped} exact duplicates dropped")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':<16}{clt:>8}{clh:>9}{clt + clh:>8}")
    print(f"{'total lines':<16}{nt:>8}{nh:>9}{nt + nh:>8}")


if __name__ == "__main__":
    main()
