#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt lines.

Markup: [[kind:text]] inside a line. Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):([^\[\]]+?)\]\]")
SEED = "independent79-balint-2026"
TITLES = ("Mr ", "Mrs ", "Ms ", "Miss ", "Dr ", "Prof ", "Father ")


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
        text.append(chunk)
        out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup in {line!r}")
    for s in spans:
        if t[s["start"]:s["end"]] != s["_t"]:
            sys.exit(f"{where}: span does not round-trip: {s}")
        inner = s.pop("_t")
        if inner != inner.strip():
            sys.exit(f"{where}: span has outer whitespace: {inner!r}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"[\s-]", "", inner)
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {inner}")
        if s["kind"] == "name":
            if inner.startswith(TITLES) or inner.endswith("'s"):
                sys.exit(f"{where}: title or possessive inside name span: {inner!r}")
    # unmarked 10-digit numbers (contiguous, or groups joined by single space/dash)
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d#])\d+(?:[ -]\d+)*(?![\d#])", masked):
        d = re.sub(r"[ -]", "", m.group(0))
        runs = [d] + re.findall(r"(?<!\d)\d{10}(?!\d)", m.group(0))
        for r in runs:
            if len(r) == 10 and mod11_ok(r):
                sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def h(text):
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def main():
    records, seen = [], set()
    dupes = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dupes += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)

    # Stratify by the rarest kind in the line (or "clean"), then order each
    # stratum by a seeded hash and alternate, so every kind splits about evenly.
    freq = {}
    for r in records:
        for s in r["spans"]:
            freq[s["kind"]] = freq.get(s["kind"], 0) + 1
    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: h(r["text"]))
        first_to_tune = int(h(key), 16) % 2 == 0
        for i, r in enumerate(group):
            ((tune if (i % 2 == 0) == first_to_tune else held)).append(r)
    tune.sort(key=lambda r: h(r["text"]))
    held.sort(key=lambda r: h(r["text"]))

    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def counts(data):
        c = {k: 0 for k in sorted(KINDS)}
        clean = 0
        for r in data:
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
    for k in sorted(KINDS):
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| lines | {len(tune)} | {len(held)} | {len(tune) + len(held)} |")
    print(f"| clean lines | {cleant} | {cleanh} | {cleant + cleanh} |")
    print(f"| lines with identifiers | {len(tune) - cleant} | {len(held) - cleanh} | {len(records) - cleant - cleanh} |")


if __name__ == "__main__":
    main()
