#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written markup in source/*.txt.

Markup: one sentence or chat message per line; identifiers as [[kind:text]].
Stdlib only. Run: python3 build.py
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "independent120-seed-7741"
MARK = re.compile(r"\[\[([a-z_]+):([^\[\]]+)\]\]")
# name-like words that appear unmarked on purpose (sentence openers, project words)
NAMELIKE_OK = {"Will", "Hope", "Grace", "Frank", "Mark", "Rose", "Faith", "Bill", "Sunny", "Joy"}


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
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
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if val != val.strip():
            sys.exit(f"{where}: span has surrounding space: {val!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: malformed markup")
    return text, spans


def check(text, spans, where):
    for s in spans:
        if text[s["start"]:s["end"]] != s["_v"]:
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s["_v"])
            if not nhs_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {s['_v']}")
        if s["kind"] == "name" and re.match(r"(Dr|Mr|Mrs|Ms|Miss|Prof|Father)\b", s["_v"]):
            sys.exit(f"{where}: title inside name span: {s['_v']}")
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    # unmarked 10-digit runs (contiguous, or grouped by single spaces/dashes) must fail modulus 11
    for m in re.finditer(r"(?<![\d])\d[\d \-]{8,14}\d(?![\d])", text):
        if any(i in covered for i in range(m.start(), m.end())):
            continue
        chunk = m.group(0)
        if re.search(r"[ \-]{2,}", chunk):
            continue
        digits = re.sub(r"\D", "", chunk)
        if len(digits) == 10 and nhs_ok(digits):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {chunk}")


def name_lint(path, lines):
    """Warn when a word used inside a name span appears unmarked elsewhere in the same file."""
    toks = set()
    for l in lines:
        for m in MARK.finditer(l):
            if m.group(1) == "name":
                toks.update(t for t in m.group(2).split() if t not in NAMELIKE_OK)
    n = 0
    for i, l in enumerate(lines, 1):
        plain = MARK.sub(" ", l)
        for t in toks:
            if re.search(r"(?<![\w\-])" + re.escape(t) + r"(?![\w\-])", plain):
                print(f"WARNING {os.path.basename(path)}:{i}: unmarked {t!r}")
                n += 1
    return n


def main():
    rows, seen, dups = [], set(), 0
    warnings = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
        warnings += name_lint(path, lines)
        for i, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{os.path.basename(path)}:{i}"
            text, spans = parse(line, where)
            check(text, spans, where)
            if text in seen:
                dups += 1
                continue
            seen.add(text)
            spans.sort(key=lambda s: (s["start"], s["end"]))
            rows.append({"text": text, "spans": [{k: s[k] for k in ("kind", "start", "end")} for s in spans]})

    # Stratified split by seeded hash: each line's stratum is its rarest kind (or "clean");
    # within a stratum, lines are ordered by hash and dealt alternately to tune and heldout.
    freq = {k: 0 for k in KINDS}
    for r in rows:
        for s in r["spans"]:
            freq[s["kind"]] += 1

    def h(text):
        return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()

    strata = {}
    for r in rows:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (freq[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: h(r["text"]))
        first = int(h(key)[:8], 16) % 2
        for j, r in enumerate(group):
            (tune if (j + first) % 2 == 0 else held).append(r)
    tune.sort(key=lambda r: h(r["text"]))
    held.sort(key=lambda r: h(r["text"]))

    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        lines_dirty = 0
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
            lines_dirty += bool(r["spans"])
        c["dirty lines"] = lines_dirty
        c["clean lines"] = len(data) - lines_dirty
        c["total lines"] = len(data)
        return c

    ct, ch = counts(tune), counts(held)
    print(f"duplicates dropped: {dups}; name-lint warnings: {warnings}")
    print(f"| kind | tune | heldout | total |")
    print(f"|---|---:|---:|---:|")
    for k in ct:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")


if __name__ == "__main__":
    main()
