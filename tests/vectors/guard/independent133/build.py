#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each source line is one sentence or chat message. Identifiers are written
[[kind:text]]. The build checks the markup, drops exact duplicate lines and
splits the lines into two halves with a seeded SHA-256 hash.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent133-seed-3861"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|doctor|prof|professor|sister|nurse|rev|revd|sir|dame|lady|lord|father|fr)\.?(\s|$)",
    re.IGNORECASE,
)
CHAIN = re.compile(r"\d+(?:[ -]\d+)*")
HERE = os.path.dirname(os.path.abspath(__file__))


def nhs_valid(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def fail(where, msg):
    sys.exit(f"ERROR {where}: {msg}")


def parse(line, where):
    text = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if value != value.strip() or not value:
            fail(where, f"span has outer whitespace or is empty: {value!r}")
        start = out_len
        text.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    text.append(line[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        fail(where, "stray or malformed markup")
    return text, spans


def check(text, spans, where):
    for s in spans:
        value = text[s["start"]:s["end"]]
        kind = s["kind"]
        # round trip: re-marking the span must reproduce a marker in the source
        if not value or value != value.strip():
            fail(where, f"span does not round-trip: {value!r}")
        if kind == "name":
            if TITLE.match(value):
                fail(where, f"title inside name span: {value!r}")
            if re.search(r"['\u2019]s$", value):
                fail(where, f"possessive inside name span: {value!r}")
        if kind == "nhs_number":
            digits = re.sub(r"[ -]", "", value)
            if not nhs_valid(digits):
                fail(where, f"marked NHS number fails modulus 11: {value!r}")
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in CHAIN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j]
                if len(digits) == 10 and nhs_valid(digits):
                    fail(where, f"unmarked 10-digit number passes modulus 11: {' '.join(groups[i:j + 1])!r}")
                if len(digits) >= 10:
                    break


def rebuild(text, spans):
    out = []
    pos = 0
    for s in spans:
        out.append(text[pos:s["start"]])
        out.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
        pos = s["end"]
    out.append(text[pos:])
    return "".join(out)


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        fail("source", "no source files")
    records = []
    seen = {}
    dropped = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                where = f"{name}:{n}"
                text, spans = parse(line, where)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                if rebuild(text, spans) != line:
                    fail(where, "span does not round-trip")
                check(text, spans, where)
                if text in seen:
                    if seen[text] != spans:
                        fail(where, "same text marked differently elsewhere")
                    dropped += 1
                    continue
                seen[text] = spans
                records.append({"text": text, "spans": spans})

    total = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            total[s["kind"]] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (total[k], KINDS.index(k)))

    def key(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, heldout = [], []
    for name in sorted(strata):
        for i, r in enumerate(sorted(strata[name], key=key)):
            (tune if i % 2 == 0 else heldout).append(r)

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

    ct, dt, cl_t, nt = counts(tune)
    ch, dh, cl_h, nh = counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dropped}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':<16}{cl_t:>8}{cl_h:>9}{cl_t + cl_h:>8}")
    print(f"{'total lines':<16}{nt:>8}{nh:>9}{nt + nh:>8}")


if __name__ == "__main__":
    main()
