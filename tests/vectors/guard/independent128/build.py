#!/usr/bin/env python3
"""Build the independent128 guard corpus.

Reads source/*.txt (one sentence or chat message per line, identifiers written
as [[kind:text]]), checks every line, drops exact duplicates, splits the lines
into tune.json and heldout.json with a seeded SHA-256 hash stratified by the
rarest kind on each line, and prints span counts per kind per half.

Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent128-seed-7316"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^\[\]:]*):([^\[\]]*)\]\]")
TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
    "rev", "revd", "reverend", "fr", "father", "sister", "nurse", "lady", "lord",
    # kinship and address words also stay outside a name span
    "brother", "uncle", "auntie", "aunty", "aunt", "grandma", "grandad", "nan", "nana", "cousin",
}
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


class CorpusError(Exception):
    pass


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse_line(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            raise CorpusError(f"{where}: empty or padded span {value!r}")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len, "_value": value})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise CorpusError(f"{where}: malformed markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_value"]:
            raise CorpusError(f"{where}: span does not round-trip: {s['_value']!r}")
    rebuilt, last = [], 0
    for s in spans:
        rebuilt.append(text[last:s["start"]])
        rebuilt.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
        last = s["end"]
    rebuilt.append(text[last:])
    if "".join(rebuilt) != raw:
        raise CorpusError(f"{where}: line does not round-trip through its spans")
    return text, spans


def check_spans(text, spans, where):
    for s in spans:
        value = s["_value"]
        if s["kind"] == "name":
            first = re.split(r"[\s.]+", value.strip())[0].lower()
            if first in TITLES and len(value.split()) > 1 or first in TITLES and "." in value[:6]:
                raise CorpusError(f"{where}: title inside name span {value!r}")
            if value.endswith("'s") or value.endswith("\u2019s"):
                raise CorpusError(f"{where}: possessive inside name span {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ \-]", "", value)
            if not nhs_valid(digits):
                raise CorpusError(f"{where}: marked NHS number fails modulus 11: {value!r}")
        elif s["kind"] in ("patient_number", "phone"):
            digits = re.sub(r"[ \-]", "", value)
            if digits.isdigit() and nhs_valid(digits):
                raise CorpusError(f"{where}: {s['kind']} looks like a valid NHS number: {value!r}")
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "x"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and nhs_valid(acc):
                    raise CorpusError(
                        f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise CorpusError("no source files")
    seen = {}
    records = []
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse_line(raw, where)
                check_spans(text, spans, where)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                for a, b in zip(spans, spans[1:]):
                    if b["start"] < a["end"]:
                        raise CorpusError(f"{where}: overlapping spans")
                clean = [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]
                if text in seen:
                    if seen[text] != clean:
                        raise CorpusError(f"{where}: duplicate text with different spans")
                    dropped += 1
                    continue
                seen[text] = clean
                records.append({"text": text, "spans": clean})
    return records, dropped, len(files)


def split(records):
    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1
    order = {k: i for i, k in enumerate(KINDS)}

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], order[k]))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)
    return tune, heldout


def counts(records):
    c = {k: 0 for k in KINDS}
    dirty = 0
    for r in records:
        if r["spans"]:
            dirty += 1
        for s in r["spans"]:
            c[s["kind"]] += 1
    return c, dirty, len(records) - dirty, len(records)


def main():
    try:
        records, dropped, nfiles = load()
    except CorpusError as e:
        sys.exit(f"build.py: error: {e}")
    tune, heldout = split(records)
    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, dt, cl_t, n_t = counts(tune)
    ch, dh, cl_h, n_h = counts(heldout)
    print(f"{nfiles} source files, {len(records)} lines kept, {dropped} duplicates dropped")
    print()
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {cl_t} | {cl_h} | {cl_t + cl_h} |")
    print(f"| total lines | {n_t} | {n_h} | {n_t + n_h} |")


if __name__ == "__main__":
    main()
