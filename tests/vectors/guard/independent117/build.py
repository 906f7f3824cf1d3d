#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written markup in source/*.txt.

Markup: [[kind:text]] marks an identifier. One sentence or chat message per line.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
SEED = "independent117-40"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: unbalanced markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    # no unmarked 10-digit run (contiguous, or grouped by single spaces/dashes) may pass modulus 11
    covered = [False] * len(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in re.finditer(r"(?<![\d])\d(?:[ -]?\d){9}(?![\d])", text):
        d = re.sub(r"\D", "", m.group(0))
        if mod11_ok(d) and not all(covered[m.start():m.end()]):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)!r}")
    for m in re.finditer(r"\d+", text):
        if len(m.group(0)) == 10 and mod11_ok(m.group(0)) and not all(covered[m.start():m.end()]):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def main():
    records, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in records:
        h = hashlib.sha256((SEED + "\0" + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    rows = ["| kind | tune | heldout | total |", "| --- | ---: | ---: | ---: |"]
    def count(recs, kind):
        if kind == "clean lines":
            return sum(1 for r in recs if not r["spans"])
        if kind == "lines with spans":
            return sum(1 for r in recs if r["spans"])
        if kind == "all lines":
            return len(recs)
        return sum(1 for r in recs for s in r["spans"] if s["kind"] == kind)
    for kind in KINDS + ("lines with spans", "clean lines", "all lines"):
        a, b = count(halves["tune"], kind), count(halves["heldout"], kind)
        rows.append(f"| {kind} | {a} | {b} | {a + b} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
