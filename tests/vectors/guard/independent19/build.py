"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
'#' lines and blank lines are skipped. heldout.json is NEVER used for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
SEED = "corpus19-wren-oystercatcher-7731"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<!\d)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)")


def nhs_ok(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if len(digits) != 10:
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
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer whitespace {ident!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: broken markup")
    return {"text": s, "spans": sorted(spans, key=lambda sp: sp["start"])}


def check(rec: dict, raw: str, where: str) -> None:
    text = rec["text"]
    idents = [m.group(2) for m in MARK.finditer(raw)]
    for sp, ident in zip(rec["spans"], idents):
        if text[sp["start"]:sp["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if sp["kind"] == "nhs_number" and not nhs_ok(ident):
            sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    covered = [(sp["start"], sp["end"]) for sp in rec["spans"]]
    for m in TEN_DIGITS.finditer(text):
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_ok(m.group(1)):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def half(text: str) -> str:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main() -> None:
    seen: set[str] = set()
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    dups = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{no}"
            rec = parse(line, where)
            check(rec, line, where)
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            halves[half(rec["text"])].append(rec)
    for name, recs in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = {n: Counter(sp["kind"] for r in recs for sp in r["spans"]) for n, recs in halves.items()}
    for n, recs in halves.items():
        counts[n]["(clean lines)"] = sum(1 for r in recs if not r["spans"])
        counts[n]["(all lines)"] = len(recs)
    print(f"dropped duplicates: {dups}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in (*KINDS, "(clean lines)", "(all lines)"):
        t, h = counts["tune"][k], counts["heldout"][k]
        print(f"{k:<16}{t:>8}{h:>9}{t + h:>8}")


if __name__ == "__main__":
    main()
