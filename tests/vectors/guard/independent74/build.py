#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt markup ([[kind:text]])."""
import glob, hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent74-balint-small-town"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(digits[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


def parse(line, where):
    out, spans, pos = [], [], 0
    plen = 0
    for m in MARK.finditer(line):
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        pre = line[pos:m.start()]
        out.append(pre); plen += len(pre)
        spans.append({"kind": kind, "start": plen, "end": plen + len(val), "_v": val})
        out.append(val); plen += len(val)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for pat in (r"(?<![\d])\d{10}(?![\d])", r"(?<![\d])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])"):
        for m in re.finditer(pat, text):
            if set(range(m.start(), m.end())) & covered:
                continue
            if mod11_ok(re.sub(r"\D", "", m.group())):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def main():
    recs, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                recs.append(rec)
    # stratify by the set of kinds in a line, order by seeded hash, alternate halves
    groups = defaultdict(list)
    for r in recs:
        key = ",".join(sorted({s["kind"] for s in r["spans"]})) or "clean"
        groups[key].append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        g = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for r in g:
            (tune if flip % 2 == 0 else held).append(r)
            flip += 1
    key = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=key); held.sort(key=key)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    def counts(data):
        c = Counter()
        for r in data:
            if not r["spans"]:
                c["clean lines"] += 1
            else:
                c["dirty lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    rows = ["lines", "clean lines", "dirty lines"] + sorted(KINDS)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in rows:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
