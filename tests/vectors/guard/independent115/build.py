#!/usr/bin/env python3
"""Build tune.json / heldout.json from the hand-written markup in source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent115-balint-sea-2026"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
GROUPED = re.compile(r"\d+(?:[ \-]\d+)*")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
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
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        t = text[s["start"]:s["end"]]
        if t != t.strip():
            sys.exit(f"{where}: span has outer whitespace")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t)
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number {t!r} fails modulus 11")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")
    # no unmarked 10-digit run (contiguous or grouped by single spaces/dashes) may pass modulus 11
    for m in GROUPED.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            n = 0
            for j in range(i, len(groups)):
                n += groups[j][1] - groups[j][0]
                if n == 10:
                    a, b = groups[i][0], groups[j][1]
                    digits = re.sub(r"\D", "", text[a:b])
                    covered = any(s["start"] <= a and b <= s["end"] for s in spans)
                    if mod11_ok(digits) and not covered:
                        sys.exit(f"{where}: unmarked 10-digit run {text[a:b]!r} passes modulus 11")
                if n >= 10:
                    break
    return {"text": text, "spans": spans}


def main():
    rows, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for no, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                row = parse(line, f"{os.path.basename(path)}:{no}")
                if row["text"] in seen:
                    continue
                seen.add(row["text"])
                rows.append(row)
    # stratify by the rarest kind in each line (or "clean"), order by seeded hash, alternate halves
    total = Counter(s["kind"] for r in rows for s in r["spans"])
    strata = defaultdict(list)
    for r in rows:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (total[k], k)) if kinds else "clean"
        strata[key].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\0" + r["text"]).encode()).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)
    order = lambda r: hashlib.sha256((SEED + "|order|" + r["text"]).encode()).hexdigest()
    tune.sort(key=order)
    heldout.sort(key=order)
    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    print(f"| {'kind':<15}| {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*16}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in kinds:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in heldout for s in r["spans"] if s["kind"] == k)
        print(f"| {k:<15}| {a:>5} | {b:>7} | {a+b:>5} |")
    for label, pred in (("clean lines", lambda r: not r["spans"]), ("dirty lines", lambda r: bool(r["spans"])), ("all lines", lambda r: True)):
        a = sum(1 for r in tune if pred(r)); b = sum(1 for r in heldout if pred(r))
        print(f"| {label:<15}| {a:>5} | {b:>7} | {a+b:>5} |")


if __name__ == "__main__":
    main()
