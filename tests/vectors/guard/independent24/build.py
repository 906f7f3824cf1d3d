"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: [[kind:identifier]] inline. '#' lines and blank lines skipped.
Split: stable, by the parity of a seeded SHA-256 of each line's kind signature
and text; a line's half depends only on itself, so adding lines never moves an
old one. The seed was picked once for a near-even split of every kind.
heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "corpus24-wren-399"  # picked once (of 3000 tried) for the most even split; never changes
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
HERE = os.path.dirname(os.path.abspath(__file__))


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - s % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError("unknown kind %r in %r" % (kind, line))
        chunk = line[pos:m.start()]
        text.append(chunk)
        out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        raise ValueError("bad markup: %r" % line)
    return {"text": t, "spans": sorted(spans, key=lambda s: s["start"])}


def check(rec, where):
    t = rec["text"]
    for s in rec["spans"]:
        frag = t[s["start"]:s["end"]]
        if not frag or frag != frag.strip():
            raise ValueError("%s: span with edge space %r" % (where, frag))
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", frag)
            if not mod11_ok(d):
                raise ValueError("%s: NHS number fails mod 11: %r" % (where, frag))
    covered = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in re.finditer(r"(?<!\d)(\d[\d \-]{8,14}\d)(?!\d)", t):
        d = re.sub(r"\D", "", m.group(1))
        if len(d) == 10 and mod11_ok(d):
            if not any(a <= m.start(1) and m.end(1) <= b for a, b in covered):
                raise ValueError("%s: unmarked 10-digit number passes mod 11: %r" % (where, m.group(1)))


def h(text):
    return int(hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest(), 16)


def main():
    recs, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line)
                check(rec, "%s:%d" % (os.path.basename(path), n))
                if rec["text"] in seen:
                    continue
                seen.add(rec["text"])
                recs.append(rec)
    # Half = parity of SHA-256(seed, the line's kind signature, its text).
    # It depends only on the line itself, so adding lines never moves an old
    # line between halves; the seed was chosen once for the most even split
    # per kind, and a fixed seed keeps it stable from then on.
    tune, held = [], []
    for r in recs:
        kinds = sorted({s["kind"] for s in r["spans"]}) or ["clean"]
        v = h("|".join(kinds) + "\x00" + r["text"])
        (tune if v % 2 == 0 else held).append(r)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    rows = ["clean lines", "lines"] + list(KINDS)

    def counts(data):
        c = {k: 0 for k in rows}
        c["lines"] = len(data)
        for r in data:
            if not r["spans"]:
                c["clean lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c

    ct, ch = counts(tune), counts(held)
    print("%-16s %6s %8s %6s" % ("kind", "tune", "heldout", "total"))
    for k in rows:
        print("%-16s %6d %8d %6d" % (k, ct[k], ch[k], ct[k] + ch[k]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
