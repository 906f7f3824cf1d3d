#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "balint-inbox-92"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(digits[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


def parse(raw, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        chunk = raw[pos:m.start()]
        text.append(chunk); out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner); out_len += len(inner)
        pos = m.end()
    text.append(raw[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup in {raw!r}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 / 3 3 4 / 5-5) must fail mod 11
    for m in re.finditer(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])", t):
        if covered & set(range(m.start(), m.end())):
            continue
        d = re.sub(r"\D", "", m.group(0))
        # any window of exactly 10 digits made of whole groups
        groups = re.split(r"[ -]", m.group(0))
        bad = None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups) + 1):
                cand = "".join(groups[a:b])
                if len(cand) == 10 and mod11_ok(cand):
                    bad = cand
        if bad:
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    recs, seen = [], set()
    dup = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                line = line.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                r = parse(line, f"{os.path.basename(path)}:{i}")
                if r["text"] in seen:
                    dup += 1
                    continue
                seen.add(r["text"])
                recs.append(r)
    # stratify by the line's set of kinds, order each stratum by seeded hash, alternate halves
    strata = {}
    for r in recs:
        key = ",".join(sorted({s["kind"] for s in r["spans"]})) or "clean"
        strata.setdefault(key, []).append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for j, r in enumerate(group):
            (tune if (j + flip) % 2 == 0 else held).append(r)
        flip += len(group)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        data.sort(key=lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest())
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
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
    print(f"duplicates dropped: {dup}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in kinds + ["clean lines", "dirty lines", "lines"]:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
