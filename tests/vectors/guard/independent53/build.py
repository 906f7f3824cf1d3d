#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "balint-53-ouroboros"
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TEN = re.compile(r"(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])")


def mod11(digits):
    d = re.sub(r"\D", "", digits)
    if len(d) != 10:
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
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if not inner or inner != inner.strip():
            sys.exit(f"{where}: bad span text {inner!r}")
        pre = line[pos:m.start()]
        text.append(pre); out_len += len(pre)
        start = out_len
        text.append(inner); out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_t": inner})
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number" and not mod11(t[s["start"]:s["end"]]):
            sys.exit(f"{where}: nhs_number fails modulus 11")
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for m in TEN.finditer(t):
        if covered & set(range(m.start(), m.end())):
            continue
        if mod11(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, recs = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for i, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{i}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                recs.append(rec)
    # Stratified split: each line is put in a stratum by the rarest kind it
    # carries (or "clean"); within a stratum lines are ordered by a seeded
    # hash and dealt alternately, so every kind divides about evenly.
    total = {k: 0 for k in KINDS}
    for r in recs:
        for s in r["spans"]:
            total[s["kind"]] += 1
    strata = {}
    for r in recs:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (total[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: hashlib.sha256(
            (SEED + r["text"]).encode("utf-8")).hexdigest())
        first = int(hashlib.sha256((SEED + key).encode()).hexdigest(), 16) % 2
        for i, r in enumerate(group):
            (tune if (i + first) % 2 == 0 else held).append(r)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
    def counts(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["clean_lines"] = sum(1 for r in data if not r["spans"])
        c["dirty_lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*17}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in KINDS + ["clean_lines", "dirty_lines", "lines"]:
        print(f"| {k:<15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
