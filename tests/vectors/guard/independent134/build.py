#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Each source line is one sentence or chat message; identifiers are marked
[[kind:text]].  Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent134-seed-7306"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|nurse|sister)\b\.?\s", re.I)
# runs of digits joined by single spaces or dashes
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


class CorpusError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line, where):
    text_parts, spans, pos, cursor = [], [], 0, 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        before = line[cursor:m.start()]
        if "[[" in before or "]]" in before:
            raise CorpusError(f"{where}: stray markup in {before!r}")
        text_parts.append(before)
        pos += len(before)
        start, end = pos, pos + len(inner)
        text_parts.append(inner)
        pos = end
        spans.append({"kind": kind, "start": start, "end": end, "_inner": inner})
        cursor = m.end()
    tail = line[cursor:]
    if "[[" in tail or "]]" in tail:
        raise CorpusError(f"{where}: stray markup in {tail!r}")
    text_parts.append(tail)
    text = "".join(text_parts)
    for s in spans:
        if text[s["start"]:s["end"]] != s["_inner"]:
            raise CorpusError(f"{where}: span does not round-trip: {s['_inner']!r}")
        if s["_inner"] != s["_inner"].strip() or not s["_inner"]:
            raise CorpusError(f"{where}: span has edge whitespace: {s['_inner']!r}")
        if s["kind"] == "name" and TITLE.match(s["_inner"]):
            raise CorpusError(f"{where}: title inside name span: {s['_inner']!r}")
        if s["kind"] == "name" and s["_inner"].lower().endswith("'s"):
            raise CorpusError(f"{where}: possessive inside name span: {s['_inner']!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s["_inner"])
            if not mod11_ok(digits):
                raise CorpusError(f"{where}: marked NHS number fails modulus 11: {s['_inner']!r}")
    # unmarked 10-digit numbers must fail modulus 11
    covered = [False] * len(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in DIGIT_RUN.finditer(text):
        chunk = m.group(0)
        if any(covered[m.start():m.end()]):
            continue
        candidates = set()
        digits = re.sub(r"[ -]", "", chunk)
        if len(digits) == 10:
            candidates.add(digits)
        for part in re.split(r"[ -]", chunk):
            if len(part) == 10:
                candidates.add(part)
        for c in candidates:
            if mod11_ok(c):
                raise CorpusError(f"{where}: unmarked 10-digit number passes modulus 11: {chunk!r}")
    spans = [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise CorpusError("no source files")
    records, seen, dropped = [], set(), 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                if line in seen:
                    dropped += 1
                    continue
                seen.add(line)
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                records.append({"text": text, "spans": spans})

    kind_total = Counter(s["kind"] for r in records for s in r["spans"])
    strata = defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (kind_total[k], k)) if kinds else "clean"
        strata[key].append(r)

    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256(
            (SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    print(f"source files: {len(files)}; lines: {len(records)}; exact duplicates dropped: {dropped}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in heldout for s in r["spans"] if s["kind"] == k)
        print(f"{k:<16}{a:>8}{b:>9}{a + b:>8}")
    for label, pred in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"])):
        a = sum(1 for r in tune if pred(r))
        b = sum(1 for r in heldout if pred(r))
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    print(f"{'total lines':<16}{len(tune):>8}{len(heldout):>9}{len(tune) + len(heldout):>8}")


if __name__ == "__main__":
    try:
        main()
    except CorpusError as exc:
        sys.exit(f"build.py: error: {exc}")
