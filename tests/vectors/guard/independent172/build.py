#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent172.

Standard library only. Reads source/*.txt in name order, parses [[kind:text]]
marks into plain text plus spans, validates them, drops exact duplicates,
stratifies by each line's rarest kind and deals lines alternately to
tune.json and heldout.json.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SPLIT_SEED = "independent172-seed-2093"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = ("mr", "mrs", "ms", "miss", "dr", "prof")
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")


class CorpusError(Exception):
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
    out, spans, pos = [], [], 0
    plain_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        out.append(before)
        plain_len += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if not text or text != text.strip():
            raise CorpusError(f"{where}: empty or padded span {text!r}")
        start = plain_len
        out.append(text)
        plain_len += len(text)
        spans.append({"kind": kind, "start": start, "end": plain_len})
        pos = m.end()
    out.append(raw[pos:])
    plain = "".join(out)
    if "[[" in plain or "]]" in plain:
        raise CorpusError(f"{where}: unbalanced or malformed mark")
    # round trip
    marked = [m.group(2) for m in MARK.finditer(raw)]
    for span, text in zip(spans, marked):
        if plain[span["start"]:span["end"]] != text:
            raise CorpusError(f"{where}: span {text!r} does not round-trip")
    for span in spans:
        text = plain[span["start"]:span["end"]]
        if span["kind"] == "name":
            first = re.split(r"[\s.]", text, maxsplit=1)[0].lower()
            if first in TITLES and (len(text) > len(first)):
                raise CorpusError(f"{where}: title inside name span {text!r}")
        if span["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", text)
            if not mod11_ok(digits):
                raise CorpusError(f"{where}: NHS number {text!r} fails modulus 11")
    # unmarked 10-digit numbers passing modulus 11
    nhs_ranges = [(s["start"], s["end"]) for s in spans if s["kind"] == "nhs_number"]
    for m in DIGIT_RUN.finditer(plain):
        groups = [(g.start() + m.start(), g.group()) for g in re.finditer(r"[0-9]+", m.group())]
        for i in range(len(groups)):
            count = 0
            for j in range(i, len(groups)):
                count += len(groups[j][1])
                if count > 10:
                    break
                if count == 10:
                    digits = "".join(g for _, g in groups[i:j + 1])
                    a = groups[i][0]
                    b = groups[j][0] + len(groups[j][1])
                    inside = any(s <= a and b <= e for s, e in nhs_ranges)
                    if mod11_ok(digits) and not inside:
                        raise CorpusError(
                            f"{where}: unmarked 10-digit number {plain[a:b]!r} passes modulus 11")
    spans.sort(key=lambda s: s["start"])
    return plain, spans


def main() -> int:
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        print("no source files", file=sys.stderr)
        return 1
    records, seen, dupes = [], set(), 0
    try:
        for path in files:
            with path.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    raw = line.strip()
                    if not raw:
                        continue
                    plain, spans = parse_line(raw, f"{path.name}:{n}")
                    if plain in seen:
                        dupes += 1
                        continue
                    seen.add(plain)
                    records.append({"text": plain, "spans": spans})
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    corpus_counts = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            corpus_counts[s["kind"]] += 1

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (corpus_counts[k], KINDS.index(k)))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)

    def key(rec):
        return hashlib.sha256((SPLIT_SEED + rec["text"]).encode("utf-8")).hexdigest()

    tune, heldout = [], []
    for name in sorted(strata):
        for i, rec in enumerate(sorted(strata[name], key=key)):
            (tune if i % 2 == 0 else heldout).append(rec)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with (HERE / fname).open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(recs):
        c = {k: 0 for k in KINDS}
        for r in recs:
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c

    ct, ch = counts(tune), counts(heldout)
    rows = [("kind", "tune", "heldout", "total")]
    for k in KINDS:
        rows.append((k, ct[k], ch[k], ct[k] + ch[k]))
    rows.append(("all spans", sum(ct.values()), sum(ch.values()), sum(ct.values()) + sum(ch.values())))

    def dirty(recs):
        return sum(1 for r in recs if r["spans"])

    dt, dh = dirty(tune), dirty(heldout)
    rows.append(("dirty lines", dt, dh, dt + dh))
    rows.append(("clean lines", len(tune) - dt, len(heldout) - dh, len(tune) + len(heldout) - dt - dh))
    rows.append(("total lines", len(tune), len(heldout), len(tune) + len(heldout)))
    print("| " + " | ".join(str(x) for x in rows[0]) + " |")
    print("|---|---:|---:|---:|")
    for row in rows[1:]:
        print("| " + " | ".join(str(x) for x in row) + " |")
    print(f"\nduplicates dropped: {dupes}")
    total = len(tune) + len(heldout)
    allspans = sum(ct.values()) + sum(ch.values())
    if total:
        print(f"clean share: {(total - dt - dh) / total:.1%}")
    if allspans:
        print(f"names among spans: {(ct['name'] + ch['name']) / allspans:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
