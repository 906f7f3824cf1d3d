#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: each identifier is written [[kind:text]]. Stdlib only.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent125-seed-6142"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|lady|lord)\b\.?\s",
                   re.IGNORECASE)
DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


class BuildError(Exception):
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
    text = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise BuildError(f"{where}: stray brackets in {before!r}")
        text.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip() or not inner:
            raise BuildError(f"{where}: span has outer whitespace or is empty: {inner!r}")
        start = out_len
        text.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    rest = raw[pos:]
    if "[[" in rest or "]]" in rest:
        raise BuildError(f"{where}: stray brackets in {rest!r}")
    text.append(rest)
    return "".join(text), spans


def check(text, spans, raw, where):
    inners = [m.group(2) for m in MARK.finditer(raw)]
    for sp, inner in zip(spans, inners):
        got = text[sp["start"]:sp["end"]]
        if got != inner:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {inner!r}")
        if sp["kind"] == "name" and TITLE.match(got):
            raise BuildError(f"{where}: title inside name span: {got!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", got)
            if not nhs_valid(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {got!r}")
    # mask marked spans, then look for unmarked 10-digit numbers
    masked = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and nhs_valid(acc):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
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
                check(text, spans, raw, where)
                if raw in seen:
                    dropped += 1
                    continue
                seen.add(raw)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": spans, "_file": name})
    return files, records, dropped


def split(records):
    line_counts = {k: 0 for k in KINDS}
    for r in records:
        for k in {s["kind"] for s in r["spans"]}:
            line_counts[k] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (line_counts[k], KINDS.index(k)))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256(
            (SEED + "\x00" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else held).append(r)
    return tune, held


def counts(rows):
    c = {k: 0 for k in KINDS}
    dirty = 0
    for r in rows:
        if r["spans"]:
            dirty += 1
        for s in r["spans"]:
            c[s["kind"]] += 1
    return c, dirty, len(rows) - dirty, len(rows)


def main():
    try:
        files, records, dropped = load()
    except BuildError as e:
        sys.exit(f"build.py: error: {e}")
    tune, held = split(records)
    for fname, rows in (("tune.json", tune), ("heldout.json", held)):
        out = [{"text": r["text"], "spans": r["spans"]} for r in rows]
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, dt, clt, tt = counts(tune)
    ch, dh, clh, th = counts(held)
    ca, da, cla, ta = counts(records)
    print(f"{len(files)} source files, {ta} lines ({dropped} exact duplicates dropped)")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ca[k]:>8}")
    print(f"{'dirty lines':<16}{dt:>8}{dh:>9}{da:>8}")
    print(f"{'clean lines':<16}{clt:>8}{clh:>9}{cla:>8}")
    print(f"{'total lines':<16}{tt:>8}{th:>9}{ta:>8}")
    print(f"clean share {cla / ta:.1%}")


if __name__ == "__main__":
    main()
