#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (markup [[kind:text]])."""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent80-balint-sea-2026"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


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
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if val != val.strip() or not val:
            sys.exit(f"{where}: span has outer whitespace: {val!r}")
        pre = line[pos:m.start()]
        text.append(pre); out_len += len(pre)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: leftover markup in {t!r}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    # no unmarked 10-digit run (contiguous or grouped by single space/dash) may pass modulus 11
    for m in re.finditer(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])", t):
        if any(s["start"] < m.end() and m.start() < s["end"] for s in spans):
            continue
        groups = re.split(r"[ -]", m.group(0))
        cands = set(g for g in groups if len(g) == 10)
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10:
                    cands.add(acc)
                if len(acc) >= 10:
                    break
        for c in cands:
            if mod11_ok(c):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {c} in {t!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    recs, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                r = parse(line, f"{os.path.basename(path)}:{n}")
                key = json.dumps(r, sort_keys=True)
                if key in seen:
                    dups += 1
                    continue
                seen.add(key)
                recs.append(r)
    # seeded-hash order, then each line goes to the half that keeps per-kind span counts,
    # clean-line counts and line counts most even (ties broken by a bit of the same hash)
    def h(r):
        return hashlib.sha256((SEED + r["text"]).encode()).hexdigest()
    def vec(r):
        c = Counter(s["kind"] for s in r["spans"])
        return [c[k] for k in KINDS] + [0 if r["spans"] else 1, 0 if not r["spans"] else 1]
    tune, held = [], []
    vt = [0] * (len(KINDS) + 2); vh = [0] * (len(KINDS) + 2)
    for r in sorted(recs, key=h):
        v = vec(r)
        cost_t = sum((a + x - b) ** 2 for a, b, x in zip(vt, vh, v))
        cost_h = sum((a - b - x) ** 2 for a, b, x in zip(vt, vh, v))
        if cost_t < cost_h or (cost_t == cost_h and int(h(r)[-1], 16) % 2 == 0):
            tune.append(r); vt = [a + x for a, x in zip(vt, v)]
        else:
            held.append(r); vh = [a + x for a, x in zip(vh, v)]
    for name, part in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(part, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    print(f"lines: {len(recs)} (dropped {dups} exact duplicates)")
    print(f"| kind | tune | heldout | total |")
    print(f"|---|---:|---:|---:|")
    for k in KINDS:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in held for s in r["spans"] if s["kind"] == k)
        print(f"| {k} spans | {a} | {b} | {a+b} |")
    ca = sum(1 for r in tune if not r["spans"]); cb = sum(1 for r in held if not r["spans"])
    da, db = len(tune) - ca, len(held) - cb
    print(f"| dirty lines | {da} | {db} | {da+db} |")
    print(f"| clean lines | {ca} | {cb} | {ca+cb} |")
    print(f"| all lines | {len(tune)} | {len(held)} | {len(recs)} |")


if __name__ == "__main__":
    main()
