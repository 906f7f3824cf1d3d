#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (standard library only).

Each non-blank line of source/*.txt is one sentence or chat message. Identifiers are
written inline as [[kind:text]]. The build strips the markup, records spans as Python
str offsets (code points), checks the corpus, drops exact duplicate lines and splits
the lines into two halves with a seeded SHA-256 hash, stratified by each line's rarest
identifier kind (or "clean").
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent122-seed-4816"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^:\[\]]+):([^\[\]]+?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|doctor|prof|professor|sir|dame|lady|lord|rev|revd|reverend|"
    r"sister|nurse|father|fr)\b\.?\s", re.IGNORECASE)
DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*(?!\d)")
GROUP = re.compile(r"\d+")

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildError(Exception):
    pass


def mod11_ok(digits):
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
        if value != value.strip():
            raise BuildError(f"{where}: whitespace at the edge of span {value!r}")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len, "_value": value})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray or malformed markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_value"]:
            raise BuildError(f"{where}: span does not round-trip: {s['_value']!r}")
    return text, spans


def check_line(text, spans, where):
    for s in spans:
        value = text[s["start"]:s["end"]]
        if s["kind"] == "name":
            if TITLE.match(value):
                raise BuildError(f"{where}: title inside name span {value!r}")
            if value.endswith("'s") or value.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
    for i, a in enumerate(spans):
        for b in spans[i + 1:]:
            if a["start"] < b["end"] and b["start"] < a["end"]:
                raise BuildError(f"{where}: overlapping spans")
    # Every unmarked 10-digit number (run together, or groups joined by single spaces
    # or dashes, including any consecutive groups inside a longer run) must fail mod 11.
    clean_tens = 0
    for run in DIGIT_RUN.finditer(text):
        groups = [(g.start() + run.start(), g.end() + run.start()) for g in GROUP.finditer(run.group())]
        for i in range(len(groups)):
            ndig = 0
            for j in range(i, len(groups)):
                ndig += groups[j][1] - groups[j][0]
                if ndig > 10:
                    break
                if ndig < 10:
                    continue
                st, en = groups[i][0], groups[j][1]
                if any(st < s["end"] and s["start"] < en for s in spans):
                    continue
                digits = "".join(text[a:b] for a, b in groups[i:j + 1])
                if mod11_ok(digits):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: {text[st:en]!r}")
                clean_tens += 1
    return clean_tens


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    seen = set()
    lines = []
    dropped = 0
    clean_tens = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip()
                if not raw.strip():
                    continue
                if raw in seen:
                    dropped += 1
                    continue
                seen.add(raw)
                where = f"{name}:{n}"
                text, spans = parse(raw, where)
                clean_tens += check_line(text, spans, where)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                lines.append({"text": text,
                              "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]}
                                        for s in spans]})

    total_by_kind = {k: 0 for k in KINDS}
    for item in lines:
        for s in item["spans"]:
            total_by_kind[s["kind"]] += 1

    def stratum(item):
        kinds = {s["kind"] for s in item["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (total_by_kind[k], k))

    def key(item):
        return hashlib.sha256((SEED + "\n" + item["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for item in lines:
        strata.setdefault(stratum(item), []).append(item)
    tune, heldout = [], []
    for name in sorted(strata):
        for i, item in enumerate(sorted(strata[name], key=key)):
            (tune if i % 2 == 0 else heldout).append(item)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for item in data:
            for s in item["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for item in data if item["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, clt, tt = counts(tune)
    ch, dh, clh, th = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(lines)}; exact duplicates dropped: {dropped}")
    print(f"unmarked 10-digit numbers (all fail modulus 11): {clean_tens}")
    print()
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {tt} | {th} | {tt + th} |")
    allspans = sum(ct.values()) + sum(ch.values())
    print()
    print(f"clean share: {(clt + clh) / (tt + th):.1%}; name share of spans: "
          f"{(ct['name'] + ch['name']) / max(allspans, 1):.1%}")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        sys.exit(f"build failed: {e}")
