#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (markup: [[kind:text]])."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent95-seed-112"
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
        pre = line[pos:m.start()]
        text.append(pre)
        out_len += len(pre)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup: {line!r}")
    for s in spans:
        if t[s["start"]:s["end"]] != s["_v"]:
            sys.exit(f"{where}: span does not round-trip: {s}")
        if s["_v"] != s["_v"].strip():
            sys.exit(f"{where}: span has outer whitespace: {s['_v']!r}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"[\s-]", "", s["_v"])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {s['_v']}")
        del s["_v"]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    # unmarked 10-digit runs must fail modulus 11
    covered = [(s["start"], s["end"]) for s in spans]
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    return {"text": t, "spans": spans}


def main():
    items, seen = [], set()
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
                items.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in items:
        h = hashlib.sha256((SEED + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
    kinds = sorted(KINDS)
    rows = [("lines", lambda r: 1), ("clean lines", lambda r: int(not r["spans"]))]
    rows += [(k, (lambda k: lambda r: sum(s["kind"] == k for s in r["spans"]))(k)) for k in kinds]
    print(f"| {'':16} | {'tune':>6} | {'heldout':>7} | {'total':>6} |")
    print(f"|{'-'*18}|{'-'*8}|{'-'*9}|{'-'*8}|")
    for label, fn in rows:
        a = sum(fn(r) for r in halves["tune"])
        b = sum(fn(r) for r in halves["heldout"])
        print(f"| {label:16} | {a:6} | {b:7} | {a+b:6} |")


if __name__ == "__main__":
    main()
