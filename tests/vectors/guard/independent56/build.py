#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt markup ([[kind:text]])."""
import hashlib, json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent56-balint-c"


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(digits[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


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
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside and mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, recs = set(), []
    dups = 0
    for f in sorted((HERE / "source").glob("*.txt")):
        for i, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line, f"{f.name}:{i}")
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            recs.append(rec)
    tune, held = [], []
    for r in recs:
        h = hashlib.sha256((SEED + r["text"]).encode("utf-8")).digest()
        (tune if h[0] % 2 == 0 else held).append(r)
    (HERE / "tune.json").write_text(json.dumps(tune, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "heldout.json").write_text(json.dumps(held, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    kinds = sorted(KINDS)
    print(f"lines: {len(recs)} (dropped {dups} duplicates)")
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in kinds:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in held for s in r["spans"] if s["kind"] == k)
        print(f"| {k} spans | {a} | {b} | {a+b} |")
    a = sum(1 for r in tune if not r["spans"]); b = sum(1 for r in held if not r["spans"])
    print(f"| clean lines | {a} | {b} | {a+b} |")
    a = sum(1 for r in tune if r["spans"]); b = sum(1 for r in held if r["spans"])
    print(f"| dirty lines | {a} | {b} | {a+b} |")
    print(f"| all lines | {len(tune)} | {len(held)} | {len(tune)+len(held)} |")


if __name__ == "__main__":
    main()
