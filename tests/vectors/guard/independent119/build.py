#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt markup (stdlib only)."""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent119-split-1"
TEN = re.compile(r"(?<![\d])(\d{3}[ -]?\d{3}[ -]?\d{4}|\d{10})(?![\d])")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
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
        pre = line[pos:m.start()]
        text.append(pre)
        out_len += len(pre)
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
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in TEN.finditer(masked):
        d = re.sub(r"\D", "", m.group(0))
        if mod11_ok(d):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, records = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in records:
        h = hashlib.sha256((SEED + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    rows = ["lines", "clean lines", "dirty lines"] + sorted(KINDS)
    counts = {}
    for name, recs in halves.items():
        c = Counter()
        c["lines"] = len(recs)
        c["clean lines"] = sum(1 for r in recs if not r["spans"])
        c["dirty lines"] = sum(1 for r in recs if r["spans"])
        for r in recs:
            for s in r["spans"]:
                c[s["kind"]] += 1
        counts[name] = c
    print(f"| {'':15} | {'tune':>6} | {'heldout':>7} | {'total':>6} |")
    print(f"|{'-'*17}|{'-'*8}|{'-'*9}|{'-'*8}|")
    for r in rows:
        a, b = counts["tune"][r], counts["heldout"][r]
        print(f"| {r:15} | {a:>6} | {b:>7} | {a+b:>6} |")


if __name__ == "__main__":
    main()
