#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt markup ([[kind:text]])."""
import hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent96-balint-media"

def mod11(d):
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
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind}")
        chunk = line[pos:m.start()]
        text.append(chunk); out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner); out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {digits}")
    covered = [False] * len(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if mod11(m.group()) and not all(covered[m.start():m.end()]):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}

def main():
    src = os.path.join(HERE, "source")
    seen, records = set(), []
    for fn in sorted(os.listdir(src)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(src, fn), encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{fn}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in records:
        h = hashlib.sha256((SEED + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
    rows = ["clean lines", "dirty lines"] + sorted(KINDS)
    counts = {}
    for name, recs in halves.items():
        c = Counter()
        for r in recs:
            c["clean lines" if not r["spans"] else "dirty lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        counts[name] = c
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in rows:
        a, b = counts["tune"][k], counts["heldout"][k]
        print(f"| {k:<15} | {a:>5} | {b:>7} | {a+b:>5} |")
    print(f"| {'lines':<15} | {len(halves['tune']):>5} | {len(halves['heldout']):>7} | {len(records):>5} |")

if __name__ == "__main__":
    main()
