#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] inside one line per sentence/message.
heldout.json is never used for tuning.
"""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent78-split-seed-5310"


def mod11_ok(d):
    d = re.sub(r"\D", "", d)
    if len(d) != 10:
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
            sys.exit("%s: unknown kind %r" % (where, kind))
        pre = line[pos:m.start()]
        text.append(pre)
        out_len += len(pre)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val)})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit("%s: malformed markup" % where)
    vals = [m.group(2) for m in MARK.finditer(line)]
    for sp, v in zip(spans, vals):
        if t[sp["start"]:sp["end"]] != v:
            sys.exit("%s: span does not round-trip" % where)
        if v != v.strip():
            sys.exit("%s: span has edge whitespace" % where)
        if sp["kind"] == "nhs_number" and not mod11_ok(v):
            sys.exit("%s: nhs_number fails modulus 11: %s" % (where, v))
    # unmarked 10-digit runs must fail modulus 11
    covered = set()
    for sp in spans:
        covered.update(range(sp["start"], sp["end"]))
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if m.start() in covered:
            continue
        if mod11_ok(m.group(0)):
            sys.exit("%s: unmarked 10-digit run passes modulus 11: %s" % (where, m.group(0)))
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    items, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                rec = parse(line, "%s:%d" % (os.path.basename(path), n))
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                items.append(rec)
    # Stratified split by a seeded hash: each line is put in a stratum named
    # after the rarest kind it contains (or "clean"); within a stratum lines
    # are ordered by sha256(SEED + text) and dealt alternately, so every kind
    # and the clean lines divide about evenly between tune and heldout.
    rarity = ["postcode", "nhs_number", "email", "date", "phone",
              "patient_number", "name"]
    strata = {}
    for rec in items:
        present = {s["kind"] for s in rec["spans"]}
        key = next((k for k in rarity if k in present), "clean")
        strata.setdefault(key, []).append(rec)
    tune, held = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: hashlib.sha256(
            (SEED + r["text"]).encode("utf-8")).hexdigest())
        flip = hashlib.sha256((SEED + key).encode("utf-8")).digest()[0] % 2
        for i, rec in enumerate(group):
            (tune if (i + flip) % 2 == 0 else held).append(rec)
    order = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode("utf-8")).hexdigest()
    tune.sort(key=order)
    held.sort(key=order)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    def counts(data):
        c = {k: 0 for k in kinds}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in kinds + ["clean lines", "dirty lines", "lines"]:
        print("| %s | %d | %d | %d |" % (k, ct[k], ch[k], ct[k] + ch[k]))


if __name__ == "__main__":
    main()
