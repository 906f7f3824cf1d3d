#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent87-balint-children-2026"
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
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        chunk = line[pos:m.start()]
        text.append(chunk); out_len += len(chunk)
        start = out_len
        text.append(val); out_len += len(val)
        spans.append({"kind": kind, "start": start, "end": out_len, "_val": val})
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_val"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4) must fail modulus 11
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    pats = [r"(?<!\d)\d{10}(?!\d)", r"(?<![\d])\d{3}[ \-]\d{3}[ \-]\d{4}(?![\d])"]
    for p in pats:
        for m in re.finditer(p, t):
            if any(i in covered for i in range(m.start(), m.end())):
                continue
            if mod11(re.sub(r"\D", "", m.group())):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def bucket(rec):
    kinds = sorted({s["kind"] for s in rec["spans"]})
    # stratify by the rarest kind present so every kind splits evenly
    order = ["nhs_number", "email", "postcode", "date", "patient_number", "phone", "name"]
    for k in order:
        if k in kinds:
            return k
    return "clean"


def main():
    recs, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                recs.append(rec)
    groups = {}
    for r in recs:
        groups.setdefault(bucket(r), []).append(r)
    tune, held = [], []
    for k in sorted(groups):
        g = sorted(groups[k], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for i, r in enumerate(g):
            (tune if i % 2 == 0 else held).append(r)
    key = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=key); held.sort(key=key)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
    kinds = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
    print(f"| {'kind':<16} | {'tune':>5} | {'heldout':>7} |")
    print(f"|{'-'*18}|{'-'*7}|{'-'*9}|")
    for k in kinds:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in held for s in r["spans"] if s["kind"] == k)
        print(f"| {k:<16} | {a:>5} | {b:>7} |")
    ct = sum(1 for r in tune if not r["spans"]); ch = sum(1 for r in held if not r["spans"])
    print(f"| {'clean lines':<16} | {ct:>5} | {ch:>7} |")
    print(f"| {'dirty lines':<16} | {len(tune)-ct:>5} | {len(held)-ch:>7} |")
    print(f"| {'all lines':<16} | {len(tune):>5} | {len(held):>7} |")


if __name__ == "__main__":
    main()
