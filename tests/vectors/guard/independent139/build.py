#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each non-blank line of source/*.txt is one sentence or message. Identifiers
are written [[kind:text]]. The build checks the markup, drops exact duplicate
lines and splits the lines into two halves with a seeded SHA-256 hash,
stratified by each line's rarest kind ("clean" for lines with no span).
heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent139-seed-4816"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^\]:]*):([^\]]*)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd)\b\.?\s", re.I)
HERE = os.path.dirname(os.path.abspath(__file__))


class BuildError(Exception):
    pass


def nhs_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            raise BuildError(f"{where}: empty or padded span {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "_v": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        raise BuildError(f"{where}: stray markup in {line!r}")
    for s in spans:
        if plain[s["start"]:s["end"]] != s.pop("_v"):
            raise BuildError(f"{where}: span does not round-trip")
        v = plain[s["start"]:s["end"]]
        if s["kind"] == "name":
            if TITLE.match(v):
                raise BuildError(f"{where}: title inside name span {v!r}")
            if v.endswith("'s") or v.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {v!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[\s-]", "", v)
            if not nhs_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {v!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    return plain, spans


def check_unmarked_numbers(plain, spans, where):
    masked = list(plain)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for run in re.finditer(r"(?<![\d#])\d+(?:[ -]\d+)*(?![\d#])", masked):
        groups = re.split(r"[ -]", run.group(0))
        for i in range(len(groups)):
            total = ""
            for g in groups[i:]:
                total += g
                if len(total) == 10 and nhs_ok(total):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: {run.group(0)!r}")
                if len(total) >= 10:
                    break


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    rows, seen, dropped = [], set(), 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                where = f"{name}:{n}"
                plain, spans = parse(line, where)
                check_unmarked_numbers(plain, spans, where)
                if plain in seen:
                    dropped += 1
                    continue
                seen.add(plain)
                rows.append({"text": plain, "spans": spans})
    return files, rows, dropped


def split(rows):
    totals = {k: 0 for k in KINDS}
    for r in rows:
        for s in r["spans"]:
            totals[s["kind"]] += 1
    strata = {}
    for r in rows:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: (totals[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda r: hashlib.sha256(
            (SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(members):
            (tune if i % 2 == 0 else held).append(r)
    return tune, held, totals


def counts(rows):
    c = {k: 0 for k in KINDS}
    for r in rows:
        for s in r["spans"]:
            c[s["kind"]] += 1
    dirty = sum(1 for r in rows if r["spans"])
    return c, dirty, len(rows) - dirty, len(rows)


def main():
    try:
        files, rows, dropped = load()
    except BuildError as e:
        sys.exit(f"build failed: {e}")
    tune, held, totals = split(rows)
    for fname, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, dt, cl_t, n_t = counts(tune)
    ch, dh, cl_h, n_h = counts(held)
    print(f"{len(files)} source files, {len(rows)} lines ({dropped} duplicates dropped)")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {cl_t} | {cl_h} | {cl_t + cl_h} |")
    print(f"| total lines | {n_t} | {n_h} | {n_t + n_h} |")
    spans_all = sum(totals.values())
    if spans_all:
        print(f"clean share {100 * (cl_t + cl_h) / len(rows):.1f}%, "
              f"name share of identifiers {100 * totals['name'] / spans_all:.1f}%")


if __name__ == "__main__":
    main()
