#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each source line is one sentence or chat message. Identifiers are written
[[kind:text]]. The script strips the markup, records code-point spans, checks
the corpus, drops exact duplicate lines and splits it with a seeded SHA-256 hash.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent146-seed-7315"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sister|nurse|rev|revd|sir|dame)\b\.?(\s|$)",
    re.IGNORECASE,
)
# a run of digits, possibly grouped by single spaces or single dashes
CHAIN = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*(?!\d)")

HERE = os.path.dirname(os.path.abspath(__file__))


def die(msg):
    sys.exit("build.py: ERROR: " + msg)


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    out, spans, pos = [], [], 0
    cursor = 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            die(f"{where}: unknown kind {kind!r}")
        if not inner or inner != inner.strip():
            die(f"{where}: empty or padded span {inner!r}")
        out.append(line[cursor:m.start()])
        pos += len(line[cursor:m.start()])
        spans.append({"kind": kind, "start": pos, "end": pos + len(inner), "_t": inner})
        out.append(inner)
        pos += len(inner)
        cursor = m.end()
    out.append(line[cursor:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        die(f"{where}: malformed markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_t"]:
            die(f"{where}: span does not round-trip: {s['_t']!r}")
        if s["kind"] == "name":
            if TITLE.match(s["_t"]):
                die(f"{where}: title inside name span {s['_t']!r}")
            if s["_t"].endswith(("'s", "\u2019s")):
                die(f"{where}: possessive inside name span {s['_t']!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s["_t"])
            if not mod11_ok(digits):
                die(f"{where}: marked NHS number fails modulus 11: {s['_t']!r}")
    nhs = [(s["start"], s["end"]) for s in spans if s["kind"] == "nhs_number"]
    for m in CHAIN.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(0))
        if len(digits) != 10:
            continue
        covered = any(a <= m.start() and m.end() <= b for a, b in nhs)
        if not covered and mod11_ok(digits):
            die(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
    for s in spans:
        del s["_t"]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            die(f"{where}: overlapping spans")
    return text, spans


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        die("no source files")
    seen, records, dupes = set(), [], 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                if line in seen:
                    dupes += 1
                    continue
                seen.add(line)
                text, spans = parse(line, f"{os.path.basename(path)}:{n}")
                records.append({"text": text, "spans": spans})

    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], k))

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        for i, r in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else held).append(r)
    tune.sort(key=h)
    held.sort(key=h)

    for name, part in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(part, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(part):
        c = {k: 0 for k in KINDS}
        for r in part:
            for s in r["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for r in part if r["spans"])
        return c, dirty, len(part) - dirty, len(part)

    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(held)
    print(f"files: {len(files)}  lines: {len(records)}  duplicates dropped: {dupes}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")
    allspans = sum(totals.values())
    print(f"clean share: {(clt + clh) / max(1, nt + nh):.1%}  name share of spans: {totals['name'] / max(1, allspans):.1%}")


if __name__ == "__main__":
    main()
