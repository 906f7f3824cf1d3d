#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent178.

Standard library only.  Reads source/*.txt in name order, one line per
sentence or chat message, with identifiers marked [[kind:text]].
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPLIT_SEED = "independent178-seed-7302"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof"}

MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
DIGIT_RUN = re.compile(r"(?<![\w])\d+(?:[ \-]\d+)*(?![\w])")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.I)


class CorpusError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if value != value.strip() or not value:
            raise CorpusError(f"{where}: span {value!r} has outer whitespace or is empty")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    rest = raw[pos:]
    text_parts.append(rest)
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise CorpusError(f"{where}: stray or malformed mark")
    # round trip
    found = MARK.findall(raw)
    for span, (kind, value) in zip(spans, found):
        if text[span["start"]:span["end"]] != value or span["kind"] != kind:
            raise CorpusError(f"{where}: span {value!r} does not round-trip")
    check_spans(text, spans, where)
    return text, spans


def check_spans(text, spans, where):
    for s in spans:
        value = text[s["start"]:s["end"]]
        kind = s["kind"]
        if kind == "name":
            tokens = re.split(r"[\s.]+", value.lower())
            if any(t in TITLES for t in tokens):
                raise CorpusError(f"{where}: title inside name span {value!r}")
            if value.endswith("'s") or value.endswith("\u2019s"):
                raise CorpusError(f"{where}: possessive inside name span {value!r}")
        elif kind == "nhs_number":
            digits = re.sub(r"[ \-]", "", value)
            if not mod11_ok(digits):
                raise CorpusError(f"{where}: NHS number {value!r} fails modulus 11")
        elif kind == "email":
            if "@" not in value:
                raise CorpusError(f"{where}: email {value!r} has no @")
        elif kind == "postcode":
            if not POSTCODE.match(value):
                raise CorpusError(f"{where}: postcode {value!r} does not look like a UK postcode")
        elif kind == "phone":
            if sum(c.isdigit() for c in value) < 9:
                raise CorpusError(f"{where}: phone {value!r} too short")
    nhs = [(s["start"], s["end"]) for s in spans if s["kind"] == "nhs_number"]
    for m in DIGIT_RUN.finditer(text):
        groups = []
        for g in re.finditer(r"\d+", m.group(0)):
            groups.append((m.start() + g.start(), m.start() + g.end(), g.group(0)))
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > 10:
                    break
                if len(digits) == 10 and mod11_ok(digits):
                    a, b = groups[i][0], groups[j][1]
                    if not any(x <= a and b <= y for x, y in nhs):
                        raise CorpusError(
                            f"{where}: unmarked 10-digit number {text[a:b]!r} passes modulus 11")


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise CorpusError("no source files")
    items = []
    seen = set()
    dups = 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.strip()
                if not raw:
                    continue
                text, spans = parse(raw, f"{name}:{n}")
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: s["start"])
                items.append({"text": text, "spans": spans})
    return items, dups


def main():
    try:
        items, dups = load()
    except CorpusError as e:
        print("ERROR:", e, file=sys.stderr)
        sys.exit(1)

    totals = {k: 0 for k in KINDS}
    for it in items:
        for s in it["spans"]:
            totals[s["kind"]] += 1
    rank = {k: (totals[k], k) for k in KINDS}

    strata = {}
    for it in items:
        kinds = {s["kind"] for s in it["spans"]}
        key = min(kinds, key=lambda k: rank[k]) if kinds else "clean"
        strata.setdefault(key, []).append(it)

    tune, heldout = [], []
    for key in sorted(strata):
        lines = sorted(strata[key], key=lambda it: hashlib.sha256(
            (SPLIT_SEED + it["text"]).encode("utf-8")).hexdigest())
        for i, it in enumerate(lines):
            (tune if i % 2 == 0 else heldout).append(it)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def count(data):
        c = {k: 0 for k in KINDS}
        for it in data:
            for s in it["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for it in data if it["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, dt, clt, nt = count(tune)
    ch, dh, clh, nh = count(heldout)
    ca, da, cla, na = count(items)
    print(f"| {'kind':<16} | {'tune':>6} | {'heldout':>7} | {'total':>6} |")
    print(f"|{'-' * 18}|{'-' * 8}|{'-' * 9}|{'-' * 8}|")
    for k in KINDS:
        print(f"| {k:<16} | {ct[k]:>6} | {ch[k]:>7} | {ca[k]:>6} |")
    print(f"| {'all spans':<16} | {sum(ct.values()):>6} | {sum(ch.values()):>7} | {sum(ca.values()):>6} |")
    print(f"| {'dirty lines':<16} | {dt:>6} | {dh:>7} | {da:>6} |")
    print(f"| {'clean lines':<16} | {clt:>6} | {clh:>7} | {cla:>6} |")
    print(f"| {'total lines':<16} | {nt:>6} | {nh:>7} | {na:>6} |")
    print(f"duplicates dropped: {dups}")
    spans_all = sum(ca.values())
    if na:
        print(f"clean share: {cla / na:.1%}; names among spans: {ca['name'] / spans_all:.1%}"
              if spans_all else f"clean share: {cla / na:.1%}")


if __name__ == "__main__":
    main()
