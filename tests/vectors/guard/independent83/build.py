#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "balint-83-stayed-with-me"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
RUN10 = re.compile(r"(?<![\d])(\d{3}[ -]?\d{3}[ -]?\d{4})(?![\d])")


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
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    for m in RUN10.finditer(t):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside and mod11_ok(re.sub(r"\D", "", m.group(1))):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(1)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    recs, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for i, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{i}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                recs.append(rec)
    # Stratified split by a seeded hash: each line is filed under its rarest
    # kind (or "clean"); within a stratum lines are ordered by the hash and
    # dealt alternately, so every kind and the clean lines divide about evenly.
    rarity = {k: sum(1 for r in recs for s in r["spans"] if s["kind"] == k) for k in KINDS}
    strata = {}
    for r in recs:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (rarity[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    halves = {"tune": [], "heldout": []}
    for key in sorted(strata):
        rs = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(rs):
            halves["tune" if i % 2 == 0 else "heldout"].append(r)
    order = {id(r): n for n, r in enumerate(recs)}
    for rs in halves.values():
        rs.sort(key=lambda r: order[id(r)])
    for name, rs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(rs, f, ensure_ascii=False, indent=1)
    print(f"lines: {len(recs)} (dropped {dups} exact duplicates)")
    print(f"| kind | tune | heldout | total |")
    print(f"| --- | ---: | ---: | ---: |")
    for k in KINDS:
        a = sum(1 for r in halves["tune"] for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in halves["heldout"] for s in r["spans"] if s["kind"] == k)
        print(f"| {k} | {a} | {b} | {a+b} |")
    a = sum(1 for r in halves["tune"] if not r["spans"])
    b = sum(1 for r in halves["heldout"] if not r["spans"])
    print(f"| clean lines | {a} | {b} | {a+b} |")
    a, b = len(halves["tune"]), len(halves["heldout"])
    print(f"| all lines | {a} | {b} | {a+b} |")


if __name__ == "__main__":
    main()
