#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent164.

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), checks the markup, drops exact duplicate lines, and splits
the lines into two halves with a seeded SHA-256 hash, stratified by the rarest
kind in each line. Standard library only. heldout.json is never for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent164-seed-3947"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd)\b\.?\s", re.I)
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
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
            raise BuildError(f"{where}: span has surrounding whitespace or is empty: {value!r}")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len, "_value": value})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: unbalanced or malformed markup: {raw!r}")
    for sp in spans:
        value = sp.pop("_value")
        if text[sp["start"]:sp["end"]] != value:
            raise BuildError(f"{where}: span does not round-trip: {value!r}")
        if sp["kind"] == "name":
            if TITLE.match(value):
                raise BuildError(f"{where}: title inside name span: {value!r}")
            if value.endswith("'s") or value.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span: {value!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    check_unmarked_numbers(text, spans, where)
    return text, spans


def check_unmarked_numbers(text, spans, where):
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            joined = ""
            for j in range(i, len(groups)):
                joined += groups[j]
                if len(joined) == 10 and mod11_ok(joined):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: "
                        f"{' '.join(groups[i:j + 1])!r}")
                if len(joined) >= 10:
                    break


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files found")
    records = []
    seen = set()
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{name}:{lineno}"
                text, spans = parse_line(raw, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans, "_src": name})
    return files, records, dropped


def split(records):
    totals = Counter(sp["kind"] for r in records for sp in r["spans"])
    strata = OrderedDict()
    for r in records:
        kinds = {sp["kind"] for sp in r["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (totals[k], k))
        else:
            stratum = "clean"
        strata.setdefault(stratum, []).append(r)
    tune, heldout = [], []
    for stratum in sorted(strata):
        items = sorted(
            strata[stratum],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)
    return tune, heldout


def strip(records):
    return [{"text": r["text"],
             "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in r["spans"]]}
            for r in records]


def table(tune, heldout):
    def counts(recs):
        c = Counter(sp["kind"] for r in recs for sp in r["spans"])
        dirty = sum(1 for r in recs if r["spans"])
        return c, dirty, len(recs) - dirty, len(recs)
    ct, dt, clt, tt = counts(tune)
    ch, dh, clh, th = counts(heldout)
    lines = ["| kind | tune | heldout | total |", "|---|---:|---:|---:|"]
    for k in KINDS:
        lines.append(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    lines.append(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    lines.append(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    lines.append(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    lines.append(f"| total lines | {tt} | {th} | {tt + th} |")
    return "\n".join(lines)


def main():
    try:
        files, records, dropped = load()
    except BuildError as exc:
        sys.exit(f"build failed: {exc}")
    tune, heldout = split(records)
    for fname, recs in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(strip(recs), fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    print(f"source files: {len(files)}; lines kept: {len(records)}; exact duplicates dropped: {dropped}")
    print(table(tune, heldout))
    total = len(records)
    dirty = sum(1 for r in records if r["spans"])
    print(f"dirty share: {dirty / total:.1%}")
    allc = Counter(sp["kind"] for r in records for sp in r["spans"])
    print(f"name share of spans: {allc['name'] / max(1, sum(allc.values())):.1%}")
    if "--per-file" in sys.argv:
        per = OrderedDict()
        for r in records:
            d = per.setdefault(r["_src"], [0, 0])
            d[0] += 1
            d[1] += bool(r["spans"])
        for k, (n, d) in per.items():
            print(f"  {k}: {n} lines, {d} dirty")


if __name__ == "__main__":
    main()
