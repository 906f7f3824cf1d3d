#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt markup ([[kind:text]])."""
import hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent71-balint-pps"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")

def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])

def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind}")
        pre = line[pos:m.start()]
        text.append(pre); out_len += len(pre)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            if not mod11_ok(re.sub(r"\D", "", t[s["start"]:s["end"]])):
                sys.exit(f"{where}: nhs_number fails modulus 11: {t[s['start']:s['end']]}")
    # unmarked 10-digit runs must fail modulus 11
    covered = [(s["start"], s["end"]) for s in spans]
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if any(a <= m.start() and m.end() <= b for a, b in covered):
            continue
        if mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}

def main():
    src = os.path.join(HERE, "source")
    records, seen, dups = [], set(), 0
    for fn in sorted(os.listdir(src)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(src, fn), encoding="utf-8") as f:
            for i, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{fn}:{i}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)
    # stratify by the rarest kind in the line (or clean), order by seeded hash, alternate
    freq = Counter(s["kind"] for r in records for s in r["spans"])
    groups = {}
    for r in records:
        ks = {s["kind"] for s in r["spans"]}
        key = min(ks, key=lambda k: (freq[k], k)) if ks else "clean"
        groups.setdefault(key, []).append(r)
    tune, held = [], []
    for key in sorted(groups):
        g = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for j, r in enumerate(g):
            (tune if j % 2 == 0 else held).append(r)
    for name, part in (("tune.json", tune), ("heldout.json", held)):
        part.sort(key=lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest())
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(part, f, ensure_ascii=False, indent=1)
    def counts(part):
        c = Counter(s["kind"] for r in part for s in r["spans"])
        c["clean lines"] = sum(1 for r in part if not r["spans"])
        c["dirty lines"] = sum(1 for r in part if r["spans"])
        c["lines"] = len(part)
        return c
    ct, ch = counts(tune), counts(held)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in KINDS + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")

if __name__ == "__main__":
    main()
