#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each non-blank line of source/*.txt is one sentence or chat message. Identifiers are
written [[kind:text]]. The build strips the markup, records spans as Python str
offsets (code points), validates everything, drops exact duplicate lines and splits
the lines into two halves with a seeded SHA-256 hash, stratified by each line's
rarest kind.
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SEED = "independent138-seed-6142"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lord|lady|rev|revd)\b\.?\s", re.I)
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", re.I)


class BuildError(Exception):
    pass


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(raw, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        before = raw[pos:m.start()]
        text.append(before)
        out_len += len(before)
        start = out_len
        text.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_text": inner})
        pos = m.end()
    text.append(raw[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray markup in {text!r}")
    for s in spans:
        got = text[s["start"]:s["end"]]
        if got != s["_text"]:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {s['_text']!r}")
        if got != got.strip() or not got:
            raise BuildError(f"{where}: span has edge whitespace: {got!r}")
        if s["kind"] == "name":
            if TITLE.match(got):
                raise BuildError(f"{where}: title inside name span: {got!r}")
            if got.endswith("'s") or got.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span: {got!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", got)
            if not nhs_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {got!r}")
        if s["kind"] == "email" and not EMAIL.fullmatch(got):
            raise BuildError(f"{where}: marked email does not look like one: {got!r}")
        if s["kind"] == "postcode" and not POSTCODE.fullmatch(got):
            raise BuildError(f"{where}: marked postcode does not look like one: {got!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    # unmarked text: blank out the marked spans
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "\x00"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for g in groups[i:]:
                acc += g
                if len(acc) >= 10:
                    break
            if len(acc) == 10 and nhs_ok(acc):
                raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: {acc}")
    for m in EMAIL.finditer(masked):
        raise BuildError(f"{where}: unmarked email address: {m.group(0)!r}")
    for m in POSTCODE.finditer(masked):
        raise BuildError(f"{where}: unmarked postcode-like string: {m.group(0)!r}")
    return {"text": text, "spans": [{k: s[k] for k in ("kind", "start", "end")} for s in spans]}


def load():
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        raise BuildError("no source files")
    records, seen, dropped = [], {}, 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw:
                continue
            where = f"{f.name}:{n}"
            rec = parse(raw, where)
            if rec["text"] in seen:
                if seen[rec["text"]] != rec["spans"]:
                    raise BuildError(f"{where}: duplicate line with different spans")
                dropped += 1
                continue
            seen[rec["text"]] = rec["spans"]
            records.append(rec)
    return files, records, dropped


def split(records):
    total = Counter(s["kind"] for r in records for s in r["spans"])
    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (total[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        rows = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(rows):
            (tune if i % 2 == 0 else held).append(r)
    return tune, held


def counts(rows):
    c = Counter(s["kind"] for r in rows for s in r["spans"])
    dirty = sum(1 for r in rows if r["spans"])
    return c, dirty, len(rows) - dirty, len(rows)


def main():
    try:
        files, records, dropped = load()
    except BuildError as e:
        sys.exit(f"build.py: error: {e}")
    tune, held = split(records)
    for name, rows in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    ct, dt, clt, tt = counts(tune)
    ch, dh, clh, th = counts(held)
    print(f"{len(files)} source files, {len(records)} lines ({dropped} exact duplicates dropped)")
    print("| | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| **all spans** | {sum(ct.values())} | {sum(ch.values())} | {sum(ct.values()) + sum(ch.values())} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {tt} | {th} | {tt + th} |")
    print(f"clean share: {(clt + clh) / (tt + th):.1%}; name share of spans: "
          f"{(ct['name'] + ch['name']) / max(1, sum(ct.values()) + sum(ch.values())):.1%}")


if __name__ == "__main__":
    main()
