#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-typed lines in source/*.txt.

Standard library only. Run:  python3 build.py
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent171-seed-7391"

KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof"}

MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
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


def parse(raw: str, where: str):
    """Turn a marked line into (plain text, spans)."""
    out = []
    spans = []
    pos = 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        out.append(before)
        length += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if text != text.strip() or not text:
            raise BuildError(f"{where}: span {text!r} has surrounding whitespace or is empty")
        start = length
        out.append(text)
        length += len(text)
        spans.append({"kind": kind, "start": start, "end": length})
        pos = m.end()
    out.append(raw[pos:])
    plain = "".join(out)
    if "[[" in plain or "]]" in plain:
        raise BuildError(f"{where}: stray or malformed mark left in text")
    marked = [t for _, t in MARK.findall(raw)]
    for span, text in zip(spans, marked):
        if plain[span["start"]:span["end"]] != text:
            raise BuildError(f"{where}: span {text!r} does not round-trip")
    for span in spans:
        text = plain[span["start"]:span["end"]]
        if span["kind"] == "name":
            for word in re.split(r"[\s\-]+", text):
                if word.rstrip(".").lower() in TITLES:
                    raise BuildError(f"{where}: title inside name span {text!r}")
        if span["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", text)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number {text!r} fails modulus 11")
    for m in TEN_DIGITS.finditer(plain):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if inside:
            continue
        digits = re.sub(r"[ -]", "", m.group(0))
        if mod11_ok(digits):
            raise BuildError(f"{where}: unmarked 10-digit number {m.group(0)!r} passes modulus 11")
    spans.sort(key=lambda s: s["start"])
    return plain, spans


def main() -> int:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        raise BuildError("no source files found")
    records = []
    seen = set()
    dups = 0
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            plain, spans = parse(line, f"{path.name}:{n}")
            if plain in seen:
                dups += 1
                continue
            seen.add(plain)
            records.append({"text": plain, "spans": spans})

    corpus_counts = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            corpus_counts[s["kind"]] += 1

    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (corpus_counts[k], k))
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
        with open(HERE / name, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def count(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    rows = [("tune", count(tune)), ("heldout", count(heldout)), ("total", count(records))]
    header = "| kind | tune | heldout | total |"
    print(header)
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | " + " | ".join(str(r[1][0][k]) for r in rows) + " |")
    print("| all spans | " + " | ".join(str(sum(r[1][0].values())) for r in rows) + " |")
    print("| dirty lines | " + " | ".join(str(r[1][1]) for r in rows) + " |")
    print("| clean lines | " + " | ".join(str(r[1][2]) for r in rows) + " |")
    print("| total lines | " + " | ".join(str(r[1][3]) for r in rows) + " |")
    print(f"\nduplicates dropped: {dups}")
    total_spans = sum(corpus_counts.values())
    print(f"clean share: {count(records)[2] / len(records):.1%}")
    if total_spans:
        print(f"names among spans: {corpus_counts['name'] / total_spans:.1%}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        sys.exit(1)
