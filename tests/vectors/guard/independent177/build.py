#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Standard library only. Run from anywhere: python3 build.py
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent177-seed-7316"

KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof"}
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
DIGIT_CHAIN = re.compile(r"\d+(?:[ -]\d+)*")


def fail(where: str, msg: str) -> None:
    sys.exit(f"build.py: error in {where}: {msg}")


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
    plain, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        plain.append(before)
        length += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if not text or text != text.strip():
            fail(where, f"empty span or span with outer whitespace: {text!r}")
        start = length
        plain.append(text)
        length += len(text)
        spans.append({"kind": kind, "start": start, "end": length, "_text": text})
        pos = m.end()
    plain.append(line[pos:])
    text = "".join(plain)
    if "[[" in text or "]]" in text:
        fail(where, "unbalanced or malformed mark")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            fail(where, f"span does not round-trip: {s['_text']!r}")
        if s["kind"] == "name":
            tokens = re.split(r"[\s.]+", s["_text"].lower())
            if any(t in TITLES for t in tokens):
                fail(where, f"title inside name span: {s['_text']!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s["_text"])
            if not nhs_ok(digits):
                fail(where, f"marked NHS number fails modulus 11: {s['_text']!r}")
    # unmarked 10-digit numbers that pass modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_CHAIN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j]
                if len(digits) == 10 and nhs_ok(digits):
                    fail(where, f"unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(digits) >= 10:
                    break
    for s in spans:
        del s["_text"]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def main() -> None:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        fail("source/", "no source files")
    records, seen, dupes = [], set(), 0
    for path in files:
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            text, spans = parse(line, f"{path.name}:{n}")
            if text in seen:
                dupes += 1
                continue
            seen.add(text)
            records.append({"text": text, "spans": spans})

    totals = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], k))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    tune, heldout = [], []
    for name in sorted(strata):
        lines = sorted(
            strata[name],
            key=lambda r: hashlib.sha256((SPLIT_SEED + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(lines):
            (tune if i % 2 == 0 else heldout).append(r)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(HERE / fname, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(rs):
        c = Counter(s["kind"] for r in rs for s in r["spans"])
        dirty = sum(1 for r in rs if r["spans"])
        return c, dirty, len(rs) - dirty, len(rs)

    ct, ch, ca = counts(tune), counts(heldout), counts(records)
    rows = [("kind", "tune", "heldout", "total"), ("---", "---:", "---:", "---:")]
    for k in KINDS:
        rows.append((k, ct[0][k], ch[0][k], ca[0][k]))
    rows.append(("all spans", sum(ct[0].values()), sum(ch[0].values()), sum(ca[0].values())))
    rows.append(("dirty lines", ct[1], ch[1], ca[1]))
    rows.append(("clean lines", ct[2], ch[2], ca[2]))
    rows.append(("total lines", ct[3], ch[3], ca[3]))
    for row in rows:
        print("| " + " | ".join(str(x) for x in row) + " |")
    print(f"\nduplicates dropped: {dupes}")
    allspans = sum(ca[0].values())
    print(f"clean share: {ca[2] / ca[3]:.1%}; names among spans: {ca[0]['name'] / allspans:.1%}")


if __name__ == "__main__":
    main()
