#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent75-balint-rotations-2026"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
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
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before); out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner); out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: unbalanced markup: {line!r}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 with space/dash) must fail mod 11
    covered = [False] * len(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    pats = [r"(?<!\d)\d{10}(?!\d)", r"(?<![\d])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])"]
    for p in pats:
        for m in re.finditer(p, t):
            if any(covered[m.start():m.end()]):
                continue
            d = re.sub(r"\D", "", m.group())
            if mod11_ok(d):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    items, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line:
                    continue
                it = parse(line, f"{os.path.basename(path)}:{n}")
                if it["text"] in seen:
                    dups += 1
                    continue
                seen.add(it["text"])
                items.append(it)
    # stratify by the rarest kind in a line (or "clean"), then alternate in seeded-hash order
    total = Counter(s["kind"] for it in items for s in it["spans"])
    groups = defaultdict(list)
    for it in items:
        ks = {s["kind"] for s in it["spans"]}
        key = min(ks, key=lambda k: (total[k], k)) if ks else "clean"
        groups[key].append(it)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        g = sorted(groups[key], key=lambda it: hashlib.sha256((SEED + it["text"]).encode()).hexdigest())
        for i, it in enumerate(g):
            (tune if (i + flip) % 2 == 0 else held).append(it)
        flip += len(g) % 2
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    def counts(data):
        c = Counter(s["kind"] for it in data for s in it["spans"])
        c["clean lines"] = sum(1 for it in data if not it["spans"])
        c["dirty lines"] = sum(1 for it in data if it["spans"])
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    print(f"duplicates dropped: {dups}")
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in KINDS + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k:<15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
