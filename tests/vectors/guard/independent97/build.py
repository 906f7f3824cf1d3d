#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt markup (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent97-heron"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11(d):
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
            sys.exit(f"{where}: stray brackets: {line}")
        text.append(before); out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    tail = line[pos:]
    if "[[" in tail or "]]" in tail:
        sys.exit(f"{where}: stray brackets: {line}")
    text.append(tail)
    t = "".join(text)
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {t[s['start']:s['end']]}")
    covered = [False] * len(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            covered[i] = True
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if not any(covered[m.start():m.end()]) and mod11(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    for m in re.finditer(r"(?<!\d)(?<!\d[ \-])\d+(?:[ \-]\d+)+(?!\d)", t):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) == 10 and mod11(digits) and not any(covered[m.start():m.end()]):
            sys.exit(f"{where}: unmarked grouped 10-digit number passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, rows = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                rows.append(rec)
    tune, held = [], []
    for r in rows:
        h = hashlib.sha256((SEED + r["text"]).encode("utf-8")).digest()
        (tune if h[0] % 2 == 0 else held).append(r)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
    def counts(data):
        c = {k: 0 for k in KINDS}
        clean = 0
        for r in data:
            if not r["spans"]:
                clean += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c, clean
    ct, cleant = counts(tune); ch, cleanh = counts(held)
    print(f"| {'kind':<15} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"| {'-'*15} | {'-'*5}: | {'-'*7}: | {'-'*5}: |")
    for k in KINDS:
        print(f"| {k:<15} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")
    print(f"| {'clean lines':<15} | {cleant:>5} | {cleanh:>7} | {cleant+cleanh:>5} |")
    print(f"| {'dirty lines':<15} | {len(tune)-cleant:>5} | {len(held)-cleanh:>7} | {len(tune)+len(held)-cleant-cleanh:>5} |")
    print(f"| {'all lines':<15} | {len(tune):>5} | {len(held):>7} | {len(tune)+len(held):>5} |")


if __name__ == "__main__":
    main()
