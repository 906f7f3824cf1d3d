#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt markup ([[kind:text]])."""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "balint-independent50-seed-7"
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
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        text += line[pos:m.start()]
        spans.append({"kind": kind, "start": len(text), "end": len(text) + len(val)})
        text += val
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: stray markup: {line}")
    for sp, m in zip(spans, MARK.finditer(line)):
        assert text[sp["start"]:sp["end"]] == m.group(2), where
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", m.group(2))
            if not mod11(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {m.group(2)}")
    # unmarked 10-digit runs (plain, or grouped with spaces/dashes) must fail mod 11
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d#])\d(?:[ -]?\d){9}(?![\d#])", masked):
        d = re.sub(r"\D", "", m.group(0))
        if len(d) == 10 and mod11(d):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def main():
    seen, items = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                item = parse(line, f"{os.path.basename(path)}:{n}")
                if item["text"] in seen:
                    continue
                seen.add(item["text"])
                items.append(item)
    # Balanced seeded-hash split: lines are visited in the order of a seeded
    # hash of their text; each goes to whichever half is currently short of
    # the kinds it carries (or of clean lines), ties decided by the hash.
    # The result is deterministic for a given SEED and divides every kind and
    # the clean lines about evenly.
    def h(it, salt=""):
        return hashlib.sha256((SEED + salt + it["text"]).encode("utf-8")).hexdigest()
    tune, held = [], []
    bal = Counter()  # tune count minus heldout count, per kind / "clean" / "lines"
    for it in sorted(items, key=h):
        kinds = Counter(s["kind"] for s in it["spans"]) or Counter({"clean": 1})
        score = sum(bal[k] * n for k, n in kinds.items()) * 4 + bal["lines"]
        if score == 0:
            to_tune = int(h(it, "tie")[0], 16) % 2 == 0
        else:
            to_tune = score < 0
        sign = 1 if to_tune else -1
        for k, n in kinds.items():
            bal[k] += sign * n
        bal["lines"] += sign
        (tune if to_tune else held).append(it)
    order = lambda it: hashlib.sha256((SEED + "order" + it["text"]).encode()).hexdigest()
    tune.sort(key=order)
    held.sort(key=order)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
    def counts(data):
        c = Counter(s["kind"] for it in data for s in it["spans"])
        c["clean lines"] = sum(1 for it in data if not it["spans"])
        c["dirty lines"] = sum(1 for it in data if it["spans"])
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    rows = sorted(KINDS) + ["clean lines", "dirty lines", "lines"]
    print(f"| {'kind':16} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*18}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in rows:
        print(f"| {k:16} | {ct[k]:5} | {ch[k]:7} | {ct[k]+ch[k]:5} |")


if __name__ == "__main__":
    main()
