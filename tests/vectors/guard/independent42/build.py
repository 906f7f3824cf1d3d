#!/usr/bin/env python3
"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
'#' lines and blank lines are skipped. heldout.json is never used for tuning.

Split: each line's text is hashed with a private seed to u in [0, 1); u < 0.5 goes to tune.
That is stable (a line keeps its half when lines are added). To keep every stratum even
(clean lines; lines by their rarest kind), the few lines whose u lies nearest 0.5 are moved
from the larger half to the smaller until the stratum differs by at most one line.
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus42-wensleydale-1987"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<![\d])(\d(?:[ -]?\d){9})(?![\d])")


def mod11_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str, where: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if "[[" in ident or "]]" in ident:
            sys.exit(f"{where}: nested markup")
        chunk = line[pos:m.start()]
        text.append(chunk)
        out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    full = "".join(text)
    if "[[" in full or "]]" in full:
        sys.exit(f"{where}: broken markup")
    return {"text": full, "spans": sorted(spans, key=lambda s: s["start"])}


def check(rec: dict, ident_of: list, where: str) -> None:
    t = rec["text"]
    for s, ident in zip(rec["spans"], ident_of):
        if t[s["start"]:s["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer whitespace: {ident!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not mod11_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident}")
    covered = set()
    for s in rec["spans"]:
        covered.update(range(s["start"], s["end"]))
    for m in TEN.finditer(t):
        if covered.intersection(range(m.start(), m.end())):
            continue
        if mod11_ok(re.sub(r"\D", "", m.group(1))):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")


def u_of(text: str) -> float:
    h = hashlib.sha256((SEED + "\x00" + text).encode()).hexdigest()
    return int(h[:15], 16) / float(16 ** 15)


def stratum(rec: dict, freq: Counter) -> str:
    kinds = {s["kind"] for s in rec["spans"]}
    if not kinds:
        return "clean"
    return min(kinds, key=lambda k: (freq[k], k))


def main() -> None:
    records, seen, dups = [], set(), 0
    for f in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{f.name}:{n}"
            if re.search(r"@(NHS|BAD)(_SP|_DASH)?@", line):
                sys.exit(f"{where}: unfilled placeholder (run fill.py)")
            rec = parse(line, where)
            check(rec, [m.group(2) for m in MARK.finditer(line)], where)
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            records.append(rec)
    freq = Counter(s["kind"] for r in records for s in r["spans"])
    groups = defaultdict(list)
    for r in records:
        groups[stratum(r, freq)].append(r)
    tune, held = [], []
    for _, recs in sorted(groups.items()):
        a = [r for r in recs if u_of(r["text"]) < 0.5]
        b = [r for r in recs if u_of(r["text"]) >= 0.5]
        while abs(len(a) - len(b)) > 1:
            big, small = (a, b) if len(a) > len(b) else (b, a)
            mover = min(big, key=lambda r: abs(u_of(r["text"]) - 0.5))
            big.remove(mover)
            small.append(mover)
        tune += a
        held += b
    tune.sort(key=lambda r: u_of(r["text"]))
    held.sort(key=lambda r: u_of(r["text"]))
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def counts(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        c["lines"] = len(data)
        return c
    ct, ch = counts(tune), counts(held)
    print(f"duplicates dropped: {dups}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS + ["clean lines", "dirty lines", "lines"]:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")


if __name__ == "__main__":
    main()
