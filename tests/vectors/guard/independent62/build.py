#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt markup ([[kind:text]])."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
SEED = "independent62-balint-2026"
GROUPED = re.compile(r"(?<![\d])\d+(?:[ \-]\d+)*(?![\d])")


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
        if not val or "[[" in val or "]]" in val:
            sys.exit(f"{where}: bad span {m.group(0)!r}")
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
        sys.exit(f"{where}: unbalanced markup")
    return t, spans


def unmarked_mod11(t, spans):
    bad = []
    for m in GROUPED.finditer(t):
        if any(s["start"] < m.end() and m.start() < s["end"] for s in spans):
            continue
        groups = re.split(r"[ \-]", m.group(0))
        # any contiguous sequence of groups totalling exactly 10 digits
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    bad.append(acc)
                if len(acc) >= 10:
                    break
    return bad


def main():
    items, seen = [], set()
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                t, spans = parse(line, where)
                for s in spans:
                    if t[s["start"]:s["end"]] != s["_v"]:
                        sys.exit(f"{where}: span does not round-trip")
                    if s["kind"] == "nhs_number":
                        d = re.sub(r"\D", "", s["_v"])
                        if not mod11_ok(d):
                            sys.exit(f"{where}: NHS number fails modulus 11: {s['_v']}")
                bad = unmarked_mod11(t, spans)
                if bad:
                    sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {bad}")
                if t in seen:
                    dups += 1
                    continue
                seen.add(t)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                items.append({"text": t, "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]})
    # Stratified split by a seeded hash: each line's stratum is the rarest kind
    # it contains (or "clean"); within a stratum lines are ordered by
    # sha256(SEED, text) and dealt alternately, so every kind and the clean
    # lines divide about evenly between the halves.
    freq = {}
    for it in items:
        for s in it["spans"]:
            freq[s["kind"]] = freq.get(s["kind"], 0) + 1
    strata = {}
    for it in items:
        kinds = {s["kind"] for s in it["spans"]}
        key = min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(it)
    tune, held = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda it: hashlib.sha256((SEED + "\x00" + it["text"]).encode("utf-8")).hexdigest())
        first = int(hashlib.sha256((SEED + key).encode()).hexdigest(), 16) % 2
        for i, it in enumerate(group):
            (tune if (i + first) % 2 == 0 else held).append(it)
    tune.sort(key=lambda it: hashlib.sha256((SEED + "order" + it["text"]).encode("utf-8")).hexdigest())
    held.sort(key=lambda it: hashlib.sha256((SEED + "order" + it["text"]).encode("utf-8")).hexdigest())
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    def row(label, data):
        c = {k: 0 for k in kinds}
        for it in data:
            for s in it["spans"]:
                c[s["kind"]] += 1
        clean = sum(1 for it in data if not it["spans"])
        return [label, len(data), clean, len(data) - clean] + [c[k] for k in kinds]
    hdr = ["half", "lines", "clean", "dirty"] + kinds
    rows = [row("tune", tune), row("heldout", held), row("total", tune + held)]
    print(f"dropped duplicates: {dups}")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")


if __name__ == "__main__":
    main()
