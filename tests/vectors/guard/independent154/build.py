#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Standard library only.  Markup: [[kind:text]] around each identifier.
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "independent154-seed-4862"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|sister|nurse)\b\.?\s", re.I)
# runs of digit groups joined by a single space or dash
RUN = re.compile(r"\d+(?:[ -]\d+)*")


def fail(msg):
    sys.exit("build.py: ERROR: " + msg)


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


def parse(raw, where):
    text_parts, spans = [], []
    pos, out_len = 0, 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        if val != val.strip() or not val:
            fail(f"{where}: span has edge whitespace: {val!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text_parts.append(val)
        out_len += len(val)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        fail(f"{where}: stray markup in {raw!r}")
    for s in spans:
        v = s.pop("_v")
        if text[s["start"]:s["end"]] != v:
            fail(f"{where}: span does not round-trip: {v!r}")
        if s["kind"] == "name":
            if TITLE.match(v):
                fail(f"{where}: title inside name span: {v!r}")
            if v.endswith("'s") or v.endswith("\u2019s"):
                fail(f"{where}: possessive inside name span: {v!r}")
        if s["kind"] == "nhs_number":
            d = re.sub(r"[ -]", "", v)
            if not mod11_ok(d):
                fail(f"{where}: marked NHS number fails modulus 11: {v!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in RUN.finditer(masked):
        # ignore runs glued to letters/digits of an identifier-like token
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    fail(f"{where}: unmarked 10-digit number passes modulus 11: {acc} in {text!r}")
                if len(acc) >= 10:
                    break
    return text, spans


def main():
    files = sorted((HERE / "source").glob("*.txt"))
    if not files:
        fail("no source files")
    seen = set()
    records = []
    dupes = 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw:
                continue
            if raw in seen:
                dupes += 1
                continue
            seen.add(raw)
            text, spans = parse(raw, f"{f.name}:{n}")
            records.append({"text": text, "spans": spans})

    total_kind = Counter(s["kind"] for r in records for s in r["spans"])

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (total_kind[k], k))

    strata = defaultdict(list)
    for r in records:
        strata[stratum(r)].append(r)

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    tune, held = [], []
    for key in sorted(strata):
        for i, r in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else held).append(r)
    tune.sort(key=h)
    held.sort(key=h)

    for name, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    order = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
    print(f"files: {len(files)}  lines: {len(records)}  exact duplicates dropped: {dupes}")
    print(f"{'kind':<16}{'tune':>6}{'heldout':>9}{'total':>7}")
    for k in order:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in held for s in r["spans"] if s["kind"] == k)
        print(f"{k:<16}{a:>6}{b:>9}{a + b:>7}")
    for label, pred in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"])):
        a = sum(1 for r in tune if pred(r))
        b = sum(1 for r in held if pred(r))
        print(f"{label:<16}{a:>6}{b:>9}{a + b:>7}")
    print(f"{'total lines':<16}{len(tune):>6}{len(held):>9}{len(records):>7}")


if __name__ == "__main__":
    main()
