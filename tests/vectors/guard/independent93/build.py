#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt markup ([[kind:text]])."""
import hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent93-balint-sea"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        chunk = line[pos:m.start()]
        if "[[" in chunk or "]]" in chunk:
            sys.exit(f"{where}: malformed markup")
        text.append(chunk); out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    tail = line[pos:]
    if "[[" in tail or "]]" in tail:
        sys.exit(f"{where}: malformed markup")
    text.append(tail)
    t = "".join(text)
    for sp in spans:
        if t[sp["start"]:sp["end"]] != sp.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", t[sp["start"]:sp["end"]])
            if not mod11_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {digits}")
    masked = list(t)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", "".join(masked)):
        if mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def hkey(text):
    return hashlib.sha256((SEED + "\x00" + text).encode()).hexdigest()


RARITY = ["postcode", "email", "nhs_number", "patient_number", "phone", "date", "name"]


def stratum(rec):
    kinds = {sp["kind"] for sp in rec["spans"]}
    if not kinds:
        return "clean"
    return next(k for k in RARITY if k in kinds)


def split(records):
    """Seeded-hash split, stratified by the rarest kind in each line (or clean):
    within each stratum, lines are ordered by their seeded hash and dealt
    alternately to tune and heldout, so every kind divides about evenly."""
    groups = {}
    for rec in records:
        groups.setdefault(stratum(rec), []).append(rec)
    out = {"tune": [], "heldout": []}
    for key in sorted(groups):
        recs = sorted(groups[key], key=lambda r: hkey(r["text"]))
        first = "tune" if int(hkey(key), 16) % 2 == 0 else "heldout"
        other = "heldout" if first == "tune" else "tune"
        for i, rec in enumerate(recs):
            out[first if i % 2 == 0 else other].append(rec)
    for k in out:
        out[k].sort(key=lambda r: hkey(r["text"]))
    return out


def main():
    src = os.path.join(HERE, "source")
    seen, allrecs = set(), []
    dups = 0
    for fn in sorted(os.listdir(src)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(src, fn), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{fn}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                allrecs.append(rec)
    out = split(allrecs)
    for k, recs in out.items():
        with open(os.path.join(HERE, k + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    print(f"duplicates dropped: {dups}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    tot = {}
    for k in out:
        c = Counter(sp["kind"] for r in out[k] for sp in r["spans"])
        c["clean lines"] = sum(1 for r in out[k] if not r["spans"])
        c["dirty lines"] = sum(1 for r in out[k] if r["spans"])
        c["all lines"] = len(out[k])
        tot[k] = c
    for kind in kinds + ["clean lines", "dirty lines", "all lines"]:
        a, b = tot["tune"][kind], tot["heldout"][kind]
        print(f"| {kind} | {a} | {b} | {a + b} |")


if __name__ == "__main__":
    main()
