#!/usr/bin/env python3
"""Build the independent135 guard corpus from hand-written source files.

Reads source/*.txt (one sentence or chat message per line; lines starting
with "# " are file headers and are skipped), strips the [[kind:text]] markup,
checks every line, and writes tune.json and heldout.json.

Standard library only.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent135-seed-6093"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|doctor|prof|professor|sir|dame|lady|lord|rev|nurse|sister)\b\.?\s",
    re.IGNORECASE,
)
# Digit groups joined by single spaces or dashes.
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


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


def parse_line(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise BuildError(f"{where}: stray bracket markup in {raw!r}")
        text_parts.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip():
            raise BuildError(f"{where}: span {inner!r} has outer whitespace")
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_inner": inner})
        pos = m.end()
    tail = raw[pos:]
    if "[[" in tail or "]]" in tail:
        raise BuildError(f"{where}: stray bracket markup in {raw!r}")
    text_parts.append(tail)
    text = "".join(text_parts)
    return text, spans


def check_line(text, spans, where):
    for sp in spans:
        inner = sp.pop("_inner")
        if text[sp["start"]:sp["end"]] != inner:
            raise BuildError(f"{where}: span {inner!r} does not round-trip")
        if sp["kind"] == "name" and TITLE.match(inner):
            raise BuildError(f"{where}: title inside name span {inner!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", inner)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number {inner!r} fails modulus 11")
    # blank out marked spans, then look for unmarked 10-digit numbers
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            total = ""
            for j in range(i, len(groups)):
                total += groups[j]
                if len(total) == 10 and nhs_valid(total):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number {' '.join(groups[i:j + 1])!r} passes modulus 11"
                    )
                if len(total) >= 10:
                    break
    prev_end = -1
    for sp in spans:
        if sp["start"] < prev_end:
            raise BuildError(f"{where}: overlapping spans")
        prev_end = sp["end"]


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    items = []
    seen = set()
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip() or raw.startswith("# "):
                    continue
                where = f"{name}:{n}"
                text, spans = parse_line(raw, where)
                check_line(text, spans, where)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                items.append({"text": text, "spans": spans})
    return items, dropped, len(files)


def split(items):
    kind_totals = collections.Counter(sp["kind"] for it in items for sp in it["spans"])
    strata = collections.defaultdict(list)
    for it in items:
        kinds = {sp["kind"] for sp in it["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (kind_totals[k], k))
        else:
            stratum = "clean"
        strata[stratum].append(it)
    tune, heldout = [], []
    for stratum in sorted(strata):
        members = sorted(
            strata[stratum],
            key=lambda it: hashlib.sha256((SEED + "\n" + it["text"]).encode("utf-8")).hexdigest(),
        )
        for i, it in enumerate(members):
            (tune if i % 2 == 0 else heldout).append(it)
    return tune, heldout


def counts(half):
    c = collections.Counter(sp["kind"] for it in half for sp in it["spans"])
    dirty = sum(1 for it in half if it["spans"])
    return c, dirty, len(half) - dirty, len(half)


def main():
    try:
        items, dropped, nfiles = load()
    except BuildError as e:
        sys.exit(f"build failed: {e}")
    tune, heldout = split(items)
    for fname, half in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(half, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, dt, cl_t, nt = counts(tune)
    ch, dh, cl_h, nh = counts(heldout)
    print(f"{nfiles} source files, {len(items)} lines kept, {dropped} duplicate lines dropped")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {cl_t} | {cl_h} | {cl_t + cl_h} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")


if __name__ == "__main__":
    main()
