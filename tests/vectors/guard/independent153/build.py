#!/usr/bin/env python3
"""Build the independent153 guard corpus (stdlib only).

Reads source/*.txt (one sentence or chat message per line, identifiers written
[[kind:text]]), checks every line, drops exact duplicates, and writes
tune.json and heldout.json: JSON lists of
{"text": ..., "spans": [{"kind", "start", "end"}]} with Python str offsets.

Stops with an error if a span does not round-trip, an unknown kind is used, a
title sits inside a name span, a marked NHS number fails modulus 11, or an
unmarked 10-digit number (run together, or grouped by single spaces or dashes)
passes modulus 11.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent153-seed-4817"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|sister|nurse|lady|lord)\b\.?\s",
                   re.IGNORECASE)
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


class BuildError(Exception):
    pass


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
    if "[[" in MARK.sub("", raw) or "]]" in MARK.sub("", raw):
        raise BuildError(f"{where}: stray or broken markup: {raw!r}")
    text_parts, spans, pos, last = [], [], 0, 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip() or not inner:
            raise BuildError(f"{where}: span has edge whitespace: {inner!r}")
        before = raw[last:m.start()]
        text_parts.append(before)
        pos += len(before)
        spans.append({"kind": kind, "start": pos, "end": pos + len(inner)})
        text_parts.append(inner)
        pos += len(inner)
        last = m.end()
    text_parts.append(raw[last:])
    text = "".join(text_parts)
    # round trip
    for s, m in zip(spans, MARK.finditer(raw)):
        if text[s["start"]:s["end"]] != m.group(2):
            raise BuildError(f"{where}: span does not round-trip: {m.group(0)}")
    for s in spans:
        frag = text[s["start"]:s["end"]]
        if s["kind"] == "name":
            if TITLE.match(frag + " ") and TITLE.match(frag + " ").end() <= len(frag):
                raise BuildError(f"{where}: title inside name span: {frag!r}")
            if frag.endswith("'s") or frag.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span: {frag!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", frag)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {frag!r}")
    # unmarked 10-digit numbers
    for m in DIGIT_RUN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group(0))]
        for i in range(len(groups)):
            n = 0
            for j in range(i, len(groups)):
                n += groups[j][1] - groups[j][0]
                if n > 10:
                    break
                if n == 10:
                    a, b = groups[i][0], groups[j][1]
                    covered = any(s["start"] < b and a < s["end"] for s in spans)
                    digits = re.sub(r"\D", "", text[a:b])
                    if not covered and nhs_valid(digits):
                        raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: {text[a:b]!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records, seen, dupes = [], set(), 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{os.path.basename(path)}:{lineno}"
                text, spans = parse(raw, where)
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})
    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1
    rank = {k: (totals[k], k) for k in KINDS}
    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: rank[k]) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else held).append(r)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
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

    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(held)
    print(f"source files: {len(files)}; duplicate lines dropped: {dupes}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")
    allspans = sum(totals.values())
    if allspans:
        print(f"names share of identifiers: {totals['name'] / allspans:.1%}; "
              f"clean share of lines: {(clt + clh) / (nt + nh):.1%}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        sys.exit(1)
