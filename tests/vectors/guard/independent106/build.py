#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] inside a line. Python str offsets. stdlib only.
"""
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source")
SEED = "independent106-48"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
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
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        sys.exit(f"{where}: unbalanced markup: {line!r}")
    for s in spans:
        if plain[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", plain[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {plain[s['start']:s['end']]}")
    # no unmarked 10-digit run (contiguous, or grouped 3-3-4 with space/dash) may pass mod 11
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for pat in (r"(?<!\d)\d{10}(?!\d)", r"(?<![\d])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])"):
        for m in re.finditer(pat, plain):
            if any(i in covered for i in range(m.start(), m.end())):
                continue
            if mod11_ok(re.sub(r"\D", "", m.group())):
                sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": plain, "spans": spans}


def main():
    items, seen = [], set()
    for fn in sorted(os.listdir(SRC)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(SRC, fn), encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{fn}:{n}")
                key = json.dumps(rec, sort_keys=True, ensure_ascii=False)
                if key in seen:
                    continue
                seen.add(key)
                items.append(rec)
    tune, held = [], []
    for rec in items:
        h = hashlib.sha256((SEED + "\0" + rec["text"]).encode("utf-8")).digest()
        (tune if h[0] % 2 == 0 else held).append(rec)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    order = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]

    def counts(data):
        c = {k: 0 for k in order}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c

    ct, ch = counts(tune), counts(held)
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in order + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
