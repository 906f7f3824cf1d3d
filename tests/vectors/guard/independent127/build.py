#!/usr/bin/env python3
"""Build the independent127 guard corpus (stdlib only).

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), checks every line, drops exact duplicates, and writes
tune.json and heldout.json with a seeded SHA-256 stratified split.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent127-seed-7362"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = os.path.dirname(os.path.abspath(__file__))

MARK = re.compile(r"\[\[([A-Za-z_]+):(.*?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|doctor|prof|professor|sir|dame|rev|revd|reverend|nurse|sister)\b\.?(\s|$)",
    re.IGNORECASE,
)
POSTCODE = re.compile(r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$")
DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*(?!\d)")


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(raw, where):
    """Turn a marked line into (text, spans)."""
    out = []
    spans = []
    pos = 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        out.append(before)
        length += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if not inner or inner != inner.strip():
            raise BuildError(f"{where}: empty or padded span {inner!r}")
        spans.append({"kind": kind, "start": length, "end": length + len(inner), "_inner": inner})
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray markup in {text!r}")
    return text, spans


def check_line(text, spans, where):
    for sp in spans:
        inner = sp.pop("_inner")
        if text[sp["start"]:sp["end"]] != inner:
            raise BuildError(f"{where}: span does not round-trip: {inner!r}")
        kind = sp["kind"]
        if kind == "name":
            if TITLE.match(inner):
                raise BuildError(f"{where}: title inside name span {inner!r}")
            if inner.endswith("'s") or inner.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {inner!r}")
        elif kind == "nhs_number":
            digits = re.sub(r"[ -]", "", inner)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {inner!r}")
        elif kind == "postcode":
            if not POSTCODE.match(inner):
                raise BuildError(f"{where}: postcode does not look like one: {inner!r}")
        elif kind == "email":
            if "@" not in inner or " " in inner:
                raise BuildError(f"{where}: email does not look like one: {inner!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    # Unmarked 10-digit numbers (run together, or grouped by single spaces/dashes)
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j])
                if total == 10 and mod11_ok("".join(groups[i:j + 1])):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: "
                        f"{' '.join(groups[i:j + 1])!r}"
                    )
                if total >= 10:
                    break


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    records = []
    seen = {}
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(raw, where)
                check_line(text, spans, where)
                if text in seen:
                    if seen[text] != spans:
                        raise BuildError(f"{where}: duplicate line marked differently")
                    dropped += 1
                    continue
                seen[text] = spans
                records.append({"text": text, "spans": spans})
    return files, records, dropped


def split(records):
    totals = {k: 0 for k in KINDS}
    for r in records:
        for sp in r["spans"]:
            totals[sp["kind"]] += 1
    strata = {}
    for r in records:
        kinds = {sp["kind"] for sp in r["spans"]}
        key = min(kinds, key=lambda k: (totals[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        ordered = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(ordered):
            (tune if i % 2 == 0 else heldout).append(r)
    return tune, heldout


def counts(half):
    c = {k: 0 for k in KINDS}
    dirty = 0
    for r in half:
        if r["spans"]:
            dirty += 1
        for sp in r["spans"]:
            c[sp["kind"]] += 1
    return c, dirty, len(half) - dirty, len(half)


def main():
    try:
        files, records, dropped = load()
    except BuildError as e:
        sys.exit(f"build.py: error: {e}")
    tune, heldout = split(records)
    for fname, half in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(half, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, cd = counts(tune), counts(heldout)
    print(f"{len(files)} source files, {len(records)} lines ({dropped} duplicates dropped)")
    print("| | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} spans | {ct[0][k]} | {cd[0][k]} | {ct[0][k] + cd[0][k]} |")
    for i, label in ((1, "dirty lines"), (2, "clean lines"), (3, "total lines")):
        print(f"| {label} | {ct[i]} | {cd[i]} | {ct[i] + cd[i]} |")
    allspans = sum(ct[0].values()) + sum(cd[0].values())
    names = ct[0]["name"] + cd[0]["name"]
    print(f"names are {100 * names / max(allspans, 1):.1f}% of spans; "
          f"clean lines are {100 * (ct[2] + cd[2]) / max(len(records), 1):.1f}% of lines")


if __name__ == "__main__":
    main()
