#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent168.

Reads source/*.txt (one sentence or chat message per line, identifiers
written [[kind:text]]), checks every line, drops exact duplicates, and
splits the lines into two halves with a seeded SHA-256 hash, stratified
by each line's rarest identifier kind ("clean" for lines with none).

Standard library only.  Exits with an error on any problem.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent168-seed-5093"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")

MARK = re.compile(r"\[\[([^:\[\]]*):([^\[\]]*)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|doctor|prof|professor|sir|dame|lord|lady|rev|revd|"
    r"reverend|father|sister|nurse)\b\.?",
    re.IGNORECASE,
)
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)

# Unmarked 10-digit numbers: run together, or digit groups joined by single
# spaces or dashes whose digits add up to ten.
CHAIN = re.compile(r"\d+(?:[ -]\d+)*")
RUN10 = re.compile(r"(?<!\d)\d{10}(?!\d)")
GROUPED = re.compile(r"(?<!\d)\d{3}[ -]\d{3}[ -]\d{4}(?!\d)")


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(raw, where):
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
        if not value or value != value.strip():
            raise BuildError(f"{where}: empty or padded span {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "_v": value})
        text_parts.append(value)
        out_len += len(value)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray markup in {raw!r}")
    for s in spans:
        got = text[s["start"]:s["end"]]
        if got != s["_v"]:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {s['_v']!r}")
        kind, value = s["kind"], s["_v"]
        if kind == "name" and TITLE.match(value):
            raise BuildError(f"{where}: title inside name span {value!r}")
        if kind == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not digits.isdigit() or not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
        if kind == "postcode" and not POSTCODE.match(value):
            raise BuildError(f"{where}: postcode has an odd shape: {value!r}")
        if kind == "email" and not EMAIL.match(value):
            raise BuildError(f"{where}: email has an odd shape: {value!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    check_unmarked_numbers(text, spans, where)
    return text, [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]


def check_unmarked_numbers(text, spans, where):
    def covered(a, b):
        return any(a < s["end"] and s["start"] < b for s in spans)

    candidates = []
    for m in CHAIN.finditer(text):
        if len(re.sub(r"\D", "", m.group())) == 10:
            candidates.append(m)
    candidates.extend(RUN10.finditer(text))
    candidates.extend(GROUPED.finditer(text))
    for m in candidates:
        if covered(m.start(), m.end()):
            continue
        digits = re.sub(r"\D", "", m.group())
        if mod11_ok(digits):
            raise BuildError(
                f"{where}: unmarked 10-digit number passes modulus 11: {m.group()!r}"
            )


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    seen = set()
    items = []
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(raw, where)
                key = (text, tuple((s["kind"], s["start"], s["end"]) for s in spans))
                if key in seen:
                    dropped += 1
                    continue
                seen.add(key)
                items.append({"text": text, "spans": spans, "_file": name})
    return files, items, dropped


def split(items):
    totals = Counter(s["kind"] for it in items for s in it["spans"])
    strata = {}
    for it in items:
        kinds = {s["kind"] for s in it["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (totals[k], k))
        else:
            stratum = "clean"
        strata.setdefault(stratum, []).append(it)
    tune, heldout = [], []
    for stratum in sorted(strata):
        group = sorted(
            strata[stratum],
            key=lambda it: hashlib.sha256((SEED + "\n" + it["text"]).encode("utf-8")).hexdigest(),
        )
        for i, it in enumerate(group):
            (tune if i % 2 == 0 else heldout).append(it)
    return tune, heldout


def counts(half):
    c = Counter(s["kind"] for it in half for s in it["spans"])
    dirty = sum(1 for it in half if it["spans"])
    return c, dirty, len(half) - dirty, len(half)


def write(path, half):
    out = [{"text": it["text"], "spans": it["spans"]} for it in half]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def main():
    try:
        files, items, dropped = load()
    except BuildError as e:
        sys.exit(f"build.py: error: {e}")
    tune, heldout = split(items)
    write(os.path.join(HERE, "tune.json"), tune)
    write(os.path.join(HERE, "heldout.json"), heldout)

    ct, dt, clt, tt = counts(tune)
    ch, dh, clh, th = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(items)}; exact duplicates dropped: {dropped}")
    print()
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    st, sh = sum(ct.values()), sum(ch.values())
    print(f"| all spans | {st} | {sh} | {st + sh} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {tt} | {th} | {tt + th} |")
    total_spans = st + sh
    if total_spans:
        print()
        print(f"clean share: {(clt + clh) / len(items):.1%}; "
              f"name share of spans: {(ct['name'] + ch['name']) / total_spans:.1%}")


if __name__ == "__main__":
    main()
