#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent167 (stdlib only).

Reads source/*.txt (one sentence or chat message per line, identifiers written
[[kind:text]]), validates every line, drops exact duplicates, and splits the
lines into two halves with a seeded SHA-256 hash, stratified by each line's
rarest identifier kind ("clean" for lines without identifiers).
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter

SEED = "independent167-seed-4831"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
          "lady", "lord", "rev", "revd", "sister", "nurse", "father", "fr")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
HERE = os.path.dirname(os.path.abspath(__file__))


def fail(where, msg):
    sys.exit(f"build.py: {where}: {msg}")


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
            fail(where, f"stray markup in {before!r}")
        text.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if inner != inner.strip() or not inner:
            fail(where, f"span has outer whitespace: {inner!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner)})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        fail(where, f"stray markup in {rest!r}")
    text.append(rest)
    return "".join(text), spans


def unparse(text, spans):
    out, pos = [], 0
    for s in spans:
        out.append(text[pos:s["start"]])
        out.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
        pos = s["end"]
    out.append(text[pos:])
    return "".join(out)


def ten_digit_candidates(text):
    """Yield every 10-digit number written run together or grouped by single
    spaces or dashes (any contiguous run of digit groups totalling 10 digits)."""
    for m in re.finditer(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])", text):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j])
                if total == 10:
                    yield "".join(groups[i:j + 1])
                if total >= 10:
                    break


def check(text, spans, line, where):
    if unparse(text, spans) != line:
        fail(where, "span does not round-trip")
    last_end = -1
    for s in spans:
        if s["start"] < last_end:
            fail(where, "overlapping spans")
        last_end = s["end"]
        val = text[s["start"]:s["end"]]
        if s["kind"] == "name":
            first = re.split(r"[\s.]+", val.strip())[0].lower()
            if first in TITLES:
                fail(where, f"title inside name span {val!r}")
            if val.endswith("'s") or val.endswith("\u2019s"):
                fail(where, f"possessive inside name span {val!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", val)
            if not nhs_valid(digits):
                fail(where, f"marked NHS number fails modulus 11: {val!r}")
    blanked = list(text)
    for s in spans:
        for k in range(s["start"], s["end"]):
            blanked[k] = "#"
    for cand in ten_digit_candidates("".join(blanked)):
        if nhs_valid(cand):
            fail(where, f"unmarked 10-digit number passes modulus 11: {cand}")


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("source", "no source files")
    records, seen, dups = [], set(), 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(line, where)
                check(text, spans, line, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})

    total_kind = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (total_kind[k], k))

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        for i, r in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else heldout).append(r)

    def order(r):
        return h(r)
    tune.sort(key=order)
    heldout.sort(key=order)
    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, cd = counts(tune), counts(heldout)
    print(f"files: {len(files)}  lines: {len(records)}  duplicates dropped: {dups}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{cd[0][k]:>9}{ct[0][k] + cd[0][k]:>8}")
    spans_t, spans_h = sum(ct[0].values()), sum(cd[0].values())
    print(f"{'all spans':<16}{spans_t:>8}{spans_h:>9}{spans_t + spans_h:>8}")
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[idx]:>8}{cd[idx]:>9}{ct[idx] + cd[idx]:>8}")
    names = ct[0]["name"] + cd[0]["name"]
    print(f"names share of spans: {names / max(1, spans_t + spans_h):.1%}; "
          f"clean share of lines: {(ct[2] + cd[2]) / max(1, ct[3] + cd[3]):.1%}")


if __name__ == "__main__":
    main()
