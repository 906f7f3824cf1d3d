#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt markup ([[kind:text]])."""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent61-2472"


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
        chunk = line[pos:m.start()]
        if "[[" in chunk or "]]" in chunk:
            sys.exit(f"{where}: stray brackets")
        text.append(chunk); out_len += len(chunk)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    tail = line[pos:]
    if "[[" in tail or "]]" in tail:
        sys.exit(f"{where}: stray brackets")
    text.append(tail)
    t = "".join(text)
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11(d):
                sys.exit(f"{where}: NHS number fails modulus 11")
    # unmarked 10-digit runs must fail modulus 11
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", "".join(masked)):
        if mod11(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, records = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for r in records:
        h = hashlib.sha256((SEED + r["text"]).encode("utf-8")).digest()[0]
        halves["tune" if h % 2 == 0 else "heldout"].append(r)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
    order = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
    counts = {k: Counter() for k in halves}
    for k, recs in halves.items():
        for r in recs:
            counts[k]["lines"] += 1
            if not r["spans"]:
                counts[k]["clean lines"] += 1
            for s in r["spans"]:
                counts[k][s["kind"]] += 1
    rows = ["lines", "clean lines"] + order
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for row in rows:
        a, b = counts["tune"][row], counts["heldout"][row]
        print(f"| {row} | {a} | {b} | {a + b} |")


if __name__ == "__main__":
    main()
