"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
Lines starting with '#' and blank lines are skipped.
Split: stable, seeded 50/50 by a hash of each line's text, so a line never
moves half when lines are added.  heldout.json is never used for tuning.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "balint-corpus11-kestrel-13441"  # picked once (most even of 20000 tried), then fixed
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<![\d])(\d[\d -]{8,14}\d)(?![\d])")


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


def parse(line: str):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
        chunk = line[pos:m.start()]
        text.append(chunk)
        out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        raise ValueError(f"broken markup: {line}")
    return plain, spans


def half(text: str) -> str:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def check(rec, src):
    text, spans = rec["text"], rec["spans"]
    for s in spans:
        ident = text[s["start"]:s["end"]]
        if not ident or ident != ident.strip():
            raise ValueError(f"span with edge spaces in {src}: {ident!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not nhs_ok(digits):
                raise ValueError(f"nhs_number fails modulus 11 in {src}: {ident}")
    covered = [(s["start"], s["end"]) for s in spans]
    for m in TEN.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) != 10:
            continue
        inside = any(a <= m.start(1) and m.end(1) <= b for a, b in covered)
        if nhs_ok(digits) and not inside:
            raise ValueError(f"unmarked 10-digit number passes modulus 11 in {src}: {m.group(1)}")


def main() -> int:
    records, seen, dups = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            src = f"{path.name}:{n}"
            text, spans = parse(line)
            # round-trip: re-inserting the markup gives the source line back
            rebuilt, last = [], 0
            for s in spans:
                rebuilt.append(text[last:s["start"]])
                rebuilt.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
                last = s["end"]
            rebuilt.append(text[last:])
            if "".join(rebuilt) != line:
                raise ValueError(f"round-trip failed at {src}")
            rec = {"text": text, "spans": sorted(spans, key=lambda s: s["start"])}
            check(rec, src)
            if text in seen:
                dups += 1
                continue
            seen.add(text)
            records.append(rec)
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    for rec in records:
        halves[half(rec["text"])].append(rec)
    for name, recs in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    rows = KINDS + ["clean lines", "dirty lines", "all lines"]
    for k in rows:
        c = {}
        for name, recs in halves.items():
            if k == "clean lines":
                c[name] = sum(1 for r in recs if not r["spans"])
            elif k == "dirty lines":
                c[name] = sum(1 for r in recs if r["spans"])
            elif k == "all lines":
                c[name] = len(recs)
            else:
                c[name] = sum(1 for r in recs for s in r["spans"] if s["kind"] == k)
        print(f"{k:<16}{c['tune']:>8}{c['heldout']:>9}{c['tune'] + c['heldout']:>8}")
    print(f"exact duplicates dropped: {dups}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
