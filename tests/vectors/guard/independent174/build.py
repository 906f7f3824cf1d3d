#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (standard library only).

Lines carry marks of the form [[kind:text]]. This script strips the marks,
records spans as Python str offsets, validates them, removes exact duplicate
lines, stratifies by each line's rarest kind and deals each stratum
alternately to tune.json and heldout.json.
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SEED = "independent174-seed-6139"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = ("mr", "mrs", "ms", "miss", "dr", "prof")

MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# Digit groups joined by single spaces or single dashes.
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


def nhs_ok(text):
    digits = re.sub(r"[ -]", "", text)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def fail(where, message):
    sys.exit(f"ERROR {where}: {message}")


def parse(raw, where):
    plain = []
    spans = []
    pos = 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        plain.append(before)
        length += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if text != text.strip() or not text:
            fail(where, f"span has outer whitespace or is empty: {text!r}")
        start = length
        plain.append(text)
        length += len(text)
        spans.append({"kind": kind, "start": start, "end": length, "_text": text})
        pos = m.end()
    plain.append(raw[pos:])
    out = "".join(plain)
    if "[[" in out or "]]" in out:
        fail(where, "malformed mark left in text")
    for s in spans:
        if out[s["start"]:s["end"]] != s["_text"]:
            fail(where, f"span does not round-trip: {s['_text']!r}")
        if s["kind"] == "name":
            words = re.findall(r"[A-Za-z]+\.?", s["_text"])
            for w in words:
                if w.rstrip(".").lower() in TITLES:
                    fail(where, f"title inside name span: {s['_text']!r}")
        if s["kind"] == "nhs_number" and not nhs_ok(s["_text"]):
            fail(where, f"marked NHS number fails modulus 11: {s['_text']!r}")
    # Unmarked 10-digit numbers that pass modulus 11.
    covered = [False] * len(out)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in DIGIT_RUN.finditer(out):
        if any(covered[m.start():m.end()]):
            continue
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            total = ""
            for j in range(i, len(groups)):
                total += groups[j]
                if len(total) == 10 and nhs_ok(total):
                    fail(where, f"unmarked 10-digit number passes modulus 11: {total}")
                if len(total) >= 10:
                    break
    clean_spans = [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]
    clean_spans.sort(key=lambda s: s["start"])
    return out, clean_spans


def main():
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        fail("source", "no files")
    records = []
    seen = set()
    dupes = 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw:
                continue
            text, spans = parse(raw, f"{f.name}:{n}")
            if text in seen:
                dupes += 1
                continue
            seen.add(text)
            records.append({"text": text, "spans": spans})

    corpus_counts = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (corpus_counts[k], k))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(HERE / name, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, ch, ca = counts(tune), counts(heldout), counts(records)
    rows = [("kind", "tune", "heldout", "total")]
    for k in KINDS:
        rows.append((k, ct[0][k], ch[0][k], ca[0][k]))
    rows.append(("all spans", sum(ct[0].values()), sum(ch[0].values()), sum(ca[0].values())))
    rows.append(("dirty lines", ct[1], ch[1], ca[1]))
    rows.append(("clean lines", ct[2], ch[2], ca[2]))
    rows.append(("total lines", ct[3], ch[3], ca[3]))
    print("| " + " | ".join(str(x) for x in rows[0]) + " |")
    print("|---|---:|---:|---:|")
    for row in rows[1:]:
        print("| " + " | ".join(str(x) for x in row) + " |")
    print(f"\nduplicates dropped: {dupes}")
    total_spans = sum(ca[0].values())
    if ca[3]:
        print(f"clean share: {ca[2] / ca[3]:.1%}")
    if total_spans:
        print(f"names among spans: {ca[0]['name'] / total_spans:.1%}")


if __name__ == "__main__":
    main()
