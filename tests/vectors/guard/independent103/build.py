#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent103-balint-seed-7"


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(digits[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


def parse(raw):
    out, spans, pos = [], [], 0
    text = ""
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError("unknown kind %r in %r" % (kind, raw))
        text += raw[pos:m.start()]
        start = len(text)
        text += inner
        spans.append({"kind": kind, "start": start, "end": len(text), "_t": inner})
        pos = m.end()
    text += raw[pos:]
    if "[[" in text or "]]" in text:
        raise ValueError("unbalanced markup: %r" % raw)
    return text, spans


def check(text, spans, where):
    for s in spans:
        if text[s["start"]:s["end"]] != s["_t"]:
            raise ValueError("%s: span does not round-trip" % where)
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s["_t"])
            if not mod11_ok(d):
                raise ValueError("%s: NHS number fails modulus 11: %s" % (where, s["_t"]))
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    pats = [r"(?<!\d)\d{10}(?!\d)", r"(?<![\d])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])"]
    for p in pats:
        for m in re.finditer(p, text):
            if covered.intersection(range(m.start(), m.end())):
                continue
            if mod11_ok(re.sub(r"\D", "", m.group())):
                raise ValueError("%s: unmarked 10-digit run passes modulus 11: %s" % (where, m.group()))


def main():
    records, seen = [], set()
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").strip()
                if not raw or raw.startswith("#"):
                    continue
                where = "%s:%d" % (os.path.basename(path), n)
                text, spans = parse(raw)
                check(text, spans, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": [
                    {"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]})
    # stratified split: group by the set of kinds (or clean), order by seeded hash, alternate
    groups = {}
    for r in records:
        key = ",".join(sorted({s["kind"] for s in r["spans"]})) or "clean"
        groups.setdefault(key, []).append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(groups):
        rs = sorted(groups[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for i, r in enumerate(rs):
            (tune if (i + flip) % 2 == 0 else held).append(r)
        flip ^= len(rs) % 2
    h = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=h)
    held.sort(key=h)
    for fn, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, fn), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in sorted(KINDS)}
        c["clean lines"] = 0
        c["dirty lines"] = 0
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
            c["clean lines" if not r["spans"] else "dirty lines"] += 1
        c["total lines"] = len(data)
        return c
    ct, chd = counts(tune), counts(held)
    print("duplicates dropped: %d" % dups)
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in ct:
        print("| %s | %d | %d | %d |" % (k, ct[k], chd[k], ct[k] + chd[k]))


if __name__ == "__main__":
    sys.exit(main())
