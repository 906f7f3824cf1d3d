#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent130.

Reads source/*.txt (one sentence or chat message per line, identifiers marked
as [[kind:text]]), checks every line, drops exact duplicates, splits the lines
into two halves with a seeded SHA-256 hash stratified by each line's rarest
kind, and prints span counts per kind per half. Standard library only.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent130-seed-4172"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame",
    "lady", "lord", "rev", "revd", "reverend", "sister", "nurse", "auntie", "aunty", "uncle",
    "mum", "dad", "nana", "grandma", "grandad", "granny", "master", "madam",
}
POSTCODE = re.compile(r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$")
DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")


class CorpusError(Exception):
    pass


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse_line(raw, where):
    text_parts, spans, pos, out_len = [], [], 0, 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if not inner or inner != inner.strip():
            raise CorpusError(f"{where}: empty or padded span {inner!r}")
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_text": inner})
        text_parts.append(inner)
        out_len += len(inner)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise CorpusError(f"{where}: stray markup in {text!r}")
    return text, spans


def check_line(text, spans, where):
    for sp in spans:
        got = text[sp["start"]:sp["end"]]
        if got != sp["_text"]:
            raise CorpusError(f"{where}: span does not round-trip: {got!r} != {sp['_text']!r}")
        kind, val = sp["kind"], sp["_text"]
        if kind == "name":
            first = val.split()[0].rstrip(".").lower()
            if first in TITLES:
                raise CorpusError(f"{where}: title inside name span {val!r}")
            if val.endswith("'s") or val.endswith("\u2019s"):
                raise CorpusError(f"{where}: possessive inside name span {val!r}")
        elif kind == "nhs_number":
            digits = re.sub(r"[ -]", "", val)
            if not nhs_ok(digits):
                raise CorpusError(f"{where}: marked NHS number fails modulus 11: {val!r}")
        elif kind == "postcode":
            if not POSTCODE.match(val):
                raise CorpusError(f"{where}: not a UK postcode shape: {val!r}")
        elif kind == "email":
            if "@" not in val:
                raise CorpusError(f"{where}: email without @: {val!r}")
        elif kind in ("phone", "date", "patient_number"):
            if not re.search(r"[0-9]", val):
                raise CorpusError(f"{where}: {kind} without digits: {val!r}")
    ordered = sorted(spans, key=lambda s: (s["start"], s["end"]))
    for a, b in zip(ordered, ordered[1:]):
        if b["start"] < a["end"]:
            raise CorpusError(f"{where}: overlapping spans")
    # Unmarked 10-digit numbers (run together, or grouped by single spaces or dashes)
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            joined = ""
            for j in range(i, len(groups)):
                joined += groups[j]
                if len(joined) == 10 and nhs_ok(joined):
                    raise CorpusError(
                        f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(joined) >= 10:
                    break
    return ordered


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise CorpusError("no source files")
    records, seen, dropped = [], set(), 0
    per_file = collections.Counter()
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse_line(raw, where)
                spans = check_line(text, spans, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                per_file[name] += 1
                records.append({
                    "text": text,
                    "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans],
                })

    totals = collections.Counter(s["kind"] for r in records for s in r["spans"])
    rank = {k: (totals[k], KINDS.index(k)) for k in KINDS}

    def stratum(rec):
        kinds = {s["kind"] for s in rec["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: rank[k])

    def h(rec):
        return hashlib.sha256((SEED + "\n" + rec["text"]).encode("utf-8")).hexdigest()

    strata = collections.defaultdict(list)
    for rec in records:
        strata[stratum(rec)].append(rec)
    tune, heldout = [], []
    for key in sorted(strata):
        for i, rec in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else heldout).append(rec)
    tune.sort(key=h)
    heldout.sort(key=h)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = collections.Counter(s["kind"] for r in data for s in r["spans"])
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, cd = counts(tune), counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dropped}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{cd[0][k]:>9}{ct[0][k] + cd[0][k]:>8}")
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[idx]:>8}{cd[idx]:>9}{ct[idx] + cd[idx]:>8}")
    all_dirty = ct[1] + cd[1]
    print(f"clean share: {(ct[2] + cd[2]) / len(records):.1%}; "
          f"name share of spans: {totals['name'] / max(1, sum(totals.values())):.1%}")


if __name__ == "__main__":
    try:
        main()
    except CorpusError as exc:
        sys.exit(f"build.py: error: {exc}")
