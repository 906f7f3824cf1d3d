#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each source line is one sentence or chat message. Identifiers are marked
inline as [[kind:text]]. The build strips the markup, records spans as Python
str (code point) offsets, validates everything it can, drops exact duplicate
lines, and splits the lines into two halves with a seeded SHA-256 hash,
stratified by each line's rarest identifier kind.
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "independent147-seed-7316"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|reverend|"
    r"sister|nurse|father|fr|cllr|capt|captain|sgt|cpl)\b\.?(\s|$)",
    re.IGNORECASE,
)
DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(raw, where):
    """Strip [[kind:text]] markup; return (text, spans)."""
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        out.append(before)
        length += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if "[[" in inner or "]]" in inner:
            raise BuildError(f"{where}: nested markup in {inner!r}")
        if inner != inner.strip():
            raise BuildError(f"{where}: span has outer whitespace: {inner!r}")
        spans.append({"kind": kind, "start": length, "end": length + len(inner), "_text": inner})
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray or malformed markup: {raw!r}")
    return text, spans


def validate(text, spans, where):
    for s in spans:
        got = text[s["start"]:s["end"]]
        if got != s["_text"]:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {s['_text']!r}")
        if s["kind"] == "name" and TITLE.match(got):
            raise BuildError(f"{where}: title inside name span: {got!r}")
        if s["kind"] == "name" and (got.endswith("'s") or got.endswith("\u2019s")):
            raise BuildError(f"{where}: possessive inside name span: {got!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", got)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {got!r}")
    # Unmarked 10-digit numbers: blank out every span, then look at runs of
    # digit groups joined by single spaces or dashes.
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
                if total == 10:
                    digits = "".join(groups[i:j + 1])
                    if mod11_ok(digits):
                        raise BuildError(
                            f"{where}: unmarked 10-digit number passes modulus 11: {digits}")
                if total >= 10:
                    break


def load():
    files = sorted((HERE / "source").glob("*.txt"))
    if not files:
        raise BuildError("no source files")
    records, seen, dropped = [], set(), 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw:
                continue
            where = f"{f.name}:{n}"
            text, spans = parse(raw, where)
            validate(text, spans, where)
            if text in seen:
                dropped += 1
                continue
            seen.add(text)
            spans.sort(key=lambda s: (s["start"], s["end"]))
            for a, b in zip(spans, spans[1:]):
                if b["start"] < a["end"]:
                    raise BuildError(f"{where}: overlapping spans")
            records.append({
                "text": text,
                "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans],
            })
    return records, len(files), dropped


def split(records):
    kind_totals = Counter(s["kind"] for r in records for s in r["spans"])
    rank = {k: (kind_totals[k], k) for k in kind_totals}

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        return min(kinds, key=lambda k: rank[k]) if kinds else "clean"

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, heldout, turn = [], [], 0
    for name in sorted(strata):
        for r in sorted(strata[name], key=h):
            (tune if turn == 0 else heldout).append(r)
            turn ^= 1
    return tune, heldout


def counts(rows):
    c = Counter(s["kind"] for r in rows for s in r["spans"])
    dirty = sum(1 for r in rows if r["spans"])
    return c, dirty, len(rows) - dirty, len(rows)


def main():
    try:
        records, nfiles, dropped = load()
    except BuildError as e:
        sys.exit(f"build failed: {e}")
    tune, heldout = split(records)
    for name, rows in (("tune.json", tune), ("heldout.json", heldout)):
        (HERE / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    ct, dt, clt, tt = counts(tune)
    ch, dh, clh, th = counts(heldout)
    ca, da, cla, ta = counts(records)
    print(f"{nfiles} source files, {ta} lines kept, {dropped} duplicate lines dropped")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ca[k]} |")
    print(f"| all spans | {sum(ct.values())} | {sum(ch.values())} | {sum(ca.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {da} |")
    print(f"| clean lines | {clt} | {clh} | {cla} |")
    print(f"| total lines | {tt} | {th} | {ta} |")
    tot = sum(ca.values())
    print(f"clean share {cla / ta:.1%}; name share of spans {ca['name'] / tot:.1%}")


if __name__ == "__main__":
    main()
