#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "independent104-seed92"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


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
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: malformed markup")
    for sp in spans:
        if s[sp["start"]:sp["end"]] != sp.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s[sp["start"]:sp["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", s):
        inside = any(sp["start"] <= m.start() and m.end() <= sp["end"] for sp in spans)
        if not inside and mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda x: (x["start"], x["end"]))
    return {"text": s, "spans": spans}


def main():
    records, seen = [], set()
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
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in records:
        h = hashlib.sha256((SEED + "\x00" + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"lines: {len(records)} (exact duplicates dropped: {dups})")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in KINDS + ["clean lines", "dirty lines", "all lines"]:
        row = []
        for name in ("tune", "heldout"):
            recs = halves[name]
            if k in KINDS:
                c = sum(1 for r in recs for s in r["spans"] if s["kind"] == k)
            elif k == "clean lines":
                c = sum(1 for r in recs if not r["spans"])
            elif k == "dirty lines":
                c = sum(1 for r in recs if r["spans"])
            else:
                c = len(recs)
            row.append(c)
        print(f"| {k} | {row[0]} | {row[1]} | {row[0] + row[1]} |")


if __name__ == "__main__":
    main()
