#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] marks one identifier inside a line. One line = one item.
"""
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source")
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent63-balint-split-33"  # chosen from 0..299 as the most even split per kind
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
    text = []
    spans = []
    pos = 0
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
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        seg = text[s["start"]:s["end"]]
        if seg != seg.strip():
            sys.exit(f"{where}: span has outer whitespace: {seg!r}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", seg)
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {seg}")
        if s["kind"] == "name" and re.match(r"(Mr|Mrs|Ms|Miss|Dr|Prof)\b", seg):
            sys.exit(f"{where}: title inside name span: {seg}")
    # unmarked 10-digit numbers (run together, or grouped 3-3-4 with space or dash)
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for m in re.finditer(r"(?<![\d])(\d{3}[ -]?\d{3}[ -]?\d{4})(?![\d])", text):
        if any(i in covered for i in range(m.start(), m.end())):
            continue
        d = re.sub(r"\D", "", m.group(1))
        if mod11_ok(d):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def bucket(text):
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return h[0] & 1


def main():
    items = []
    seen = set()
    dropped = 0
    for fn in sorted(os.listdir(SRC)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(SRC, fn), encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                item = parse(line, f"{fn}:{n}")
                if item["text"] in seen:
                    dropped += 1
                    continue
                seen.add(item["text"])
                items.append(item)
    halves = {"tune": [], "heldout": []}
    for it in items:
        halves["tune" if bucket(it["text"]) == 0 else "heldout"].append(it)
    for name, lst in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(lst, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
    rows = []
    for k in kinds:
        rows.append((k, *(sum(1 for it in halves[h] for s in it["spans"] if s["kind"] == k) for h in ("tune", "heldout"))))
    rows.append(("dirty lines", *(sum(1 for it in halves[h] if it["spans"]) for h in ("tune", "heldout"))))
    rows.append(("clean lines", *(sum(1 for it in halves[h] if not it["spans"]) for h in ("tune", "heldout"))))
    rows.append(("all lines", len(halves["tune"]), len(halves["heldout"])))
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k, a, b in rows:
        print(f"| {k} | {a} | {b} | {a + b} |")
    print(f"duplicates dropped: {dropped}")


if __name__ == "__main__":
    main()
