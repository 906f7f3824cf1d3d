#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] for each identifier; one line = one example.
"""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent51-balint-8663"  # chosen from independent51-balint-0..19999 as the best-balanced split
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


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
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup in {line!r}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # no unmarked 10-digit run may pass modulus 11
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside and mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


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
                if not line:
                    continue
                ex = parse(line, f"{os.path.basename(path)}:{n}")
                if ex["text"] in seen:
                    dups += 1
                    continue
                seen.add(ex["text"])
                out[half(ex["text"])].append(ex)
    for k, rows in out.items():
        with open(os.path.join(HERE, f"{k}.json"), "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for kind in kinds + ["clean lines", "dirty lines", "all lines"]:
        row = []
        for k in ("tune", "heldout"):
            rows = out[k]
            if kind == "clean lines":
                row.append(sum(1 for r in rows if not r["spans"]))
            elif kind == "dirty lines":
                row.append(sum(1 for r in rows if r["spans"]))
            elif kind == "all lines":
                row.append(len(rows))
            else:
                row.append(sum(1 for r in rows for s in r["spans"] if s["kind"] == kind))
        print(f"| {kind} | {row[0]} | {row[1]} | {row[0] + row[1]} |")


if __name__ == "__main__":
    main()
