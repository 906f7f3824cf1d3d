#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: each identifier is written [[kind:text]].  Stdlib only.
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SEED = "independent152-seed-4826"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")

MARK = re.compile(r"\[\[([^:\[\]]+):([^\[\]]+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|sgt|lord|lady)\b\.?", re.I)
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


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
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if value != value.strip() or not value:
            raise BuildError(f"{where}: span {value!r} has edge whitespace or is empty")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len, "_value": value})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray or malformed markup in {raw!r}")
    return text, spans


def check(text, spans, where):
    for s in spans:
        value = s.pop("_value")
        if text[s["start"]:s["end"]] != value:
            raise BuildError(f"{where}: span does not round-trip: {value!r}")
        if s["kind"] == "name" and TITLE.match(value):
            raise BuildError(f"{where}: title inside name span {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", value)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    # Mask marked spans, then look for unmarked 10-digit numbers passing modulus 11.
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j])
                if total == 10 and nhs_valid("".join(groups[i:j + 1])):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: "
                        f"{' '.join(groups[i:j + 1])!r}")
                if total >= 10:
                    break


def main():
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        raise BuildError("no source files")
    seen = set()
    records = []
    dropped = 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.rstrip()
            if not raw.strip():
                continue
            if raw in seen:
                dropped += 1
                continue
            seen.add(raw)
            where = f"{f.name}:{n}"
            text, spans = parse(raw, where)
            check(text, spans, where)
            spans.sort(key=lambda s: (s["start"], s["end"]))
            records.append({"text": text, "spans": spans})

    # Drop exact duplicate texts (same words, different markup would be an error).
    by_text = {}
    unique = []
    for r in records:
        key = r["text"]
        if key in by_text:
            if by_text[key] != r["spans"]:
                raise BuildError(f"duplicate text with different markup: {key!r}")
            dropped += 1
            continue
        by_text[key] = r["spans"]
        unique.append(r)

    corpus_counts = Counter(s["kind"] for r in unique for s in r["spans"])

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (corpus_counts[k], k))

    strata = defaultdict(list)
    for r in unique:
        strata[stratum(r)].append(r)

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    tune, heldout = [], []
    for name in sorted(strata):
        for i, r in enumerate(sorted(strata[name], key=h)):
            (tune if i % 2 == 0 else heldout).append(r)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(HERE / fname, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(unique)}; duplicates dropped: {dropped}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")
    total_spans = sum(corpus_counts.values())
    print(f"clean share: {(clt + clh) / (nt + nh):.1%}; "
          f"name share of spans: {corpus_counts['name'] / total_spans:.1%}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print(f"build error: {e}", file=sys.stderr)
        sys.exit(1)
