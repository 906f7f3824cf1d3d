#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line; identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

Split: a seeded hash of each line's plain text decides its half, so a line
never moves when other lines are added.  The seed was chosen once so that the
clean lines and every kind's spans fall close to 50/50; the table printed at the
end shows how close.  (Chosen once, when the corpus had 1,147 lines, as the seed of the
form "balint-r12-corpus29-N" whose split put every kind and the clean lines within 2 of half;
never changed afterwards, so tune.json stays tune.json.)  heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "balint-r12-corpus29-1134"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
HERE = os.path.dirname(os.path.abspath(__file__))


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str, where: str):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            sys.exit(f"{where}: stray markup: {line!r}")
        text.append(before)
        out_len += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer spaces: {ident!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        sys.exit(f"{where}: stray markup: {line!r}")
    text.append(rest)
    return "".join(text), spans


def half_of(text: str) -> str:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


TEN = re.compile(r"(?<![\d])(\d[\d \-]{8,14}\d)(?![\d])")


def check(rec, where):
    text, spans = rec["text"], rec["spans"]
    ident_texts = []
    for s in spans:
        piece = text[s["start"]:s["end"]]
        ident_texts.append(piece)
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", piece)
            if not nhs_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {piece!r}")
    # mask spans, then look for unmarked 10-digit numbers that pass mod 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked_s = "".join(masked)
    for m in TEN.finditer(masked_s):
        chunk = m.group(1)
        # only runs whose groups look like one number: contiguous, or 3-3-4 / 4-3-3 / 5-5 style
        parts = re.split(r"[ \-]", chunk)
        digits = "".join(parts)
        if len(digits) == 10 and all(p.isdigit() for p in parts) and nhs_ok(digits):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {chunk!r} in {text!r}")
    # round trip: re-marking gives back the source line
    return ident_texts


def main():
    records, seen, dups = [], set(), 0
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    for path in files:
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                rebuilt = text
                for s in sorted(spans, key=lambda s: -s["start"]):
                    rebuilt = (rebuilt[:s["start"]] + f"[[{s['kind']}:" + rebuilt[s["start"]:s["end"]]
                               + "]]" + rebuilt[s["end"]:])
                if rebuilt != line:
                    sys.exit(f"{where}: span does not round-trip")
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                rec = {"text": text, "spans": sorted(spans, key=lambda s: s["start"])}
                check(rec, where)
                records.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in records:
        halves[half_of(rec["text"])].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
            f.write("\n")
    rows = [("lines", lambda r: 1), ("clean lines", lambda r: 0 if r["spans"] else 1),
            ("lines with spans", lambda r: 1 if r["spans"] else 0)]
    for k in KINDS:
        rows.append((k, lambda r, k=k: sum(1 for s in r["spans"] if s["kind"] == k)))
    print(f"{'':18}{'tune':>8}{'heldout':>9}{'total':>8}")
    for label, fn in rows:
        t = sum(fn(r) for r in halves["tune"])
        h = sum(fn(r) for r in halves["heldout"])
        print(f"{label:18}{t:>8}{h:>9}{t + h:>8}")
    print(f"exact duplicates dropped: {dups}")


if __name__ == "__main__":
    main()
