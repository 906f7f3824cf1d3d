#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-typed lines in source/*.txt.

Standard library only. Run from anywhere: python3 build.py
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent170-seed-6153"

KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof"}
MARK = re.compile(r"\[\[([^\[\]:]*):([^\[\]]*)\]\]")
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


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


def parse_line(raw: str, where: str):
    plain_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        plain_parts.append(before)
        out_len += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r} in {m.group(0)!r}")
        if not text or text != text.strip():
            raise BuildError(f"{where}: empty or padded span text in {m.group(0)!r}")
        start = out_len
        plain_parts.append(text)
        out_len += len(text)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    plain_parts.append(raw[pos:])
    plain = "".join(plain_parts)
    if "[[" in plain or "]]" in plain:
        raise BuildError(f"{where}: stray or malformed mark left in {plain!r}")

    marked = [m.group(2) for m in MARK.finditer(raw)]
    for span, text in zip(spans, marked):
        got = plain[span["start"]:span["end"]]
        if got != text:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {text!r}")
        if span["kind"] == "name":
            for tok in re.split(r"[\s\-]+", text):
                if tok.rstrip(".").lower() in TITLES:
                    raise BuildError(f"{where}: title inside name span {text!r}")
        if span["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", text)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {text!r}")

    # unmarked 10-digit numbers that pass modulus 11
    for m in DIGIT_RUN.finditer(plain):
        groups = re.split(r"[ -]", m.group(0))
        offsets = []
        p = m.start()
        for g in groups:
            offsets.append(p)
            p += len(g) + 1
        for i in range(len(groups)):
            total = ""
            for j in range(i, len(groups)):
                total += groups[j]
                if len(total) > 10:
                    break
                if len(total) == 10 and mod11_ok(total):
                    s, e = offsets[i], offsets[j] + len(groups[j])
                    covered = any(sp["start"] <= s and e <= sp["end"] for sp in spans)
                    if not covered:
                        raise BuildError(
                            f"{where}: unmarked 10-digit number passes modulus 11: "
                            f"{plain[s:e]!r}")
    spans.sort(key=lambda sp: sp["start"])
    return plain, spans


def main() -> int:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        raise BuildError("no source/*.txt files found")
    records = []
    seen = set()
    dups = 0
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            plain, spans = parse_line(line, f"{f.name}:{n}")
            if plain in seen:
                dups += 1
                continue
            seen.add(plain)
            records.append({"text": plain, "spans": spans})

    kind_total = {k: 0 for k in KINDS}
    for r in records:
        for sp in r["spans"]:
            kind_total[sp["kind"]] += 1

    def stratum(r):
        kinds = {sp["kind"] for sp in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (kind_total[k], k))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    tune, heldout = [], []
    for name in sorted(strata):
        lines = sorted(
            strata[name],
            key=lambda r: hashlib.sha256((SPLIT_SEED + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(lines):
            (tune if i % 2 == 0 else heldout).append(r)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(HERE / fname, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for sp in r["spans"]:
                c[sp["kind"]] += 1
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, cht, call = counts(tune), counts(heldout), counts(records)
    print(f"| {'kind':<16} | {'tune':>6} | {'heldout':>7} | {'total':>6} |")
    print(f"|{'-' * 18}|{'-' * 8}|{'-' * 9}|{'-' * 8}|")
    for k in KINDS:
        print(f"| {k:<16} | {ct[0][k]:>6} | {cht[0][k]:>7} | {call[0][k]:>6} |")
    print(f"| {'all spans':<16} | {sum(ct[0].values()):>6} | {sum(cht[0].values()):>7} "
          f"| {sum(call[0].values()):>6} |")
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"| {label:<16} | {ct[idx]:>6} | {cht[idx]:>7} | {call[idx]:>6} |")
    print(f"\nduplicates dropped: {dups}")
    spans_all = sum(call[0].values())
    print(f"clean share: {call[2] / call[3]:.1%}; names among spans: "
          f"{call[0]['name'] / spans_all:.1%}" if spans_all else "no spans")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        sys.exit(1)
