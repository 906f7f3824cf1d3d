#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt markup ([[kind:text]])."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent89-housebound-134"  # chosen from 0..399 as the most even split per kind


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
        chunk = line[pos:m.start()]
        text.append(chunk); out_len += len(chunk)
        start = out_len
        text.append(inner); out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_t": inner})
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: stray markup: {line}")
    for sp in spans:
        if s[sp["start"]:sp["end"]] != sp.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s[sp["start"]:sp["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {s[sp['start']:sp['end']]}")
    # unmarked 10-digit runs (plain or grouped 3-3-4) must fail modulus 11
    covered = [(sp["start"], sp["end"]) for sp in spans]
    pats = [r"(?<![\d])\d{10}(?![\d])", r"(?<![\d])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])"]
    for p in pats:
        for m in re.finditer(p, s):
            if any(a <= m.start() and m.end() <= b for a, b in covered):
                continue
            if mod11_ok(re.sub(r"\D", "", m.group())):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda x: (x["start"], x["end"]))
    return {"text": s, "spans": spans}


def half(text):
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main():
    seen, out = set(), {"tune": [], "heldout": []}
    dups = 0
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
                out[half(rec["text"])].append(rec)
    for k, recs in out.items():
        with open(os.path.join(HERE, f"{k}.json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
    kinds = sorted(KINDS)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in kinds:
        a = sum(1 for r in out["tune"] for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in out["heldout"] for s in r["spans"] if s["kind"] == k)
        print(f"| {k} spans | {a} | {b} | {a+b} |")
    for label, pred in (("clean lines", lambda r: not r["spans"]), ("dirty lines", lambda r: r["spans"]), ("all lines", lambda r: True)):
        a = sum(1 for r in out["tune"] if pred(r)); b = sum(1 for r in out["heldout"] if pred(r))
        print(f"| {label} | {a} | {b} | {a+b} |")


if __name__ == "__main__":
    main()
