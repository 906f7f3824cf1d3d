#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (markup [[kind:text]])."""
import hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source")
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent64-228"  # chosen from a few seeds for the most even per-kind split


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
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
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
    records, seen = [], set()
    for fn in sorted(os.listdir(SRC)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(SRC, fn), encoding="utf-8") as f:
            for i, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{fn}:{i}")
                key = rec["text"]
                if key in seen:
                    continue
                seen.add(key)
                records.append(rec)
    tune, held = [], []
    for r in records:
        h = hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).digest()
        (tune if h[0] % 2 == 0 else held).append(r)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    rows = sorted(KINDS)
    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in rows + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k:<15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
