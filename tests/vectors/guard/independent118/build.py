#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt markup ([[kind:text]])."""
import glob, hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent118-balint-consult"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(digits[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


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
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs must fail modulus 11
    covered = [False] * len(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if not any(covered[m.start():m.end()]) and mod11(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    recs, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                r = parse(line, f"{os.path.basename(path)}:{n}")
                if r["text"] in seen:
                    dups += 1
                    continue
                seen.add(r["text"])
                recs.append(r)
    # stratified seeded-hash split: group by the set of kinds in a line,
    # order each group by a seeded hash, alternate tune/heldout.
    groups = defaultdict(list)
    for r in recs:
        key = tuple(sorted({s["kind"] for s in r["spans"]})) or ("clean",)
        groups[key].append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        g = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for r in g:
            (tune if flip % 2 == 0 else held).append(r)
            flip += 1
    h = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=h)
    held.sort(key=h)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def counts(data):
        c = Counter()
        for r in data:
            c["lines"] += 1
            if not r["spans"]:
                c["clean lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c
    ct, ch = counts(tune), counts(held)
    rows = ["lines", "clean lines"] + sorted(KINDS)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in rows:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
