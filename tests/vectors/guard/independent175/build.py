#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-typed lines in source/*.txt.

Standard library only. Usage: python3 build.py
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent175-seed-7319"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof")
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLE_IN_NAME = re.compile(r"(?<![A-Za-z])(?:%s)(?![A-Za-z])" % "|".join(TITLES), re.IGNORECASE)
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


class BuildError(Exception):
    pass


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str, where: str):
    plain = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        plain.append(before)
        out_len += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if not text or text != text.strip():
            raise BuildError(f"{where}: empty or padded span {text!r}")
        start = out_len
        plain.append(text)
        out_len += len(text)
        spans.append({"kind": kind, "start": start, "end": out_len, "_text": text})
        pos = m.end()
    plain.append(line[pos:])
    text = "".join(plain)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: malformed mark left in line")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            raise BuildError(f"{where}: span {s['_text']!r} does not round-trip")
        if s["kind"] == "name" and TITLE_IN_NAME.search(s["_text"]):
            raise BuildError(f"{where}: title inside name span {s['_text']!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s["_text"])
            if not nhs_ok(digits):
                raise BuildError(f"{where}: marked NHS number {s['_text']!r} fails modulus 11")
    # unmarked 10-digit numbers that pass modulus 11
    for m in DIGIT_RUN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start(), g.group())
                  for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            total = ""
            for j in range(i, len(groups)):
                total += groups[j][2]
                if len(total) > 10:
                    break
                if len(total) == 10 and nhs_ok(total):
                    a, b = groups[i][0], groups[j][1]
                    covered = any(s["start"] <= a and b <= s["end"] for s in spans)
                    if not covered:
                        raise BuildError(
                            f"{where}: unmarked 10-digit number {text[a:b]!r} passes modulus 11")
    clean = [{"kind": s["kind"], "start": s["start"], "end": s["end"]}
             for s in sorted(spans, key=lambda s: s["start"])]
    return text, clean


def main() -> int:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        print("no source files", file=sys.stderr)
        return 1
    records = []
    seen = set()
    dupes = 0
    try:
        for f in files:
            for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                line = raw.strip()
                if not line:
                    continue
                text, spans = parse(line, f"{f.name}:{n}")
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})
    except BuildError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 1

    corpus_counts = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            corpus_counts[s["kind"]] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (corpus_counts[k], k))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    def key(r):
        return hashlib.sha256((SPLIT_SEED + r["text"]).encode("utf-8")).hexdigest()

    tune, held = [], []
    for name in sorted(strata):
        for i, r in enumerate(sorted(strata[name], key=key)):
            (tune if i % 2 == 0 else held).append(r)

    for path, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / path).write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def counts(rs):
        c = {k: 0 for k in KINDS}
        for r in rs:
            for s in r["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for r in rs if r["spans"])
        c["dirty lines"] = dirty
        c["clean lines"] = len(rs) - dirty
        c["total lines"] = len(rs)
        return c

    ct, ch, ca = counts(tune), counts(held), counts(records)
    rows = KINDS + ["dirty lines", "clean lines", "total lines"]
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in rows:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ca[k]} |")
    spans_total = sum(ca[k] for k in KINDS)
    print()
    print(f"duplicates dropped: {dupes}")
    print(f"clean share: {ca['clean lines'] / len(records):.1%}; "
          f"names among spans: {ca['name'] / max(spans_total, 1):.1%} of {spans_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
