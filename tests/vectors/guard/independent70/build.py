#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] per identifier, one message per line. Blank lines and
lines starting with '#' are ignored.
"""
import glob, hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent70-balint-2026"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# a maximal group of digits, optionally split by single spaces or dashes
DIGIT_GROUP = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


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
        text.append(pre); out_len += len(pre)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val); out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup: {line}")
    for sp in spans:
        if text[sp["start"]:sp["end"]] != sp.pop("_v"):
            sys.exit(f"{where}: span does not round-trip")
        v = text[sp["start"]:sp["end"]]
        if v != v.strip():
            sys.exit(f"{where}: span has outer whitespace: {v!r}")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"[ -]", "", v)
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {v}")
    # no unmarked 10-digit number (contiguous or grouped) may pass modulus 11
    for g in DIGIT_GROUP.finditer(text):
        inside = any(sp["start"] <= g.start() and g.end() <= sp["end"] for sp in spans)
        if inside:
            continue
        chunks = re.split(r"[ -]", g.group())
        # check every contiguous run of chunks that totals 10 digits
        for i in range(len(chunks)):
            tot = ""
            for j in range(i, len(chunks)):
                tot += chunks[j]
                if len(tot) == 10 and mod11_ok(tot):
                    sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {g.group()!r}")
                if len(tot) >= 10:
                    break
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def main():
    items, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        for n, raw in enumerate(open(path, encoding="utf-8"), 1):
            line = raw.rstrip("\n").strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line, f"{os.path.basename(path)}:{n}")
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            items.append(rec)

    # visit lines in an order fixed by a seeded hash (rarest kinds first) and
    # put each in the half where its kinds are currently scarcer; ties go by
    # the hash. This keeps every kind, and the clean lines, split about evenly.
    freq = Counter(s["kind"] for r in items for s in r["spans"])
    def h(r, salt=""):
        return hashlib.sha256((SEED + salt + r["text"]).encode()).hexdigest()
    def rarity(r):
        ks = [s["kind"] for s in r["spans"]]
        return min((freq[k] for k in ks), default=10 ** 9)
    order = sorted(items, key=lambda r: (rarity(r), h(r)))
    tune, held = [], []
    tally = [Counter(), Counter()]
    for r in order:
        c = Counter(s["kind"] for s in r["spans"]) or Counter({"clean": 1})
        c["lines"] += 1
        score = [sum(tally[i][k] * n for k, n in c.items()) for i in (0, 1)]
        if score[0] != score[1]:
            side = 0 if score[0] < score[1] else 1
        else:
            side = int(h(r, "side"), 16) & 1
        tally[side].update(c)
        (tune if side == 0 else held).append(r)
    for name, rows in (("tune.json", tune), ("heldout.json", held)):
        rows.sort(key=lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest())
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def counts(rows):
        c = Counter(s["kind"] for r in rows for s in r["spans"])
        c["lines"] = len(rows)
        c["clean lines"] = sum(1 for r in rows if not r["spans"])
        c["dirty lines"] = c["lines"] - c["clean lines"]
        return c
    ct, ch = counts(tune), counts(held)
    rows = ["lines", "clean lines", "dirty lines"] + sorted(KINDS)
    print(f"| {'':16} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*18}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in rows:
        print(f"| {k:16} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")
    print(f"(exact duplicates dropped: {dups})")


if __name__ == "__main__":
    main()
