#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent109-balint-oncology"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
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
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            sys.exit(f"{where}: stray bracket in {line!r}")
        text.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    tail = line[pos:]
    if "[[" in tail or "]]" in tail:
        sys.exit(f"{where}: stray bracket in {line!r}")
    text.append(tail)
    t = "".join(text)
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        v = t[s["start"]:s["end"]]
        if v != v.strip():
            sys.exit(f"{where}: span has edge whitespace {v!r}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", v)
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {v}")
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 with space/dash) must fail mod 11
    covered = [False] * len(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in re.finditer(r"(?<![\d])(\d{10}|\d{3}[ -]\d{3}[ -]\d{4})(?![\d])", t):
        if any(covered[m.start():m.end()]):
            continue
        if mod11_ok(re.sub(r"\D", "", m.group(0))):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    recs, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                r = parse(line, f"{os.path.basename(path)}:{n}")
                if r["text"] in seen:
                    dups += 1
                    continue
                seen.add(r["text"])
                recs.append(r)
    # seeded balanced split: walk lines in seeded-hash order; put each in the half
    # that keeps per-kind span counts (and clean/dirty line counts) most even
    order = sorted(recs, key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
    tally = [Counter(), Counter()]
    tune, held = [], []
    for r in order:
        c = Counter(s["kind"] for s in r["spans"])
        c["_dirty" if r["spans"] else "_clean"] += 1
        def cost(side):
            t = [Counter(tally[0]), Counter(tally[1])]
            t[side].update(c)
            return sum((t[0][k] - t[1][k]) ** 2 for k in set(t[0]) | set(t[1]))
        c0, c1 = cost(0), cost(1)
        h = int(hashlib.sha256((SEED + "side" + r["text"]).encode()).hexdigest(), 16) & 1
        side = 0 if c0 < c1 else 1 if c1 < c0 else h
        tally[side].update(c)
        (tune if side == 0 else held).append(r)
    key = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=key)
    held.sort(key=key)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"lines: {len(recs)} (dropped {dups} exact duplicates)")
    rows = ["| kind | tune | heldout | total |", "| --- | ---: | ---: | ---: |"]
    def cnt(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        c["lines"] = len(data)
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        return c
    a, b = cnt(tune), cnt(held)
    for k in ["lines", "clean lines", "dirty lines"] + sorted(KINDS):
        rows.append(f"| {k} | {a[k]} | {b[k]} | {a[k] + b[k]} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
