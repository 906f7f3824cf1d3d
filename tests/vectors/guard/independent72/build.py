#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] around each identifier, one sentence or chat message a line.
Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent72-balint-2971"


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit("%s: unknown kind %r" % (where, kind))
        if "[[" in inner or "]]" in inner:
            sys.exit("%s: nested markup" % where)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit("%s: unbalanced markup: %s" % (where, line))
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit("%s: span does not round-trip" % where)
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not nhs_ok(digits):
                sys.exit("%s: nhs_number fails modulus 11: %s" % (where, digits))
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 with spaces/dashes) must FAIL mod 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d#])\d{10}(?![\d#])", masked):
        if nhs_ok(m.group()):
            sys.exit("%s: unmarked 10-digit run passes modulus 11: %s" % (where, m.group()))
    for m in re.finditer(r"(?<![\d#])(\d{3})[ -](\d{3})[ -](\d{4})(?![\d#])", masked):
        if nhs_ok("".join(m.groups())):
            sys.exit("%s: unmarked grouped number passes modulus 11: %s" % (where, m.group()))
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": text, "spans": spans}


def half(text):
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main():
    seen = set()
    out = {"tune": [], "heldout": []}
    dropped = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                rec = parse(line, "%s:%d" % (os.path.basename(path), n))
                if rec["text"] in seen:
                    dropped += 1
                    continue
                seen.add(rec["text"])
                out[half(rec["text"])].append(rec)
    for name, recs in out.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    rows = ["clean lines", "dirty lines"] + sorted(KINDS)
    def counts(recs):
        c = {r: 0 for r in rows}
        for r in recs:
            c["dirty lines" if r["spans"] else "clean lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c
    ct, ch = counts(out["tune"]), counts(out["heldout"])
    print("| row | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for r in rows:
        print("| %s | %d | %d | %d |" % (r, ct[r], ch[r], ct[r] + ch[r]))
    nt, nh = len(out["tune"]), len(out["heldout"])
    print("| lines | %d | %d | %d |" % (nt, nh, nt + nh))
    print("duplicates dropped: %d" % dropped)


if __name__ == "__main__":
    main()
