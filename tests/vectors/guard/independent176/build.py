#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent176.

Standard library only. Reads source/*.txt (one line per sentence or chat
message, identifiers marked as [[kind:text]]), checks every mark, removes
duplicates, stratifies by each line's rarest kind and deals the lines
alternately into tune.json and heldout.json.
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent176-seed-6153"

KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof"}

MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# ten digits, run together or grouped by single spaces or dashes
TEN_DIGITS = re.compile(r"(?<!\d)\d(?:[ -]?\d){9}(?!\d)")


class BuildError(Exception):
    pass


def mod11_ok(digits: str) -> bool:
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
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip() or not inner:
            raise BuildError(f"{where}: span has surrounding space or is empty: {inner!r}")
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    text_parts.append(line[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: malformed mark left in text: {line!r}")

    # round-trip and per-kind checks
    for sp, m in zip(spans, MARK.finditer(line)):
        got = text[sp["start"]:sp["end"]]
        if got != m.group(2):
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {m.group(2)!r}")
        if sp["kind"] == "name":
            words = re.findall(r"[A-Za-z]+\.?", got)
            for w in words:
                if w.rstrip(".").lower() in TITLES:
                    raise BuildError(f"{where}: title inside name span: {got!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", got)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {got!r}")

    # unmarked ten-digit numbers that pass modulus 11
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in TEN_DIGITS.finditer(masked):
        digits = re.sub(r"[ -]", "", m.group(0))
        if mod11_ok(digits):
            raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")

    spans.sort(key=lambda s: s["start"])
    return text, spans


def main() -> int:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        raise BuildError("no source files found")
    records = []
    seen = set()
    dropped = 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            text, spans = parse(line, f"{f.name}:{n}")
            if text in seen:
                dropped += 1
                continue
            seen.add(text)
            records.append({"text": text, "spans": spans})

    corpus_counts = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (corpus_counts[k], KINDS.index(k)))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    tune, heldout = [], []
    for name in sorted(strata):
        lines = sorted(
            strata[name],
            key=lambda r: hashlib.sha256((SPLIT_SEED + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(lines):
            (tune if i % 2 == 0 else heldout).append(r)

    for path, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(HERE / path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(recs):
        c = Counter(s["kind"] for r in recs for s in r["spans"])
        dirty = sum(1 for r in recs if r["spans"])
        return c, dirty, len(recs) - dirty, len(recs)

    ct, cht, cl = counts(tune), counts(heldout), counts(records)
    rows = [("kind", "tune", "heldout", "total")]
    for k in KINDS:
        rows.append((k, ct[0][k], cht[0][k], cl[0][k]))
    rows.append(("all spans", sum(ct[0].values()), sum(cht[0].values()), sum(cl[0].values())))
    rows.append(("dirty lines", ct[1], cht[1], cl[1]))
    rows.append(("clean lines", ct[2], cht[2], cl[2]))
    rows.append(("total lines", ct[3], cht[3], cl[3]))
    print("| " + " | ".join(str(x) for x in rows[0]) + " |")
    print("|---|---:|---:|---:|")
    for row in rows[1:]:
        print("| " + " | ".join(str(x) for x in row) + " |")
    print(f"\nduplicates dropped: {dropped}")
    total_spans = sum(cl[0].values())
    if cl[3]:
        print(f"clean share: {cl[2] / cl[3]:.1%}")
    if total_spans:
        print(f"names among spans: {cl[0]['name'] / total_spans:.1%}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        sys.exit(1)
