#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent69-balint-portfolio-7331"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
GROUPED = re.compile(r"\d(?:[ -]?\d)*")


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
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if t[s["start"]:s["end"]] != s["_t"]:
            sys.exit(f"{where}: span does not round-trip: {s}")
        del s["_t"]
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    # no unmarked 10-digit run (contiguous or grouped with spaces/dashes) may pass modulus 11
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for m in GROUPED.finditer(t):
        if any(i in covered for i in range(m.start(), m.end())):
            continue
        d = re.sub(r"\D", "", m.group())
        cands = [d] if len(d) == 10 else []
        cands += [r for r in re.findall(r"(?=(\d{10}))", m.group()) if len(m.group()) > 10]
        for c in cands:
            if mod11_ok(c):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {c!r} in {t!r}")
    return {"text": t, "spans": spans}


def h(s):
    return hashlib.sha256((SEED + "\x00" + s).encode("utf-8")).hexdigest()


def main():
    records, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                records.append(rec)
    # stratify by the set of kinds in a line, then order by seeded hash and alternate
    groups = defaultdict(list)
    for r in records:
        key = "+".join(sorted({s["kind"] for s in r["spans"]})) or "clean"
        groups[key].append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups, key=h):
        for r in sorted(groups[key], key=lambda r: h(r["text"])):
            (tune if flip % 2 == 0 else held).append(r)
            flip += 1
    tune.sort(key=lambda r: h(r["text"]))
    held.sort(key=lambda r: h(r["text"]))
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"lines: {len(records)} (dropped {dups} exact duplicates)")
    print(f"| kind | tune | heldout | total |")
    print(f"|---|---|---|---|")
    rows = []
    for k in KINDS:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in held for s in r["spans"] if s["kind"] == k)
        rows.append((k, a, b))
    ca = sum(1 for r in tune if not r["spans"]); cb = sum(1 for r in held if not r["spans"])
    da = len(tune) - ca; db = len(held) - cb
    for k, a, b in rows:
        print(f"| {k} (spans) | {a} | {b} | {a+b} |")
    print(f"| clean lines | {ca} | {cb} | {ca+cb} |")
    print(f"| lines with spans | {da} | {db} | {da+db} |")
    print(f"| all lines | {len(tune)} | {len(held)} | {len(tune)+len(held)} |")


if __name__ == "__main__":
    main()
