#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent140.

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), checks every line, drops exact duplicates, and splits the
lines into two halves with a seeded SHA-256 hash, stratified by the rarest
kind in each line. Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent140-seed-4618"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")

MARK = re.compile(r"\[\[([^\[\]:]*):([^\[\]]*)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|father|sister)\.?(\s|$)",
    re.IGNORECASE,
)
# A 10-digit number written run together or grouped by single spaces or dashes,
# not touching further digits on either side.
TEN_DIGITS = re.compile(r"(?<!\d)(?<!\d[ -])\d(?:[ -]?\d){9}(?![ -]?\d)")


class BuildError(Exception):
    pass


def passes_mod11(digits):
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
    text_parts, spans = [], []
    pos, out_len = 0, 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            raise BuildError(f"{where}: empty or padded span {value!r}")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray or malformed markup")
    # round trip
    values = [m.group(2) for m in MARK.finditer(raw)]
    for span, value in zip(spans, values):
        if text[span["start"]:span["end"]] != value:
            raise BuildError(f"{where}: span does not round-trip: {value!r}")
    rebuilt, last = [], 0
    for span in spans:
        rebuilt.append(text[last:span["start"]])
        rebuilt.append(f"[[{span['kind']}:{text[span['start']:span['end']]}]]")
        last = span["end"]
    rebuilt.append(text[last:])
    if "".join(rebuilt) != raw:
        raise BuildError(f"{where}: line does not round-trip")
    return text, spans


def check_line(text, spans, where):
    for span in spans:
        value = text[span["start"]:span["end"]]
        if span["kind"] == "name":
            if TITLE.match(value):
                raise BuildError(f"{where}: title inside name span {value!r}")
            if value.endswith("'s") or value.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {value!r}")
        if span["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not passes_mod11(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
    # blank out marked spans, then look for unmarked 10-digit numbers
    chars = list(text)
    for span in spans:
        for i in range(span["start"], span["end"]):
            chars[i] = "#"
    masked = "".join(chars)
    for m in TEN_DIGITS.finditer(masked):
        digits = re.sub(r"[ -]", "", m.group(0))
        if passes_mod11(digits):
            raise BuildError(
                f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}"
            )


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records, seen, dropped = [], set(), 0
    per_file = {}
    for path in files:
        name = os.path.basename(path)
        n = 0
        with open(path, encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                if raw != raw.strip():
                    raw = raw.strip()
                where = f"{name}:{lineno}"
                text, spans = parse_line(raw, where)
                check_line(text, spans, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": spans, "file": name})
                n += 1
        per_file[name] = n
    return records, dropped, per_file


def split(records):
    total = Counter(s["kind"] for r in records for s in r["spans"])
    strata = defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        if kinds:
            key = min(kinds, key=lambda k: (total[k], k))
        else:
            key = "clean"
        strata[key].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)
    return tune, heldout


def strip(rs):
    return [{"text": r["text"], "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in r["spans"]]} for r in rs]


def main():
    try:
        records, dropped, per_file = load()
    except BuildError as e:
        print(f"build failed: {e}", file=sys.stderr)
        sys.exit(1)
    tune, heldout = split(records)
    for fname, rs in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(strip(rs), fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    print(f"source files: {len(per_file)}; duplicate lines dropped: {dropped}")
    for fname, n in per_file.items():
        print(f"  {fname}: {n}")
    print()
    print(f"| kind | tune | heldout | total |")
    print(f"|---|---:|---:|---:|")
    ct = Counter(s["kind"] for r in tune for s in r["spans"])
    ch = Counter(s["kind"] for r in heldout for s in r["spans"])
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    st, sh = sum(ct.values()), sum(ch.values())
    print(f"| all spans | {st} | {sh} | {st + sh} |")
    dt = sum(1 for r in tune if r["spans"])
    dh = sum(1 for r in heldout if r["spans"])
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {len(tune) - dt} | {len(heldout) - dh} | {len(tune) - dt + len(heldout) - dh} |")
    print(f"| total lines | {len(tune)} | {len(heldout)} | {len(tune) + len(heldout)} |")
    n = len(records)
    clean = n - dt - dh
    allspans = st + sh
    names = ct["name"] + ch["name"]
    print()
    print(f"clean share {clean / n:.1%}; name share of spans {names / allspans:.1%}")


if __name__ == "__main__":
    main()
