#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "independent73-16"
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
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit candidates must fail modulus 11
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    cands = [m for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t)]
    cands += [m for m in re.finditer(r"(?<![\d ])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])", t)]
    for m in cands:
        if any(i in covered for i in range(m.start(), m.end())):
            continue
        if mod11_ok(re.sub(r"\D", "", m.group(0))):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    records, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in records:
        h = hashlib.sha256((SEED + "\x00" + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
            f.write("\n")
    rows = ["lines", "clean lines"] + KINDS
    def count(recs, row):
        if row == "lines":
            return len(recs)
        if row == "clean lines":
            return sum(1 for r in recs if not r["spans"])
        return sum(1 for r in recs for s in r["spans"] if s["kind"] == row)
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for row in rows:
        a, b = count(halves["tune"], row), count(halves["heldout"], row)
        print(f"| {row:<15} | {a:>5} | {b:>7} | {a+b:>5} |")


if __name__ == "__main__":
    main()
