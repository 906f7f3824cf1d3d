#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Stdlib only. Each identifier in a source line is written [[kind:text]].
Stops with an error on any markup or consistency problem.
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "independent159-seed-7352"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLES = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|master|nurse|sister|rev|revd|dc|ds|pc)\.?(\s|$)",
    re.IGNORECASE,
)
CHAIN = re.compile(r"\d+(?:[ -]\d+)*")


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
    text_parts, spans, pos, cursor = [], [], 0, 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip() or not inner:
            fail(f"{where}: span text has outer whitespace or is empty: {inner!r}")
        before = raw[cursor:m.start()]
        text_parts.append(before)
        pos += len(before)
        start = pos
        text_parts.append(inner)
        pos += len(inner)
        spans.append({"kind": kind, "start": start, "end": pos, "_text": inner})
        cursor = m.end()
    text_parts.append(raw[cursor:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        fail(f"{where}: stray markup left in line: {text!r}")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            fail(f"{where}: span does not round-trip: {s['_text']!r}")
        if s["kind"] == "name":
            if TITLES.match(s["_text"]):
                fail(f"{where}: title inside name span: {s['_text']!r}")
            if s["_text"].endswith(("'s", "\u2019s")):
                fail(f"{where}: possessive inside name span: {s['_text']!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s["_text"])
            if not mod11_ok(digits):
                fail(f"{where}: marked NHS number fails modulus 11: {s['_text']!r}")
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in CHAIN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    fail(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break
    out = [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]
    out.sort(key=lambda s: (s["start"], s["end"]))
    return text, out


def main():
    files = sorted((HERE / "source").glob("*.txt"))
    if not files:
        fail("no source files")
    records, seen, dupes = [], set(), 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.rstrip()
            if not raw.strip():
                continue
            text, spans = parse(raw, f"{f.name}:{n}")
            if text in seen:
                dupes += 1
                continue
            seen.add(text)
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
    tune, heldout = [], []
    for key in sorted(strata):
        items = sorted(
            strata[key],
            key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(HERE / name, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dupes}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        a = sum(1 for r in tune for s in r["spans"] if s["kind"] == k)
        b = sum(1 for r in heldout for s in r["spans"] if s["kind"] == k)
        print(f"{k:<16}{a:>8}{b:>9}{a + b:>8}")
    for label, pred in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"])):
        a = sum(1 for r in tune if pred(r))
        b = sum(1 for r in heldout if pred(r))
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    print(f"{'total lines':<16}{len(tune):>8}{len(heldout):>9}{len(records):>8}")
    dirty = sum(1 for r in records if r["spans"])
    print(f"clean share: {100 * (len(records) - dirty) / len(records):.1f}%; "
          f"name share of spans: {100 * total_kind['name'] / max(1, sum(total_kind.values())):.1f}%")


if __name__ == "__main__":
    main()
