#!/usr/bin/env python3
"""Build tune.json / heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] around each identifier. stdlib only.
"""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent65-balint-pps"


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    c = 11 - sum(int(d[i]) * (10 - i) for i in range(9)) % 11
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
        pre = line[pos:m.start()]
        text.append(pre); out_len += len(pre)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        v = s.pop("_v")
        if t[s["start"]:s["end"]] != v:
            sys.exit(f"{where}: span does not round-trip: {v!r}")
        if v != v.strip():
            sys.exit(f"{where}: span has outer whitespace: {v!r}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", v)
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {v!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"{where}: overlapping spans")
    # no unmarked 10-digit run (contiguous or 3-3-4 / 4-3-3 grouped) may pass modulus 11
    covered = [False] * len(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in re.finditer(r"(?<![\d])(\d[\d \-]{8,12}\d)(?![\d])", t):
        d = re.sub(r"\D", "", m.group(1))
        if len(d) == 10 and mod11_ok(d) and not any(covered[m.start():m.end()]):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(1)!r}")
    return {"text": t, "spans": spans}


def main():
    items, seen = [], set()
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                items.append(rec)
    # Seeded-hash split, stratified: each line is put in a stratum (its rarest
    # kind, or "clean"); within a stratum lines are ordered by a seeded hash of
    # their text and dealt alternately, so every kind divides about evenly.
    freq = {}
    for rec in items:
        for s in rec["spans"]:
            freq[s["kind"]] = freq.get(s["kind"], 0) + 1
    strata = {}
    for rec in items:
        ks = {s["kind"] for s in rec["spans"]}
        key = min(ks, key=lambda k: (freq[k], k)) if ks else "clean"
        strata.setdefault(key, []).append(rec)
    halves = {"tune": [], "heldout": []}
    flip = 0
    for key in sorted(strata):
        recs = sorted(strata[key], key=lambda r: hashlib.sha256(
            (SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest())
        for i, rec in enumerate(recs):
            halves["tune" if (i + flip) % 2 == 0 else "heldout"].append(rec)
        flip ^= len(recs) % 2
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    kinds = sorted(KINDS)
    rows = [("lines", lambda r: 1), ("clean lines", lambda r: int(not r["spans"])),
            ("dirty lines", lambda r: int(bool(r["spans"])))]
    rows += [(k, (lambda k: lambda r: sum(s["kind"] == k for s in r["spans"]))(k)) for k in kinds]
    print(f"dropped exact duplicates: {dups}")
    print("| count | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for label, f in rows:
        a = sum(f(r) for r in halves["tune"]); b = sum(f(r) for r in halves["heldout"])
        print(f"| {label} | {a} | {b} | {a + b} |")


if __name__ == "__main__":
    main()
