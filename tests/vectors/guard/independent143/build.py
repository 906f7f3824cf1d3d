#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: [[kind:text]]. Stdlib only. Stops with an error on any inconsistency.
heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent143-seed-7361"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sister|sr|rev|fr)\b\.?\s", re.I)
# maximal runs of digit groups separated by single spaces or dashes
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")
WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2]


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], WEIGHTS))
    c = 11 - (total % 11)
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


def parse_line(raw, where):
    if "[[" in MARK.sub("", raw) or "]]" in MARK.sub("", raw):
        raise BuildError(f"{where}: stray or malformed markup: {raw!r}")
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip() or not inner:
            raise BuildError(f"{where}: span has edge whitespace: {inner!r}")
        before = raw[pos:m.start()]
        out.append(before)
        length += len(before)
        start = length
        out.append(inner)
        length += len(inner)
        spans.append({"kind": kind, "start": start, "end": length})
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    # round trip: offsets give back the marked text, and re-marking gives the raw line
    rebuilt, last = [], 0
    inners = [m.group(2) for m in MARK.finditer(raw)]
    for sp, inner in zip(spans, inners):
        if text[sp["start"]:sp["end"]] != inner:
            raise BuildError(f"{where}: span does not round-trip: {inner!r}")
        rebuilt.append(text[last:sp["start"]])
        rebuilt.append(f"[[{sp['kind']}:{inner}]]")
        last = sp["end"]
    rebuilt.append(text[last:])
    if "".join(rebuilt) != raw:
        raise BuildError(f"{where}: line does not round-trip")
    for sp in spans:
        s = text[sp["start"]:sp["end"]]
        if sp["kind"] == "name":
            if TITLE.match(s):
                raise BuildError(f"{where}: title inside name span: {s!r}")
            if s.endswith("'s") or s.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span: {s!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {s!r}")
    # unmarked 10-digit numbers must fail modulus 11
    for m in DIGIT_RUN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start(), g.group())
                  for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j][2])
                if total > 10:
                    break
                if total == 10:
                    a, b = groups[i][0], groups[j][1]
                    if any(sp["start"] < b and a < sp["end"] for sp in spans):
                        continue
                    digits = "".join(g[2] for g in groups[i:j + 1])
                    if mod11_ok(digits):
                        raise BuildError(
                            f"{where}: unmarked 10-digit number passes modulus 11: {text[a:b]!r}")
    spans.sort(key=lambda sp: (sp["start"], sp["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    return text, spans


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records, seen, dupes = [], set(), 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse_line(raw, where)
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})

    overall = Counter(sp["kind"] for r in records for sp in r["spans"])

    def stratum(rec):
        kinds = {sp["kind"] for sp in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (overall[k], k))

    def key(rec):
        return hashlib.sha256((SEED + "\x00" + rec["text"]).encode("utf-8")).hexdigest()

    strata = defaultdict(list)
    for rec in records:
        strata[stratum(rec)].append(rec)
    tune, heldout = [], []
    for name in sorted(strata):
        for i, rec in enumerate(sorted(strata[name], key=key)):
            (tune if i % 2 == 0 else heldout).append(rec)
    tune.sort(key=key)
    heldout.sort(key=key)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(sp["kind"] for r in data for sp in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, cd = counts(tune), counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dupes}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{cd[0][k]:>9}{ct[0][k] + cd[0][k]:>8}")
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[idx]:>8}{cd[idx]:>9}{ct[idx] + cd[idx]:>8}")
    names = overall["name"]
    allspans = sum(overall.values())
    print(f"name share of spans: {names / allspans:.1%}; dirty share of lines: "
          f"{(ct[1] + cd[1]) / len(records):.1%}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        sys.exit(1)
