#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Standard library only. Markup: [[kind:text]] around each identifier.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent165-seed-7352"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLES = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|father|sister)\.?(\s|$)",
    re.IGNORECASE,
)
# digit groups joined by single spaces or single dashes
DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")


class BuildError(Exception):
    pass


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


def parse_line(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise BuildError(f"{where}: stray markup in {raw!r}")
        text_parts.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip() or not inner:
            raise BuildError(f"{where}: span has outer whitespace: {inner!r}")
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_text": inner})
        pos = m.end()
    rest = raw[pos:]
    if "[[" in rest or "]]" in rest:
        raise BuildError(f"{where}: stray markup in {raw!r}")
    text_parts.append(rest)
    text = "".join(text_parts)
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            raise BuildError(f"{where}: span does not round-trip: {s['_text']!r}")
        if s["kind"] == "name":
            if TITLES.match(s["_text"]):
                raise BuildError(f"{where}: title inside name span: {s['_text']!r}")
            if s["_text"].endswith(("'s", "\u2019s")):
                raise BuildError(f"{where}: possessive inside name span: {s['_text']!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s["_text"])
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {s['_text']!r}")
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
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    return {"text": text,
            "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]}


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records = []
    seen = set()
    dropped = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip()
                if not raw.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                rec = parse_line(raw, where)
                key = rec["text"]
                if key in seen:
                    dropped += 1
                    continue
                seen.add(key)
                records.append(rec)

    totals = collections.Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], k))

    def h(rec):
        return hashlib.sha256((SEED + "\n" + rec["text"]).encode("utf-8")).hexdigest()

    strata = collections.defaultdict(list)
    for rec in records:
        strata[stratum(rec)].append(rec)
    tune, heldout = [], []
    for key in sorted(strata):
        for i, rec in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else heldout).append(rec)

    for name, half in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(half, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    print(f"source files: {len(files)}; lines: {len(records)}; exact duplicates dropped: {dropped}")
    header = f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}"
    print(header)
    print("-" * len(header))
    for k in KINDS:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in heldout for s in r["spans"] if s["kind"] == k)
        print(f"{k:<16}{a:>8}{b:>9}{a + b:>8}")
    print("-" * len(header))
    for label, test in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"])):
        a = sum(1 for r in tune if test(r))
        b = sum(1 for r in heldout if test(r))
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    print(f"{'total lines':<16}{len(tune):>8}{len(heldout):>9}{len(records):>8}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print(f"build failed: {e}", file=sys.stderr)
        sys.exit(1)
