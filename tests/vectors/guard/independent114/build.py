#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-marked source/*.txt files.

Markup: [[kind:text]] around each identifier. One sentence or chat message per line.
Stdlib only. heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
SEED = "independent114-balint-ooh-seed-7"


def nhs_ok(digits):
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
            raise SystemExit(f"{where}: unknown kind {kind!r}")
        if not inner or inner != inner.strip():
            raise SystemExit(f"{where}: empty or padded span {inner!r}")
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise SystemExit(f"{where}: stray brackets")
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        raise SystemExit(f"{where}: stray brackets")
    text.append(rest)
    text = "".join(text)
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            raise SystemExit(f"{where}: span does not round-trip")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def check(text, spans, where):
    for s in spans:
        t = text[s["start"]:s["end"]]
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t)
            if not nhs_ok(d):
                raise SystemExit(f"{where}: NHS number fails modulus 11: {t}")
        if s["kind"] == "name" and re.match(r"(Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s", t):
            raise SystemExit(f"{where}: title inside name span: {t}")
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", text):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside and nhs_ok(m.group()):
            raise SystemExit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")


def half(text):
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main():
    seen = set()
    out = {"tune": [], "heldout": []}
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                check(text, spans, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                out[half(text)].append({"text": text, "spans": spans})
    for name, rows in out.items():
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    # counts table
    cols = ("tune", "heldout", "total")
    counts = {k: {c: 0 for c in cols} for k in KINDS + ("clean lines", "dirty lines", "all lines")}
    for name, rows in out.items():
        for r in rows:
            for s in r["spans"]:
                counts[s["kind"]][name] += 1
            counts["clean lines" if not r["spans"] else "dirty lines"][name] += 1
            counts["all lines"][name] += 1
    for k in counts:
        counts[k]["total"] = counts[k]["tune"] + counts[k]["heldout"]
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k, v in counts.items():
        print(f"| {k:<15} | {v['tune']:>5} | {v['heldout']:>7} | {v['total']:>5} |")
    if dups:
        print(f"dropped {dups} exact duplicate line(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
