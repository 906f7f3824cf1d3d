#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt markup ([[kind:text]])."""
import glob, hashlib, json, os, re, sys

KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent57-balint-pps-1653"
HERE = os.path.dirname(os.path.abspath(__file__))


def mod11(digits):
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
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before); out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner); out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs must fail modulus 11
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"\d+", masked):
        run = m.group()
        for i in range(len(run) - 9):
            if mod11(run[i:i + 10]):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {run}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, items = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                item = parse(line, f"{os.path.basename(path)}:{n}")
                if item["text"] in seen:
                    continue
                seen.add(item["text"])
                items.append(item)
    halves = {"tune": [], "heldout": []}
    for it in items:
        h = hashlib.sha256((SEED + it["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(it)
    for name, rows in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)
    kinds = sorted(KINDS)
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in kinds:
        a = sum(1 for r in halves["tune"] for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in halves["heldout"] for s in r["spans"] if s["kind"] == k)
        print(f"| {k} (spans) | {a} | {b} | {a + b} |")
    ca = sum(1 for r in halves["tune"] if not r["spans"])
    cb = sum(1 for r in halves["heldout"] if not r["spans"])
    print(f"| clean lines | {ca} | {cb} | {ca + cb} |")
    da, db = len(halves["tune"]) - ca, len(halves["heldout"]) - cb
    print(f"| dirty lines | {da} | {db} | {da + db} |")
    print(f"| all lines | {len(halves['tune'])} | {len(halves['heldout'])} | {len(items)} |")


if __name__ == "__main__":
    main()
