#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (markup [[kind:text]])."""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent94-1096"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: stray markup: {line}")
    for sp in spans:
        if s[sp["start"]:sp["end"]] != sp.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s[sp["start"]:sp["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs (plain or 3-3-4 grouped) must fail modulus 11
    masked = list(s)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d#])(\d{10}|\d{3}[ -]\d{3}[ -]\d{4})(?![\d#])", masked):
        if mod11_ok(re.sub(r"\D", "", m.group(1))):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")
    spans.sort(key=lambda x: (x["start"], x["end"]))
    return {"text": s, "spans": spans}


def main():
    records, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
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
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
    kinds = sorted(KINDS)
    rows = []
    for name in ("tune", "heldout"):
        c = Counter(sp["kind"] for r in halves[name] for sp in r["spans"])
        clean = sum(1 for r in halves[name] if not r["spans"])
        rows.append((name, len(halves[name]), clean, c))
    print("| half | lines | clean | " + " | ".join(kinds) + " |")
    print("|---" * (3 + len(kinds)) + "|")
    for name, n, clean, c in rows:
        print(f"| {name} | {n} | {clean} | " + " | ".join(str(c[k]) for k in kinds) + " |")
    tot = Counter()
    for _, _, _, c in rows:
        tot.update(c)
    print(f"| total | {sum(r[1] for r in rows)} | {sum(r[2] for r in rows)} | " + " | ".join(str(tot[k]) for k in kinds) + " |")


if __name__ == "__main__":
    main()
