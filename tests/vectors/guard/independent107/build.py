#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
SEED = "independent107-seed-223"


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(digits[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


def parse(line, where):
    out, spans, pos = [], [], 0
    for m in MARK.finditer(line):
        out.append(line[pos:m.start()])
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        start = sum(len(x) for x in out)
        out.append(text)
        spans.append({"kind": kind, "start": start, "end": start + len(text), "_t": text})
        pos = m.end()
    out.append(line[pos:])
    plain = "".join(out)
    if "[[" in plain or "]]" in plain:
        sys.exit(f"{where}: unbalanced markup")
    for sp in spans:
        if plain[sp["start"]:sp["end"]] != sp.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", plain[sp["start"]:sp["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 with space/dash) must fail mod 11
    cands = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", plain)]
    cands += [(m.start(), m.end(), m.group(0)) for m in
              re.finditer(r"(?<!\d)\d{3}[ -]\d{3}[ -]\d{4}(?!\d)", plain)]
    for s, e, t in cands:
        inside = any(sp["start"] <= s and e <= sp["end"] for sp in spans)
        if not inside and mod11_ok(re.sub(r"\D", "", t)):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {t}")
    spans.sort(key=lambda sp: (sp["start"], sp["end"]))
    return {"text": plain, "spans": spans}


def main():
    seen, rows = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                rows.append(rec)
    tune, held = [], []
    for rec in rows:
        h = hashlib.sha256((SEED + rec["text"]).encode("utf-8")).digest()
        (tune if h[0] % 2 == 0 else held).append(rec)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
    kinds = sorted(KINDS)
    def count(data):
        c = {k: 0 for k in kinds}
        for r in data:
            for sp in r["spans"]:
                c[sp["kind"]] += 1
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["all lines"] = len(data)
        return c
    ct, ch = count(tune), count(held)
    print(f"| {'kind':<16} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*18}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in kinds + ["clean lines", "dirty lines", "all lines"]:
        print(f"| {k:<16} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
