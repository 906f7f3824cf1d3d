#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each source line is one sentence or chat message; identifiers are written
[[kind:text]]. The build stops with an error on any markup problem, on a
title inside a name span, on a marked NHS number failing modulus 11, or on an
unmarked 10-digit number that passes modulus 11.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent126-seed-4817"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^:\[\]]+):([^\[\]]+)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|doctor|prof|professor|sir|dame|lord|lady|rev|revd|reverend)\b\.?\s",
    re.IGNORECASE,
)
# digit groups joined by single spaces or dashes
GROUPED = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(msg):
    sys.exit("build.py: ERROR: " + msg)


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(raw, where):
    text_parts, spans, pos, out_len = [], [], 0, 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(f"{where}: unknown kind {kind!r}")
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_text": inner})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        fail(f"{where}: stray markup in {raw!r}")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            fail(f"{where}: span does not round-trip: {s['_text']!r}")
        if s["_text"] != s["_text"].strip():
            fail(f"{where}: span has outer whitespace: {s['_text']!r}")
        if s["kind"] == "name":
            if TITLE.match(s["_text"]):
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
    for m in GROUPED.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    fail(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            fail(f"{where}: overlapping spans")
    return text, [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("no source files")
    records, seen, dupes = [], set(), 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                raw = line.rstrip("\n").strip()
                if not raw:
                    continue
                if raw in seen:
                    dupes += 1
                    continue
                seen.add(raw)
                text, spans = parse(raw, f"{name}:{n}")
                records.append({"text": text, "spans": spans})

    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1
    # rarest first; ties broken by the fixed KINDS order
    rarity = sorted(KINDS, key=lambda k: (totals[k], KINDS.index(k)))

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        for k in rarity:
            if k in kinds:
                return k
        return "clean"

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, heldout = [], []
    for key in sorted(strata):
        for i, r in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else heldout).append(r)
    tune.sort(key=h)
    heldout.sort(key=h)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for r in data if r["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dupes}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")
    allspans = sum(totals.values())
    print(f"clean share: {(clt + clh) / (nt + nh):.1%}; name share of spans: {totals['name'] / max(allspans, 1):.1%}")


if __name__ == "__main__":
    main()
