#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] marks an identifier. One sentence or chat message per line.
"""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
SEED = "independent86-seed-154"  # picked from 0..299 as the most even split


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
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: stray markup")
    for sp in spans:
        if s[sp["start"]:sp["end"]] != sp.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s[sp["start"]:sp["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11")
    # no unmarked 10-digit run (contiguous, or grouped 3-3-4 by space/dash) may pass modulus 11
    covered = set()
    for sp in spans:
        covered.update(range(sp["start"], sp["end"]))
    for m in re.finditer(r"(?<!\d)(\d{10}|\d{3}[ -]\d{3}[ -]\d{4})(?!\d)", s):
        d = re.sub(r"\D", "", m.group(0))
        if mod11_ok(d) and not set(range(m.start(), m.end())) <= covered:
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda x: (x["start"], x["end"]))
    return {"text": s, "spans": spans}


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
        h = hashlib.sha256((SEED + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
    kinds = sorted(KINDS)
    rows = [("lines",) + tuple(len(halves[h]) for h in halves),
            ("clean lines",) + tuple(sum(1 for r in halves[h] if not r["spans"]) for h in halves),
            ("dirty lines",) + tuple(sum(1 for r in halves[h] if r["spans"]) for h in halves)]
    for k in kinds:
        rows.append((k,) + tuple(sum(1 for r in halves[h] for s in r["spans"] if s["kind"] == k) for h in halves))
    print(f"| {'':16} | {'tune':>6} | {'heldout':>7} | {'total':>6} |")
    print(f"|{'-'*18}|{'-'*8}|{'-'*9}|{'-'*8}|")
    for label, a, b in rows:
        print(f"| {label:16} | {a:>6} | {b:>7} | {a+b:>6} |")


if __name__ == "__main__":
    main()
