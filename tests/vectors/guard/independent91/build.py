#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] around each identifier; one sentence or chat message per line.
Stdlib only.  Run: python3 build.py
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
SEED = "independent91-balint-languages-7f3a"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLES = re.compile(r"^(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Imam|Maulana|Baby)\b")


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
        chunk = line[pos:m.start()]
        text.append(chunk)
        out_len += len(chunk)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit("%s: unknown kind %r" % (where, kind))
        if inner != inner.strip():
            sys.exit("%s: span has outer whitespace: %r" % (where, inner))
        if kind == "name" and TITLES.match(inner):
            sys.exit("%s: title inside name span: %r" % (where, inner))
        if kind == "name" and inner.endswith("'s"):
            sys.exit("%s: possessive inside name span: %r" % (where, inner))
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit("%s: unbalanced markup" % where)
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit("%s: span does not round-trip" % where)
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not nhs_ok(d):
                sys.exit("%s: NHS number fails modulus 11: %s" % (where, d))
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def unmarked_valid_runs(text, spans):
    """10-digit runs outside spans (contiguous, or digit groups joined by one
    space or dash) that pass modulus 11."""
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    bad = []
    for m in re.finditer(r"(?<![\d])\d+(?:[ \-]\d+)*(?![\d])", text):
        groups = [(g.start() + m.start(), g.group()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][1]
                if len(digits) > 10:
                    break
                if len(digits) == 10:
                    start = groups[i][0]
                    end = groups[j][0] + len(groups[j][1])
                    if nhs_ok(digits) and not any(k in covered for k in range(start, end)):
                        bad.append(text[start:end])
            # also any 10-digit window inside a long contiguous run
            g = groups[i][1]
            if len(g) > 10:
                for k in range(len(g) - 9):
                    if nhs_ok(g[k:k + 10]) and groups[i][0] + k not in covered:
                        bad.append(g[k:k + 10])
    return bad


def main():
    records, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                where = "%s:%d" % (os.path.basename(path), n)
                text, spans = parse(line, where)
                bad = unmarked_valid_runs(text, spans)
                if bad:
                    sys.exit("%s: unmarked 10-digit run passes modulus 11: %s" % (where, bad))
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})

    # Stratify by the rarest kind in each line (or "clean"), then within each
    # stratum order by a seeded hash and alternate tune/heldout.
    total = Counter(s["kind"] for r in records for s in r["spans"])
    strata = defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (total[k], k)) if kinds else "clean"
        strata[key].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        rows = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(rows):
            (tune if i % 2 == 0 else heldout).append(r)
    for name, rows in (("tune.json", tune), ("heldout.json", heldout)):
        rows.sort(key=lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode("utf-8")).hexdigest())
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(rows):
        c = Counter(s["kind"] for r in rows for s in r["spans"])
        c["lines"] = len(rows)
        c["clean lines"] = sum(1 for r in rows if not r["spans"])
        c["dirty lines"] = c["lines"] - c["clean lines"]
        return c

    ct, ch = counts(tune), counts(heldout)
    print("duplicates dropped: %d" % dups)
    print("| %-15s | %5s | %7s | %5s |" % ("kind", "tune", "heldout", "total"))
    print("|%s|%s|%s|%s|" % ("-" * 17, "-" * 7, "-" * 9, "-" * 7))
    for k in ("lines", "clean lines", "dirty lines") + KINDS:
        print("| %-15s | %5d | %7d | %5d |" % (k, ct[k], ch[k], ct[k] + ch[k]))


if __name__ == "__main__":
    main()
