#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] around each identifier, one sentence per line.
"""
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source")
SEED = "independent101-balint-inclusion-7731"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
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
        if m.group(1) not in KINDS:
            sys.exit(f"{where}: unknown kind {m.group(1)!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        inner = m.group(2)
        spans.append({"kind": m.group(1), "start": out_len, "end": out_len + len(inner), "_t": inner})
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
        if t[s["start"]:s["end"]] != t[s["start"]:s["end"]].strip():
            sys.exit(f"{where}: span has outer whitespace")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")
    # unmarked 10-digit candidates (run together, or grouped by spaces/dashes)
    covered = lambda i, j: any(s["start"] <= i and j <= s["end"] for s in spans)
    for m in re.finditer(r"(?<![\d])\d(?:[ \-]?\d){9}(?![\d])", t):
        d = re.sub(r"\D", "", m.group())
        if mod11_ok(d) and not covered(m.start(), m.end()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    return {"text": t, "spans": spans}


def main():
    items, seen = [], set()
    dups = 0
    for fn in sorted(os.listdir(SRC)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(SRC, fn), encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                it = parse(line, f"{fn}:{n}")
                key = json.dumps(it, sort_keys=True)
                if key in seen:
                    dups += 1
                    continue
                seen.add(key)
                items.append(it)
    # stratified seeded-hash split: group lines by the set of kinds they carry,
    # order each group by a seeded hash, and alternate tune/heldout.
    groups = {}
    for it in items:
        sig = ",".join(sorted({s["kind"] for s in it["spans"]})) or "clean"
        groups.setdefault(sig, []).append(it)
    tune, held = [], []
    flip = 0
    for sig in sorted(groups):
        g = sorted(groups[sig], key=lambda it: hashlib.sha256((SEED + it["text"]).encode()).hexdigest())
        for i, it in enumerate(g):
            (tune if (i + flip) % 2 == 0 else held).append(it)
        flip ^= len(g) % 2
    h = lambda it: hashlib.sha256((SEED + "order" + it["text"]).encode()).hexdigest()
    tune.sort(key=h)
    held.sort(key=h)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def counts(data):
        c = {k: 0 for k in sorted(KINDS)}
        for it in data:
            for s in it["spans"]:
                c[s["kind"]] += 1
        c["lines"] = len(data)
        c["clean lines"] = sum(1 for it in data if not it["spans"])
        c["dirty lines"] = c["lines"] - c["clean lines"]
        return c
    ct, ch = counts(tune), counts(held)
    print(f"duplicates dropped: {dups}")
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in list(sorted(KINDS)) + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k:<15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
