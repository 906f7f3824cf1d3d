#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] inside one sentence per line. Lines starting with '#'
and blank lines are ignored.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent116-balint-families"


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
    out, spans, pos = [], [], 0
    for m in MARK.finditer(line):
        out.append(line[pos:m.start()])
        kind, body = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        start = sum(len(s) for s in out)
        out.append(body)
        spans.append({"kind": kind, "start": start, "end": start + len(body), "_t": body})
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "name" and re.match(r"(Mr|Mrs|Ms|Miss|Dr|Prof|Nan|Baby)\.? ", text[s["start"]:s["end"]]):
            sys.exit(f"{where}: title inside a name span: {line}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    # unmarked 10-digit runs, contiguous or grouped 3-3-4 / 3 3 4 / 5-5 / 4-3-3
    pats = [r"(?<!\d)\d{10}(?!\d)",
            r"(?<![\d\w])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])",
            r"(?<![\d\w])\d{5}[ -]\d{5}(?![\d])",
            r"(?<![\d\w])\d{4}[ -]\d{3}[ -]\d{3}(?![\d])"]
    for p in pats:
        for m in re.finditer(p, text):
            if any(i in covered for i in range(m.start(), m.end())):
                continue
            if mod11_ok(re.sub(r"\D", "", m.group())):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def main():
    records, seen = [], set()
    for f in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line, f"{f.name}:{n}")
            if rec["text"] in seen:
                continue
            seen.add(rec["text"])
            records.append(rec)
    tune, held = [], []
    for r in records:
        h = hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).digest()
        (tune if h[0] % 2 == 0 else held).append(r)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    kinds = sorted(KINDS)
    def counts(data):
        c = {k: 0 for k in kinds}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"| {'-'*15} | {'-'*5} | {'-'*7} | {'-'*5} |")
    for k in kinds + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k:<15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
