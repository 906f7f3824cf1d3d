#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: each identifier is written [[kind:text]] inside a line. Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent121-seed-5816"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|lady|lord)\b\.?(\s|$)", re.I)
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


class BuildError(Exception):
    pass


def parse_line(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise BuildError(f"{where}: stray bracket markup: {raw!r}")
        text_parts.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if not val or val != val.strip():
            raise BuildError(f"{where}: empty or padded span {val!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val)})
        text_parts.append(val)
        out_len += len(val)
        pos = m.end()
    tail = raw[pos:]
    if "[[" in tail or "]]" in tail:
        raise BuildError(f"{where}: stray bracket markup: {raw!r}")
    text_parts.append(tail)
    text = "".join(text_parts)
    return text, spans, [m.group(2) for m in MARK.finditer(raw)]


def check_line(text, spans, vals, where):
    for sp, val in zip(spans, vals):
        got = text[sp["start"]:sp["end"]]
        if got != val:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {val!r}")
        if sp["kind"] == "name":
            if TITLE.match(got):
                raise BuildError(f"{where}: title inside name span {got!r}")
            if got.endswith("'s") or got.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {got!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", got)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {got!r}")
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    # unmarked 10-digit numbers (run together, or grouped by single spaces/dashes)
    for m in DIGIT_RUN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            n = 0
            for j in range(i, len(groups)):
                n += groups[j][1] - groups[j][0]
                if n > 10:
                    break
                if n == 10:
                    s, e = groups[i][0], groups[j][1]
                    covered = any(sp["start"] < e and s < sp["end"] for sp in spans)
                    digits = re.sub(r"\D", "", text[s:e])
                    if not covered and nhs_valid(digits):
                        raise BuildError(
                            f"{where}: unmarked 10-digit number passes modulus 11: {text[s:e]!r}")


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    seen = set()
    records = []
    dupes = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").strip()
                if not raw:
                    continue
                where = f"{os.path.basename(path)}:{lineno}"
                text, spans, vals = parse_line(raw, where)
                check_line(text, spans, vals, where)
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": sorted(spans, key=lambda s: (s["start"], s["end"]))})

    totals = {k: 0 for k in KINDS}
    for r in records:
        for sp in r["spans"]:
            totals[sp["kind"]] += 1

    def stratum(r):
        kinds = {sp["kind"] for sp in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], k))

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, heldout = [], []
    turn = 0
    for key in sorted(strata):
        for r in sorted(strata[key], key=h):
            (tune if turn % 2 == 0 else heldout).append(r)
            turn += 1

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    order = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
    print(f"{len(files)} source files, {len(records)} lines ({dupes} duplicates dropped)")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in order:
        a = sum(1 for r in tune for sp in r["spans"] if sp["kind"] == k)
        b = sum(1 for r in heldout for sp in r["spans"] if sp["kind"] == k)
        print(f"{k:<16}{a:>8}{b:>9}{a + b:>8}")
    for label, pred in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"])):
        a = sum(1 for r in tune if pred(r))
        b = sum(1 for r in heldout if pred(r))
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    print(f"{'total lines':<16}{len(tune):>8}{len(heldout):>9}{len(records):>8}")
    nd = sum(1 for r in records if r["spans"])
    ns = sum(len(r["spans"]) for r in records)
    print(f"dirty share {nd / len(records):.1%}; name share of spans {totals['name'] / max(ns, 1):.1%}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print(f"build error: {e}", file=sys.stderr)
        sys.exit(1)
