#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: each identifier is written [[kind:text]]. Standard library only.
heldout.json is never used for tuning.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent131-seed-4862"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLES = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|pc|nurse|sister)\b\.?\s",
    re.IGNORECASE,
)
DIGIT_GROUP = re.compile(r"\d+")


class BuildError(Exception):
    pass


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse_line(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if not inner or inner != inner.strip():
            raise BuildError(f"{where}: empty or padded span {inner!r}")
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_text": inner})
        pos = m.end()
    rest = raw[pos:]
    text_parts.append(rest)
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray markup in {text!r}")
    return text, spans


def check_line(text, spans, where):
    for sp in spans:
        got = text[sp["start"]:sp["end"]]
        if got != sp["_text"]:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {sp['_text']!r}")
        if sp["kind"] == "name":
            if TITLES.match(got):
                raise BuildError(f"{where}: title inside name span {got!r}")
            if got.endswith("'s") or got.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {got!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", got)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {got!r}")
    # overlapping spans
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    # unmarked 10-digit numbers: mask the spans, then look at chains of digit
    # groups joined by a single space or dash, and every run of consecutive
    # groups within a chain that adds up to exactly 10 digits.
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    groups = [(m.start(), m.end()) for m in DIGIT_GROUP.finditer(masked)]
    chains = []
    for g in groups:
        if chains:
            prev = chains[-1][-1]
            gap = masked[prev[1]:g[0]]
            if gap in (" ", "-"):
                chains[-1].append(g)
                continue
        chains.append([g])
    for chain in chains:
        lengths = [e - s for s, e in chain]
        for i in range(len(chain)):
            total = 0
            for j in range(i, len(chain)):
                total += lengths[j]
                if total == 10:
                    digits = "".join(masked[s:e] for s, e in chain[i:j + 1])
                    if nhs_valid(digits):
                        raise BuildError(
                            f"{where}: unmarked 10-digit number passes modulus 11: {digits}"
                        )
                if total >= 10:
                    break


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records = []
    seen = set()
    dropped = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse_line(raw, where)
                check_line(text, spans, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({
                    "text": text,
                    "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans],
                })
    return records, len(files), dropped


def split(records):
    totals = collections.Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], k))

    strata = collections.defaultdict(list)
    for rec in records:
        strata[stratum(rec)].append(rec)

    def h(rec):
        return hashlib.sha256((SEED + "\n" + rec["text"]).encode("utf-8")).hexdigest()

    tune, heldout = [], []
    for name in sorted(strata):
        for i, rec in enumerate(sorted(strata[name], key=h)):
            (tune if i % 2 == 0 else heldout).append(rec)
    return tune, heldout


def counts(recs):
    c = collections.Counter(s["kind"] for r in recs for s in r["spans"])
    dirty = sum(1 for r in recs if r["spans"])
    return c, dirty, len(recs) - dirty, len(recs)


def main():
    try:
        records, nfiles, dropped = load()
    except BuildError as exc:
        print("BUILD ERROR:", exc, file=sys.stderr)
        sys.exit(1)
    tune, heldout = split(records)
    for fname, recs in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    print(f"source files: {nfiles}; lines kept: {len(records)}; duplicates dropped: {dropped}")
    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(heldout)
    order = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in order:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':<16}{clt:>8}{clh:>9}{clt + clh:>8}")
    print(f"{'total lines':<16}{nt:>8}{nh:>9}{nt + nh:>8}")


if __name__ == "__main__":
    main()
