#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent52-234"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
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
    out, spans, pos = [], [], 0
    for m in MARK.finditer(line):
        kind, body = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        out.append(line[pos:m.start()])
        start = sum(len(p) for p in out)
        out.append(body)
        spans.append({"kind": kind, "start": start, "end": start + len(body), "_t": body})
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    # no unmarked 10-digit run (contiguous or 3-3-4 grouped) may pass modulus 11
    covered = [False] * len(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    # any run of digit groups joined by single spaces/dashes/dots whose
    # consecutive groups add up to exactly 10 digits is checked
    for m in re.finditer(r"\d+(?:[ .-]\d+)*", text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group(0))]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += text[groups[j][0]:groups[j][1]]
                if len(digits) > 10:
                    break
                if len(digits) == 10 and mod11_ok(digits):
                    a, b = groups[i][0], groups[j][1]
                    if not all(covered[a:b]):
                        sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {text[a:b]}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def main():
    records, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                text, spans = parse(line, f"{os.path.basename(path)}:{n}")
                if text in seen:
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})
    halves = {"tune": [], "heldout": []}
    for r in records:
        h = hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(r)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
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
