#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt ([[kind:text]] markup). Stdlib only."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "independent77-balint-1027"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
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
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup: {line!r}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {line!r}")
    # no unmarked 10-digit run may pass modulus 11
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside and mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {line!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    items, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                item = parse(line, f"{os.path.basename(path)}:{n}")
                if item["text"] in seen:
                    continue
                seen.add(item["text"])
                items.append(item)
    halves = {"tune": [], "heldout": []}
    for it in items:
        h = hashlib.sha256((SEED + "\x00" + it["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(it)
    for name, rows in halves.items():
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    # counts table
    cols = ["lines", "clean"] + KINDS
    table = {}
    for name, rows in halves.items():
        c = {k: 0 for k in cols}
        c["lines"] = len(rows)
        for r in rows:
            if not r["spans"]:
                c["clean"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        table[name] = c
    table["total"] = {k: table["tune"][k] + table["heldout"][k] for k in cols}
    print("| half | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for name in ("tune", "heldout", "total"):
        print(f"| {name} | " + " | ".join(str(table[name][k]) for k in cols) + " |")


if __name__ == "__main__":
    main()
