#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Standard library only. Markup in the sources: [[kind:text]].
Stops with an error if anything in the corpus is inconsistent.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent156-seed-4730"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^\[\]:]+):([^\[\]]*)\]\]")
TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame",
    "lady", "lord", "rev", "revd", "reverend", "father", "sister", "nurse",
    "mum", "mom", "dad", "auntie", "aunty", "aunt", "uncle", "nan", "nana", "grandma",
    "grandad", "granddad", "gran", "brother", "cousin",
}
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


class CorpusError(Exception):
    pass


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


def parse(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if not inner or inner != inner.strip():
            raise CorpusError(f"{where}: empty or padded span {inner!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_inner": inner})
        text_parts.append(inner)
        out_len += len(inner)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise CorpusError(f"{where}: stray markup in {raw!r}")
    return text, spans


def check_line(text, spans, where):
    for s in spans:
        inner = s.pop("_inner")
        if text[s["start"]:s["end"]] != inner:
            raise CorpusError(f"{where}: span does not round-trip: {inner!r}")
        if s["kind"] == "name":
            first = re.split(r"[\s.]", inner, maxsplit=1)[0].lower()
            if first in TITLES and len(inner.split()) > 1:
                raise CorpusError(f"{where}: title or kinship word inside name span {inner!r}")
            if inner.endswith("'s") or inner.endswith("\u2019s"):
                raise CorpusError(f"{where}: possessive inside name span {inner!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", inner)
            if not nhs_valid(digits):
                raise CorpusError(f"{where}: marked NHS number fails modulus 11: {inner!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise CorpusError(f"{where}: overlapping spans")
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            total = ""
            for j in range(i, len(groups)):
                total += groups[j]
                if len(total) == 10 and nhs_valid(total):
                    raise CorpusError(
                        f"{where}: unmarked 10-digit number passes modulus 11: {' '.join(groups[i:j + 1])!r}")
                if len(total) >= 10:
                    break
    return spans


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise CorpusError("no source files")
    records = []
    seen = set()
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
                spans = check_line(text, spans, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})
    return files, records, dropped


def split(records):
    line_counts = {k: 0 for k in KINDS}
    for r in records:
        for k in {s["kind"] for s in r["spans"]}:
            line_counts[k] += 1
    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (line_counts[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, heldout = [], []
    turn = 0
    for key in sorted(strata):
        ordered = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for r in ordered:
            (tune if turn % 2 == 0 else heldout).append(r)
            turn += 1
    return tune, heldout


def counts(records):
    c = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            c[s["kind"]] += 1
    dirty = sum(1 for r in records if r["spans"])
    return c, dirty, len(records) - dirty, len(records)


def main():
    try:
        files, records, dropped = load()
    except CorpusError as e:
        sys.exit(f"build.py: ERROR: {e}")
    tune, heldout = split(records)
    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, ch, call = counts(tune), counts(heldout), counts(records)
    print(f"source files: {len(files)}; lines kept: {len(records)}; exact duplicates dropped: {dropped}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{ch[0][k]:>9}{call[0][k]:>8}")
    print(f"{'all spans':<16}{sum(ct[0].values()):>8}{sum(ch[0].values()):>9}{sum(call[0].values()):>8}")
    for label, i in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[i]:>8}{ch[i]:>9}{call[i]:>8}")
    print(f"clean share: {call[2] / call[3]:.1%}; name share of spans: {call[0]['name'] / max(1, sum(call[0].values())):.1%}")


if __name__ == "__main__":
    main()
