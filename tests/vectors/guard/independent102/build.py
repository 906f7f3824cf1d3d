#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (markup [[kind:text]])."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent102-seed-7731"
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
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise SystemExit(f"{where}: stray brackets: {line!r}")
        text.append(before); out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SystemExit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        raise SystemExit(f"{where}: stray brackets: {line!r}")
    text.append(rest)
    t = "".join(text)
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            raise SystemExit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                raise SystemExit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs must fail modulus 11
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if not covered.intersection(range(m.start(), m.end())) and mod11_ok(m.group()):
            raise SystemExit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def hkey(text):
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def main():
    seen, recs, halves = set(), [], {"tune": [], "heldout": []}
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                recs.append(rec)
    # Stratified seeded-hash split: each line's stratum is the rarest kind it
    # contains (or "clean"); within a stratum lines are ordered by a seeded
    # hash and dealt alternately, so every kind divides about evenly.
    total = {}
    for r in recs:
        for s in r["spans"]:
            total[s["kind"]] = total.get(s["kind"], 0) + 1
    strata = {}
    for r in recs:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (total[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    flip = 0
    for key in sorted(strata):
        for r in sorted(strata[key], key=lambda r: hkey(r["text"])):
            halves["tune" if flip % 2 == 0 else "heldout"].append(r)
            flip += 1
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
    kinds = sorted(KINDS)
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in kinds:
        a = sum(1 for r in halves["tune"] for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in halves["heldout"] for s in r["spans"] if s["kind"] == k)
        print(f"| {k} spans | {a} | {b} | {a+b} |")
    for label, pred in (("clean lines", lambda r: not r["spans"]), ("dirty lines", lambda r: bool(r["spans"])), ("all lines", lambda r: True)):
        a = sum(1 for r in halves["tune"] if pred(r)); b = sum(1 for r in halves["heldout"] if pred(r))
        print(f"| {label} | {a} | {b} | {a+b} |")


if __name__ == "__main__":
    main()
