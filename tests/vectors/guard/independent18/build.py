#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers as [[kind:text]]. '#' lines and blank lines are skipped.
Split: each line goes to tune or heldout by a seeded SHA-256 of its own text only, so a line never
changes half when other lines are added or removed. The seed was fixed once (searched over 3000
candidates on the finished corpus for the most even split), so every kind's spans and the clean lines
fall within about 5% of 50/50; the build fails if any of them drifts beyond 40/60.
heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "corpus18-pheasant-lane-1362"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
HERE = os.path.dirname(os.path.abspath(__file__))


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line):
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError("unknown kind %r in %r" % (kind, line))
        text += line[pos:m.start()]
        spans.append({"kind": kind, "start": len(text), "end": len(text) + len(ident)})
        text += ident
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        raise ValueError("broken markup: %r" % line)
    return text, spans


def half(text):
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main():
    rows, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                text, spans = parse(line)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                for s in spans:
                    piece = text[s["start"]:s["end"]]
                    assert piece.strip() == piece and piece, (path, n, piece)
                    if s["kind"] == "nhs_number":
                        d = re.sub(r"\D", "", piece)
                        assert nhs_ok(d), "bad NHS number %s:%d %s" % (path, n, piece)
                # no unmarked 10-digit run may pass modulus 11
                masked = list(text)
                for s in spans:
                    for i in range(s["start"], s["end"]):
                        masked[i] = "#"
                masked = "".join(masked)
                for m in re.finditer(r"(?<!\d)(\d[\d -]{8,14}\d)(?!\d)", masked):
                    d = re.sub(r"\D", "", m.group(1))
                    if len(d) == 10:
                        assert not nhs_ok(d), "unmarked valid NHS-like number %s:%d %s" % (path, n, m.group(1))
                words = len(text.split())
                if not 4 <= words <= 60:
                    print("warning: %d words at %s:%d" % (words, os.path.basename(path), n))
                rows.append({"text": text, "spans": spans})
    out = {"tune": [], "heldout": []}
    for r in rows:
        out[half(r["text"])].append(r)
    for name, data in out.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    for k in KINDS + ["clean"]:
        a = sum(1 for r in out["tune"] for s in r["spans"] if s["kind"] == k) if k != "clean" else \
            sum(1 for r in out["tune"] if not r["spans"])
        b = sum(1 for r in out["heldout"] for s in r["spans"] if s["kind"] == k) if k != "clean" else \
            sum(1 for r in out["heldout"] if not r["spans"])
        assert a + b == 0 or 0.4 <= a / (a + b) <= 0.6, "split unbalanced for %s: %d/%d" % (k, a, b)
    print("lines: %d (duplicates dropped: %d)" % (len(rows), dups))
    print("%-16s %7s %7s %7s" % ("kind", "tune", "heldout", "total"))
    for k in KINDS + ["clean lines", "dirty lines"]:
        c = {}
        for name, data in out.items():
            if k == "clean lines":
                c[name] = sum(1 for r in data if not r["spans"])
            elif k == "dirty lines":
                c[name] = sum(1 for r in data if r["spans"])
            else:
                c[name] = sum(1 for r in data for s in r["spans"] if s["kind"] == k)
        print("%-16s %7d %7d %7d" % (k, c["tune"], c["heldout"], c["tune"] + c["heldout"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
