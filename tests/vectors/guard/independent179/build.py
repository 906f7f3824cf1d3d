#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-typed source files.

Standard library only. Run: python3 build.py
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent179-seed-6150"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof"}

MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
RUN = re.compile(r"\d+(?:[ -]\d+)*")
TEN_TOGETHER = re.compile(r"(?<!\d)\d{10}(?!\d)")
TEN_GROUPED = re.compile(r"(?<!\d)\d{3}[ -]\d{3}[ -]\d{4}(?!\d)")


class BuildError(Exception):
    pass


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str, where: str):
    out = []
    spans = []
    pos = 0
    length = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        kind, body = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if body != body.strip() or not body:
            raise BuildError(f"{where}: span {body!r} has leading/trailing space or is empty")
        if "[[" in body or "]]" in body:
            raise BuildError(f"{where}: nested mark in {body!r}")
        start = length
        out.append(body)
        length += len(body)
        spans.append({"kind": kind, "start": start, "end": length})
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: unparsed mark left in line")
    # round trip
    for sp, m in zip(spans, MARK.finditer(line)):
        if text[sp["start"]:sp["end"]] != m.group(2):
            raise BuildError(f"{where}: span {m.group(2)!r} does not round-trip")
    return text, spans


def check_spans(text, spans, where):
    for sp in spans:
        body = text[sp["start"]:sp["end"]]
        if sp["kind"] == "name":
            for tok in re.split(r"\s+", body):
                if tok.strip(".").lower() in TITLES:
                    raise BuildError(f"{where}: title inside name span {body!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", body)
            if not nhs_ok(digits):
                raise BuildError(f"{where}: marked NHS number {body!r} fails modulus 11")
    covered = set()
    for sp in spans:
        covered.update(range(sp["start"], sp["end"]))
    candidates = []
    for rx in (RUN, TEN_TOGETHER, TEN_GROUPED):
        for m in rx.finditer(text):
            candidates.append((m.start(), m.end(), m.group(0)))
    for start, end, s in candidates:
        digits = re.sub(r"[ -]", "", s)
        if len(digits) != 10:
            continue
        if any(i in covered for i in range(start, end)):
            continue
        if nhs_ok(digits):
            raise BuildError(f"{where}: unmarked 10-digit number {s!r} passes modulus 11")


def main() -> int:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        raise BuildError("no source files")
    records = []
    seen = set()
    dupes = 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            where = f"{f.name}:{n}"
            text, spans = parse(line, where)
            check_spans(text, spans, where)
            if text in seen:
                dupes += 1
                continue
            seen.add(text)
            spans.sort(key=lambda s: s["start"])
            records.append({"text": text, "spans": spans})

    corpus_counts = {k: 0 for k in KINDS}
    for r in records:
        for sp in r["spans"]:
            corpus_counts[sp["kind"]] += 1

    strata = {}
    for r in records:
        kinds = {sp["kind"] for sp in r["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (corpus_counts[k], KINDS.index(k)))
        else:
            stratum = "clean"
        strata.setdefault(stratum, []).append(r)

    tune, heldout = [], []
    for stratum in sorted(strata):
        lines = sorted(
            strata[stratum],
            key=lambda r: hashlib.sha256((SPLIT_SEED + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(lines):
            (tune if i % 2 == 0 else heldout).append(r)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        (HERE / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    def count(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for sp in r["spans"]:
                c[sp["kind"]] += 1
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, clt, tt = count(tune)
    ch, dh, clh, th = count(heldout)
    ca, da, cla, ta = count(records)
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ca[k]} |")
    print(f"| all spans | {sum(ct.values())} | {sum(ch.values())} | {sum(ca.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {da} |")
    print(f"| clean lines | {clt} | {clh} | {cla} |")
    print(f"| total lines | {tt} | {th} | {ta} |")
    print(f"\nsource files: {len(files)}; duplicates dropped: {dupes}")
    print(f"clean share: {cla / ta:.1%}; names among spans: {ca['name'] / max(1, sum(ca.values())):.1%}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        sys.exit(1)
