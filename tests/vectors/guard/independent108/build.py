#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] marks an identifier. One sentence or chat message per line.
heldout.json is never used for tuning.
"""
import glob, hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent108-balint-men"
MARK = re.compile(r"\[\[(\w+):(.*?)\]\]")


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
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if "[[" in inner or "]]" in inner or not inner.strip():
            sys.exit(f"{where}: bad span {m.group(0)!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        sys.exit(f"{where}: unbalanced markup")
    text.append(rest)
    return "".join(text), spans


def check(text, spans, where):
    for s in spans:
        if text[s["start"]:s["end"]] != s["_t"]:
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s["_t"])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number {s['_t']!r} fails modulus 11")
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d#])\d{10}(?![\d#])", masked):
        if mod11_ok(m.group(0)):
            sys.exit(f"{where}: unmarked 10-digit run {m.group(0)} passes modulus 11")
    for m in re.finditer(r"(?<![\d#])\d{3}[ -]\d{3}[ -]\d{4}(?![\d#])", masked):
        if mod11_ok(re.sub(r"\D", "", m.group(0))):
            sys.exit(f"{where}: unmarked grouped number {m.group(0)} passes modulus 11")


def main():
    records, seen = [], set()
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                check(text, spans, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": [
                    {"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]})

    # Stratify: group by the rarest kind in the line (or "clean"), order each group
    # by a seeded hash, and deal alternately into the two halves.
    overall = Counter(s["kind"] for r in records for s in r["spans"])
    groups = defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (overall[k], k)) if kinds else "clean"
        groups[key].append(r)
    tune, held = [], []
    for key in sorted(groups):
        ordered = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + "|" + r["text"]).encode()).hexdigest())
        flip = int(hashlib.sha256((SEED + key).encode()).hexdigest(), 16) % 2
        for i, r in enumerate(ordered):
            (tune if (i + flip) % 2 == 0 else held).append(r)
    order = lambda r: hashlib.sha256((SEED + "#" + r["text"]).encode()).hexdigest()
    tune.sort(key=order)
    held.sort(key=order)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        c["lines"] = len(data)
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        return c
    ct, ch = counts(tune), counts(held)
    rows = ["lines", "clean lines", "dirty lines"] + sorted(KINDS)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in rows:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
