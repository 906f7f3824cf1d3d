#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent157.

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), validates every line, drops exact duplicates, and splits the
lines into two halves with a seeded SHA-256 hash, stratified by each line's
rarest identifier kind (or "clean").  Standard library only.
"""
import collections
import hashlib
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE / "source"
SEED = "independent157-seed-6394"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|nurse|sister)\b[\s.]", re.I)
# maximal chains of digit groups joined by single spaces or dashes
CHAIN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")
RUN10 = re.compile(r"(?<!\d)\d{10}(?!\d)")


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


def parse(line, where):
    text = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise BuildError(f"{where}: malformed markup near {before!r}")
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if value != value.strip() or not value:
            raise BuildError(f"{where}: span has outer whitespace {value!r}")
        if kind == "name" and TITLE.match(value):
            raise BuildError(f"{where}: title inside name span {value!r}")
        if kind == "name" and re.search(r"'s$|’s$", value):
            raise BuildError(f"{where}: possessive inside name span {value!r}")
        if kind == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
        start = out_len
        text.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        raise BuildError(f"{where}: malformed markup near {rest!r}")
    text.append(rest)
    plain = "".join(text)
    # round-trip check
    values = [m.group(2) for m in MARK.finditer(line)]
    for sp, v in zip(spans, values):
        if plain[sp["start"]:sp["end"]] != v:
            raise BuildError(f"{where}: span does not round-trip {v!r}")
    rebuilt = []
    last = 0
    for sp, m in zip(spans, MARK.finditer(line)):
        rebuilt.append(plain[last:sp["start"]])
        rebuilt.append(f"[[{m.group(1)}:{plain[sp['start']:sp['end']]}]]")
        last = sp["end"]
    rebuilt.append(plain[last:])
    if "".join(rebuilt) != line:
        raise BuildError(f"{where}: line does not round-trip")
    return plain, spans


def unmarked_check(plain, spans, where):
    masked = list(plain)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    candidates = set(RUN10.findall(masked))
    for m in CHAIN.finditer(masked):
        digits = re.sub(r"[ -]", "", m.group(0))
        if len(digits) == 10:
            candidates.add(digits)
    for d in candidates:
        if mod11_ok(d):
            raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: {d}")


def load():
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        raise BuildError("no source files")
    seen = set()
    records = []
    dropped = 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip()
            if not line.strip():
                continue
            where = f"{f.name}:{n}"
            plain, spans = parse(line, where)
            unmarked_check(plain, spans, where)
            spans.sort(key=lambda s: (s["start"], s["end"]))
            if plain in seen:
                dropped += 1
                continue
            seen.add(plain)
            records.append({"text": plain, "spans": spans})
    return files, records, dropped


def split(records):
    totals = collections.Counter(sp["kind"] for r in records for sp in r["spans"])
    strata = collections.defaultdict(list)
    for r in records:
        kinds = {sp["kind"] for sp in r["spans"]}
        key = min(kinds, key=lambda k: (totals[k], k)) if kinds else "clean"
        strata[key].append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)
    return tune, heldout


def summary(name, recs):
    c = collections.Counter(sp["kind"] for r in recs for sp in r["spans"])
    dirty = sum(1 for r in recs if r["spans"])
    return c, dirty, len(recs) - dirty, len(recs)


def main():
    try:
        files, records, dropped = load()
    except BuildError as e:
        sys.exit(f"build.py: error: {e}")
    tune, heldout = split(records)
    for fname, recs in (("tune.json", tune), ("heldout.json", heldout)):
        (HERE / fname).write_text(json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    ct, dt, clt, nt = summary("tune", tune)
    ch, dh, clh, nh = summary("heldout", heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dropped}")
    print(f"| kind | tune | heldout | total |")
    print(f"|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| all spans | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")


if __name__ == "__main__":
    main()
