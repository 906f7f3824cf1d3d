#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] inside a line; one sentence or chat message per line.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent60-balint-2026"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# unmarked candidates: a bare 10-digit run, or 3-3-4 with space/dash separators
CANDIDATES = [re.compile(r"(?<![\d])\d{10}(?![\d])"),
              re.compile(r"(?<![\d])\d{3}([ -])\d{3}\1\d{4}(?![\d])")]


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
        sys.exit(f"{where}: unbalanced markup: {line!r}")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        val = text[s["start"]:s["end"]]
        if val != val.strip():
            sys.exit(f"{where}: span has outer whitespace: {val!r}")
        if s["kind"] == "nhs_number":
            if not mod11_ok(re.sub(r"[\s-]", "", val)):
                sys.exit(f"{where}: nhs_number fails modulus 11: {val!r}")
    # no unmarked 10-digit run may pass modulus 11
    for rx in CANDIDATES:
        for m in rx.finditer(text):
            inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
            if not inside and mod11_ok(re.sub(r"[\s-]", "", m.group(0))):
                sys.exit(f"{where}: unmarked number passes modulus 11: {m.group(0)!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")
    return {"text": text, "spans": spans}


def stratum(rec):
    kinds = {s["kind"] for s in rec["spans"]}
    if not kinds:
        return "clean"
    # the rarest kind in the line decides its stratum
    order = ["nhs_number", "patient_number", "email", "postcode", "date", "phone", "name"]
    return next(k for k in order if k in kinds)


def main():
    records, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)
    groups = {}
    for rec in records:
        groups.setdefault(stratum(rec), []).append(rec)
    tune, heldout = [], []
    for key in sorted(groups):
        ordered = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for i, rec in enumerate(ordered):
            (tune if i % 2 == 0 else heldout).append(rec)
    key = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=key)
    heldout.sort(key=key)
    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    kinds = sorted(KINDS)
    print(f"lines: {len(records)} (dropped {dups} exact duplicates)")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in kinds:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in heldout for s in r["spans"] if s["kind"] == k)
        print(f"| {k} (spans) | {a} | {b} | {a + b} |")
    ca = sum(1 for r in tune if not r["spans"])
    cb = sum(1 for r in heldout if not r["spans"])
    print(f"| clean lines | {ca} | {cb} | {ca + cb} |")
    print(f"| dirty lines | {len(tune) - ca} | {len(heldout) - cb} | {len(tune) + len(heldout) - ca - cb} |")
    print(f"| all lines | {len(tune)} | {len(heldout)} | {len(tune) + len(heldout)} |")


if __name__ == "__main__":
    main()
