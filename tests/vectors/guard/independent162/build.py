#!/usr/bin/env python3
"""Build the independent162 guard evaluation corpus.

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), validates every line, drops exact duplicates, and writes
tune.json and heldout.json using a seeded SHA-256 stratified split.

Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent162-seed-4817"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK_RE = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLE_RE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|lady|lord)\b\.?\s",
    re.IGNORECASE,
)
# digits grouped by single spaces or dashes
CHAIN_RE = re.compile(r"\d+(?:[ -]\d+)*")


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
    for m in MARK_RE.finditer(raw):
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
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray markup in {raw!r}")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            raise BuildError(f"{where}: span does not round-trip: {s['_text']!r}")
    return text, spans


def check_line(text, spans, where):
    prev_end = -1
    for s in spans:
        if s["start"] < prev_end:
            raise BuildError(f"{where}: overlapping spans")
        prev_end = s["end"]
        t = s["_text"]
        if s["kind"] == "name":
            if TITLE_RE.match(t):
                raise BuildError(f"{where}: title inside name span {t!r}")
            if t.endswith("'s") or t.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {t!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", t)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {t!r}")
    # mask marked spans, then look for unmarked 10-digit numbers
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in CHAIN_RE.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j])
                if total == 10 and nhs_valid("".join(groups[i:j + 1])):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: "
                        f"{' '.join(groups[i:j + 1])!r}"
                    )
                if total >= 10:
                    break


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    seen = set()
    records = []
    dupes = 0
    per_file = OrderedDict()
    for path in files:
        name = os.path.basename(path)
        n = 0
        with open(path, encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{name}:{lineno}"
                text, spans = parse_line(raw, where)
                check_line(text, spans, where)
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                records.append((text, spans))
                n += 1
        per_file[name] = n

    kind_totals = Counter(s["kind"] for _, spans in records for s in spans)
    rarity = {k: kind_totals.get(k, 0) for k in KINDS}

    def stratum(spans):
        kinds = {s["kind"] for s in spans}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (rarity[k], KINDS.index(k)))

    strata = {}
    for text, spans in records:
        strata.setdefault(stratum(spans), []).append((text, spans))

    def h(text):
        return hashlib.sha256((SEED + "\n" + text).encode("utf-8")).hexdigest()

    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: h(r[0]))
        for i, (text, spans) in enumerate(items):
            rec = {
                "text": text,
                "spans": [
                    {"kind": s["kind"], "start": s["start"], "end": s["end"]}
                    for s in sorted(spans, key=lambda s: (s["start"], s["end"]))
                ],
            }
            (tune if i % 2 == 0 else heldout).append(rec)

    for out, recs in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, out), "w", encoding="utf-8") as fh:
            json.dump(recs, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(recs):
        c = Counter(s["kind"] for r in recs for s in r["spans"])
        dirty = sum(1 for r in recs if r["spans"])
        return c, dirty, len(recs) - dirty, len(recs)

    ct, dt, cl_t, tot_t = counts(tune)
    ch, dh, cl_h, tot_h = counts(heldout)
    print(f"source files: {len(files)}; duplicate lines dropped: {dupes}")
    for name, n in per_file.items():
        print(f"  {name}: {n}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':<16}{cl_t:>8}{cl_h:>9}{cl_t + cl_h:>8}")
    print(f"{'total lines':<16}{tot_t:>8}{tot_h:>9}{tot_t + tot_h:>8}")
    total = tot_t + tot_h
    print(f"clean share: {(cl_t + cl_h) / total:.1%}; "
          f"name share of spans: {(ct['name'] + ch['name']) / max(1, sum(ct.values()) + sum(ch.values())):.1%}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        sys.exit(1)
