"""Build tune.json and heldout.json for guard corpus independent173.

Standard library only. Run: python3 build.py
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SEED = "independent173-seed-7316"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
DIGIT_CHAIN = re.compile(r"\d+(?:[ -]\d+)*")


def fail(where, msg):
    sys.exit(f"ERROR {where}: {msg}")


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line, where):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        kind, text = m.group(1), m.group(2)
        if kind not in KINDS:
            fail(where, f"unknown kind {kind!r}")
        if text != text.strip() or not text:
            fail(where, f"span has surrounding whitespace: {text!r}")
        if kind == "name":
            first = re.split(r"[ .]", text, maxsplit=1)[0]
            if first in TITLES and (len(text) > len(first)):
                fail(where, f"title inside name span: {text!r}")
            if text.endswith("'s") or text.endswith("\u2019s"):
                fail(where, f"possessive inside name span: {text!r}")
        if kind == "nhs_number":
            digits = re.sub(r"[ -]", "", text)
            if not nhs_ok(digits):
                fail(where, f"marked NHS number fails modulus 11: {text!r}")
        spans.append({"kind": kind, "start": length, "end": length + len(text)})
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(line[pos:])
    plain = "".join(out)
    if "[[" in plain or "]]" in plain:
        fail(where, "unbalanced mark")
    for s, m in zip(spans, MARK.finditer(line)):
        if plain[s["start"]:s["end"]] != m.group(2):
            fail(where, "span does not round-trip")
    # unmarked 10-digit numbers that pass modulus 11
    masked = list(plain)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for chain in DIGIT_CHAIN.finditer(masked):
        groups = re.split(r"[ -]", chain.group(0))
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j]
                if len(digits) == 10 and nhs_ok(digits):
                    fail(where, f"unmarked 10-digit number passes modulus 11: {chain.group(0)!r}")
                if len(digits) >= 10:
                    break
    spans.sort(key=lambda s: s["start"])
    return plain, spans


def main():
    files = sorted(SOURCE.glob("*.txt"))
    if not files:
        fail("source", "no files")
    records, seen, dups = [], set(), 0
    for f in files:
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            plain, spans = parse(line, f"{f.name}:{n}")
            if plain in seen:
                dups += 1
                continue
            seen.add(plain)
            records.append({"text": plain, "spans": spans})

    corpus_counts = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            corpus_counts[s["kind"]] += 1

    strata = {}
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (corpus_counts[k], k))
        else:
            stratum = "clean"
        strata.setdefault(stratum, []).append(r)

    tune, heldout = [], []
    for stratum in sorted(strata):
        items = sorted(
            strata[stratum],
            key=lambda r: hashlib.sha256((SEED + r["text"]).encode("utf-8")).hexdigest(),
        )
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)

    for name, data in (("tune.json", tune), ("heldout.json", heldout)):
        (HERE / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    def count(data):
        c = {k: 0 for k in KINDS}
        for r in data:
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c

    ct, ch = count(tune), count(heldout)
    print(f"| {'kind':<15} | {'tune':>6} | {'heldout':>7} | {'total':>6} |")
    print(f"|{'-' * 17}|{'-' * 8}|{'-' * 9}|{'-' * 8}|")
    for k in KINDS:
        print(f"| {k:<15} | {ct[k]:>6} | {ch[k]:>7} | {ct[k] + ch[k]:>6} |")
    st, sh = sum(ct.values()), sum(ch.values())
    print(f"| {'all spans':<15} | {st:>6} | {sh:>7} | {st + sh:>6} |")
    for label, pred in (("dirty lines", lambda r: r["spans"]), ("clean lines", lambda r: not r["spans"])):
        a = sum(1 for r in tune if pred(r))
        b = sum(1 for r in heldout if pred(r))
        print(f"| {label:<15} | {a:>6} | {b:>7} | {a + b:>6} |")
    print(f"| {'total lines':<15} | {len(tune):>6} | {len(heldout):>7} | {len(tune) + len(heldout):>6} |")
    print(f"duplicates dropped: {dups}")


if __name__ == "__main__":
    main()
