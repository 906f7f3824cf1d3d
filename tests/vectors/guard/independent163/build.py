#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written lines in source/*.txt.

Markup: [[kind:text]] around each identifier. Lines starting with "# " are comments.
Standard library only.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "independent163-seed-4817"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([^:\]]+):(.+?)\]\]")
TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sister|nurse|rev|revd|sir|dame|lady|lord|father|auntie|uncle)\b\.?(\s|$)",
    re.IGNORECASE,
)
# a run of digit groups joined by single spaces or dashes
DIGIT_RUN = re.compile(r"(?<![\w])\d+(?:[ -]\d+)*(?![\w])")
WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line, where):
    spans = []
    out = []
    pos = 0
    for m in MARK.finditer(line):
        out.append(line[pos:m.start()])
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        start = sum(len(p) for p in out)
        out.append(inner)
        spans.append({"kind": kind, "start": start, "end": start + len(inner), "_text": inner})
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: unbalanced markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s["_text"]:
            raise BuildError(f"{where}: span does not round-trip: {s['_text']!r}")
        if s["_text"] != s["_text"].strip() or not s["_text"]:
            raise BuildError(f"{where}: span has outer whitespace: {s['_text']!r}")
        if s["kind"] == "name":
            if TITLE.match(s["_text"]):
                raise BuildError(f"{where}: title inside name span: {s['_text']!r}")
            if s["_text"].endswith(("'s", "\u2019s")):
                raise BuildError(f"{where}: possessive inside name span: {s['_text']!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", s["_text"])
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {s['_text']!r}")
    # rebuild the marked line from text + spans: must reproduce the source exactly
    rebuilt, pos = [], 0
    for s in spans:
        rebuilt.append(text[pos:s["start"]])
        rebuilt.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
        pos = s["end"]
    rebuilt.append(text[pos:])
    if "".join(rebuilt) != line:
        raise BuildError(f"{where}: markup does not round-trip")
    # unmarked ten-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
                if len(acc) >= 10:
                    break
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    clean_spans = [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]
    clean_spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, clean_spans


def main():
    files = sorted((HERE / "source").glob("*.txt"))
    if not files:
        raise BuildError("no source files")
    records, seen, dupes = [], set(), 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip()
            if not line.strip() or line.startswith("# "):
                continue
            text, spans = parse(line, f"{f.name}:{n}")
            if text in seen:
                dupes += 1
                continue
            seen.add(text)
            records.append({"text": text, "spans": spans})

    totals = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            totals[s["kind"]] += 1
    rarity = {k: (totals[k], k) for k in KINDS}

    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        key = min(kinds, key=lambda k: rarity[k]) if kinds else "clean"
        strata.setdefault(key, []).append(r)

    def h(r):
        return hashlib.sha256(f"{SEED}\n{r['text']}".encode("utf-8")).hexdigest()

    tune, heldout = [], []
    turn = 0
    for key in sorted(strata):
        for r in sorted(strata[key], key=h):
            (tune if turn == 0 else heldout).append(r)
            turn ^= 1

    for name, half in (("tune.json", tune), ("heldout.json", heldout)):
        with open(HERE / name, "w", encoding="utf-8") as fh:
            json.dump(half, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def count(half):
        c = {k: 0 for k in KINDS}
        for r in half:
            for s in r["spans"]:
                c[s["kind"]] += 1
        dirty = sum(1 for r in half if r["spans"])
        return c, dirty, len(half) - dirty, len(half)

    ct, cd = count(tune), count(heldout)
    print(f"source files: {len(files)}; lines kept: {len(records)}; duplicates dropped: {dupes}")
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[0][k]} | {cd[0][k]} | {ct[0][k] + cd[0][k]} |")
    for label, i in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"| {label} | {ct[i]} | {cd[i]} | {ct[i] + cd[i]} |")
    all_ids = sum(totals.values())
    dirty = ct[1] + cd[1]
    print(f"clean share: {(ct[2] + cd[2]) / len(records):.1%}; names share of identifiers: "
          f"{totals['name'] / all_ids:.1%}" if all_ids else "no identifiers")
    print("strata:", {k: len(v) for k, v in sorted(strata.items())})


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        sys.exit(f"build.py: error: {e}")
