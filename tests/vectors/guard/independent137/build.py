#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent137 (stdlib only).

Reads source/*.txt (one sentence or chat message per line, identifiers marked
[[kind:text]]), validates every line, drops exact duplicates, splits the lines
with a seeded SHA-256 hash stratified by rarest kind, and prints counts.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

SEED = "independent137-seed-5813"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([^:\[\]]+):([^\[\]]+)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|sister|nurse|rev|revd)\.?(\s|$)", re.I)
TOKEN = re.compile(r"\d+(?:[ -]\d+)*")


class BuildError(Exception):
    pass


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(raw, where):
    text_parts, spans, pos, out_len = [], [], 0, 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_inner": inner})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: malformed markup")
    for sp in spans:
        inner = sp.pop("_inner")
        if text[sp["start"]:sp["end"]] != inner:
            raise BuildError(f"{where}: span does not round-trip: {inner!r}")
        if inner != inner.strip():
            raise BuildError(f"{where}: span has outer whitespace: {inner!r}")
        if sp["kind"] == "name":
            if TITLE.match(inner):
                raise BuildError(f"{where}: title inside name span: {inner!r}")
            if inner.endswith("'s") or inner.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span: {inner!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", inner)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {inner!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def unmarked_ten_digit(text, spans):
    """Yield every unmarked 10-digit number (run together or grouped by single spaces/dashes)."""
    for tok in TOKEN.finditer(text):
        groups = [(g.start() + tok.start(), g.end() + tok.start()) for g in re.finditer(r"\d+", tok.group())]
        for i in range(len(groups)):
            n = 0
            for j in range(i, len(groups)):
                n += groups[j][1] - groups[j][0]
                if n > 10:
                    break
                if n == 10:
                    a, b = groups[i][0], groups[j][1]
                    if any(s["start"] < b and a < s["end"] for s in spans):
                        continue
                    yield text[a:b], re.sub(r"\D", "", text[a:b])


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records, seen, dups = [], set(), 0
    clean_ten = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n")
                if not raw.strip():
                    continue
                where = f"{os.path.basename(path)}:{lineno}"
                text, spans = parse(raw, where)
                for shown, digits in unmarked_ten_digit(text, spans):
                    if nhs_valid(digits):
                        raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: {shown!r}")
                    clean_ten += 1
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})

    kind_total = Counter(s["kind"] for r in records for s in r["spans"])
    rank = {k: (kind_total[k], k) for k in KINDS}

    strata = defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: rank[k]) if kinds else "clean"
        strata[key].append(r)

    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, cl_t, nt = counts(tune)
    ch, dh, cl_h, nh = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dups}; "
          f"unmarked 10-digit numbers (all fail modulus 11): {clean_ten}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    st, sh = sum(ct.values()), sum(ch.values())
    print(f"| all spans | {st} | {sh} | {st + sh} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {cl_t} | {cl_h} | {cl_t + cl_h} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")
    allc = st + sh
    print(f"names share of spans: {(ct['name'] + ch['name']) / allc:.1%}; "
          f"clean share of lines: {(cl_t + cl_h) / (nt + nh):.1%}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        sys.exit(f"build failed: {e}")
