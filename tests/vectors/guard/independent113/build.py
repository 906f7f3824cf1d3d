#!/usr/bin/env python3
"""Build tune.json / heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] around each identifier, one sentence or chat message a line.
Stdlib only.  Run: python3 build.py
"""
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "balint-113-wednesday"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
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
        if "[[" in inner or "]]" in inner:
            sys.exit(f"{where}: nested markup")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        sys.exit(f"{where}: stray markup in {line!r}")
    for s in spans:
        if plain[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if plain[s["start"]:s["end"]] != plain[s["start"]:s["end"]].strip():
            sys.exit(f"{where}: span has edge whitespace")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", plain[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    # unmarked 10-digit runs (plain or grouped 3-3-4) must fail modulus 11
    masked = list(plain)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for pat in (r"(?<!\d)\d{10}(?!\d)", r"(?<![\d#])\d{3}[ -]\d{3}[ -]\d{4}(?![\d#])"):
        for m in re.finditer(pat, masked):
            d = re.sub(r"\D", "", m.group(0))
            if mod11_ok(d):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    return {"text": plain, "spans": spans}


def main():
    src = os.path.join(HERE, "source")
    records, seen = [], set()
    dupes = 0
    for fn in sorted(os.listdir(src)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(src, fn), encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{fn}:{n}")
                if rec["text"] in seen:
                    dupes += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    # stratify by the set of kinds in a line, then split by seeded hash
    groups = {}
    for r in records:
        key = ",".join(sorted({s["kind"] for s in r["spans"]})) or "clean"
        groups.setdefault(key, []).append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for i, r in enumerate(items):
            (tune if (i + flip) % 2 == 0 else held).append(r)
        flip ^= len(items) % 2
    for lst in (tune, held):
        lst.sort(key=lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest())

    for name, lst in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(lst, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(lst):
        c = {k: 0 for k in KINDS}
        clean = 0
        for r in lst:
            if not r["spans"]:
                clean += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c, clean

    ct, cleant = counts(tune)
    ch, cleanh = counts(held)
    print(f"duplicates dropped: {dupes}")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in KINDS:
        print(f"| {k} spans | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| clean lines | {cleant} | {cleanh} | {cleant + cleanh} |")
    dt, dh = len(tune) - cleant, len(held) - cleanh
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| all lines | {len(tune)} | {len(held)} | {len(tune) + len(held)} |")


if __name__ == "__main__":
    main()
