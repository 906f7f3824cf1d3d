#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent169.

Standard library only. Run from anywhere:  python3 build.py
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent169-seed-2563"

KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof")

MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE_IN_NAME = re.compile(r"^(?:%s)\.?(?:\s|$)" % "|".join(TITLES), re.IGNORECASE)
DIGIT_GROUP = re.compile(r"\d+(?:[ -]\d+)*")
LOOKS_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LOOKS_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")


class CorpusError(Exception):
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
    """Turn a marked line into (plain text, spans)."""
    out = []
    spans = []
    pos = 0
    length = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if text != text.strip() or not text:
            raise CorpusError(f"{where}: span {text!r} has surrounding space or is empty")
        start = length
        out.append(text)
        length += len(text)
        spans.append({"kind": kind, "start": start, "end": length})
        pos = m.end()
    out.append(line[pos:])
    plain = "".join(out)
    if "[[" in plain or "]]" in plain:
        raise CorpusError(f"{where}: stray or malformed mark left in text")
    # round trip
    for m, sp in zip(MARK.finditer(line), spans):
        if plain[sp["start"]:sp["end"]] != m.group(2):
            raise CorpusError(f"{where}: span {m.group(2)!r} does not round-trip")
    return plain, spans


def check_line(plain: str, spans, where: str):
    covered = [False] * len(plain)
    for sp in spans:
        text = plain[sp["start"]:sp["end"]]
        for i in range(sp["start"], sp["end"]):
            if covered[i]:
                raise CorpusError(f"{where}: overlapping spans")
            covered[i] = True
        if sp["kind"] == "name" and TITLE_IN_NAME.match(text):
            raise CorpusError(f"{where}: title inside name span {text!r}")
        if sp["kind"] == "name" and (text.endswith("'s") or text.endswith("\u2019s")):
            raise CorpusError(f"{where}: possessive inside name span {text!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", text)
            if not nhs_ok(digits):
                raise CorpusError(f"{where}: marked NHS number {text!r} fails modulus 11")
        if sp["kind"] == "email" and not LOOKS_EMAIL.fullmatch(text):
            raise CorpusError(f"{where}: email span {text!r} does not look like an email")
        if sp["kind"] == "postcode" and not LOOKS_POSTCODE.fullmatch(text):
            raise CorpusError(f"{where}: postcode span {text!r} does not look like a UK postcode")
        if sp["kind"] == "phone" and len(re.sub(r"\D", "", text)) < 10:
            raise CorpusError(f"{where}: phone span {text!r} has too few digits")
    for m in DIGIT_GROUP.finditer(plain):
        if any(covered[m.start():m.end()]):
            continue
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) == 10 and nhs_ok(digits):
            raise CorpusError(f"{where}: unmarked 10-digit number {m.group(0)!r} passes modulus 11")
    warnings = []
    for rx, label in ((LOOKS_EMAIL, "email"), (LOOKS_POSTCODE, "postcode")):
        for m in rx.finditer(plain):
            if not any(covered[m.start():m.end()]):
                warnings.append(f"{where}: unmarked {label}-like text {m.group(0)!r}")
    return warnings


def main() -> int:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        print("no source files", file=sys.stderr)
        return 1
    records = []
    seen = {}
    dupes = 0
    warnings = []
    try:
        for f in files:
            for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                line = raw.strip()
                if not line:
                    continue
                where = f"{f.name}:{n}"
                plain, spans = parse(line, where)
                warnings += check_line(plain, spans, where)
                if plain in seen:
                    if seen[plain] != spans:
                        raise CorpusError(f"{where}: duplicate text marked differently")
                    dupes += 1
                    continue
                seen[plain] = spans
                records.append({"text": plain, "spans": sorted(spans, key=lambda s: s["start"])})
    except CorpusError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    for w in warnings:
        print(f"warning {w}", file=sys.stderr)

    kind_total = Counter(sp["kind"] for r in records for sp in r["spans"])

    def stratum(rec):
        kinds = {sp["kind"] for sp in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (kind_total[k], k))

    strata = defaultdict(list)
    for r in records:
        strata[stratum(r)].append(r)

    def key(rec):
        return hashlib.sha256((SPLIT_SEED + rec["text"]).encode("utf-8")).hexdigest()

    tune, held = [], []
    for name in sorted(strata):
        for i, rec in enumerate(sorted(strata[name], key=key)):
            (tune if i % 2 == 0 else held).append(rec)

    for path, data in ((HERE / "tune.json", tune), (HERE / "heldout.json", held)):
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def counts(recs):
        c = Counter(sp["kind"] for r in recs for sp in r["spans"])
        dirty = sum(1 for r in recs if r["spans"])
        return c, dirty, len(recs) - dirty, len(recs)

    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(held)
    ca, da, cla, na = counts(records)
    rows = [(k, ct[k], ch[k], ca[k]) for k in KINDS]
    rows.append(("all spans", sum(ct.values()), sum(ch.values()), sum(ca.values())))
    rows.append(("dirty lines", dt, dh, da))
    rows.append(("clean lines", clt, clh, cla))
    rows.append(("total lines", nt, nh, na))
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |")
    print(f"\nduplicates dropped: {dupes}")
    spans_all = sum(ca.values())
    print(f"clean share: {cla / na:.1%}; names among spans: "
          f"{(ca['name'] / spans_all if spans_all else 0):.1%}; files: {len(files)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
