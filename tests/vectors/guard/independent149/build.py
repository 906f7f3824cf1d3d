"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:text]] around each identifier, one sentence or message per line.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent149-seed-7316"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLE_RE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sister|nurse|rev|revd|sir|dame|lady|lord)\b\.?\s", re.I)
MARK_RE = re.compile(r"\[\[([a-z_]+):(.*?)\]\]")
# runs of digit groups joined by a single space or dash
RUN_RE = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


def die(msg):
    sys.exit("build.py: " + msg)


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK_RE.finditer(line):
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            die(f"{where}: stray brackets in {line!r}")
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            die(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            die(f"{where}: empty or padded span {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value), "_v": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        die(f"{where}: stray brackets in {line!r}")
    text.append(rest)
    text = "".join(text)
    for s in spans:
        v = s.pop("_v")
        if text[s["start"]:s["end"]] != v:
            die(f"{where}: span does not round-trip: {v!r}")
        if s["kind"] == "name" and TITLE_RE.match(v):
            die(f"{where}: title inside name span {v!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", v)
            if not mod11_ok(digits):
                die(f"{where}: marked NHS number fails modulus 11: {v!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            die(f"{where}: overlapping spans")
    # unmarked 10-digit numbers must fail modulus 11
    for m in RUN_RE.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start(), g.group())
                  for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > 10:
                    break
                if len(digits) == 10:
                    start, end = groups[i][0], groups[j][1]
                    covered = any(s["start"] <= start and end <= s["end"] for s in spans)
                    if not covered and mod11_ok(digits):
                        die(f"{where}: unmarked 10-digit number passes modulus 11: {text[start:end]!r}")
    return text, spans


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        die("no source files")
    records, seen, dups = [], set(), 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                text, spans = parse(line, f"{name}:{n}")
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                records.append({"text": text, "spans": spans})
    totals = {k: 0 for k in KINDS}
    for r in records:
        for k in {s["kind"] for s in r["spans"]}:
            totals[k] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (totals[k], KINDS.index(k)))

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else held).append(r)
    for fname, data in (("tune.json", tune), ("heldout.json", held)):
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

    ct, ch = counts(tune), counts(held)
    print(f"source files: {len(files)}; lines: {len(records)}; duplicates dropped: {dups}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{ch[0][k]:>9}{ct[0][k] + ch[0][k]:>8}")
    for label, idx in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[idx]:>8}{ch[idx]:>9}{ct[idx] + ch[idx]:>8}")
    allspans = sum(ct[0].values()) + sum(ch[0].values())
    names = ct[0]["name"] + ch[0]["name"]
    print(f"clean share: {(ct[2] + ch[2]) / len(records):.1%}; name share of spans: {names / allspans:.1%}")


if __name__ == "__main__":
    main()
