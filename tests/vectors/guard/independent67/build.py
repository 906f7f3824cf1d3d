#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import hashlib, json, os, re, sys, glob
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent67-balint-1606"  # chosen from 3000 candidates for the most even split per kind
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")


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
        text.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if not val or val != val.strip():
            sys.exit(f"{where}: bad span text {val!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {t[s['start']:s['end']]}")
    # unmarked 10-digit runs (contiguous or grouped 3-3-4 with space/dash) must fail mod 11
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for pat in (r"(?<!\d)\d{10}(?!\d)", r"(?<![\d#])\d{3}[ -]\d{3}[ -]\d{4}(?![\d#])"):
        for m in re.finditer(pat, masked):
            d = re.sub(r"\D", "", m.group(0))
            if mod11_ok(d):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    records, seen, dups = [], set(), 0
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
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in records:
        h = hashlib.sha256((SEED + "\x00" + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"lines: {len(records)} (dropped {dups} exact duplicates)")
    print(f"| kind | tune | heldout | total |")
    print(f"| --- | ---: | ---: | ---: |")
    rows = []
    for k in KINDS + ["clean lines", "dirty lines", "all lines"]:
        c = []
        for name in ("tune", "heldout"):
            recs = halves[name]
            if k == "clean lines":
                c.append(sum(1 for r in recs if not r["spans"]))
            elif k == "dirty lines":
                c.append(sum(1 for r in recs if r["spans"]))
            elif k == "all lines":
                c.append(len(recs))
            else:
                c.append(sum(1 for r in recs for s in r["spans"] if s["kind"] == k))
        print(f"| {k} | {c[0]} | {c[1]} | {c[0]+c[1]} |")


if __name__ == "__main__":
    main()
