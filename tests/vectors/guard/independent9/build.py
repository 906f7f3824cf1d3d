"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence a line, identifiers as [[kind:text]]. Lines starting with
'#' and blank lines are skipped. heldout.json must never be used for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus9-4535"  # chosen once by choose_seed.py; never change it
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<![\dA-Za-z])\d(?:[ \-]?\d){9}(?![\dA-Za-z])")


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str, where: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
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
        sys.exit(f"{where}: stray markup")
    return {"text": plain, "spans": sorted(spans, key=lambda s: s["start"])}


def check(item: dict, raw_idents: list[tuple[str, str]], where: str) -> None:
    for span, (kind, ident) in zip(item["spans"], raw_idents):
        got = item["text"][span["start"]:span["end"]]
        if got != ident or span["kind"] != kind:
            sys.exit(f"{where}: span does not round-trip: {got!r} != {ident!r}")
        if got != got.strip():
            sys.exit(f"{where}: span has outer whitespace: {got!r}")
        if kind == "nhs_number":
            digits = re.sub(r"\D", "", got)
            if not nhs_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {got!r}")
    covered = [(s["start"], s["end"]) for s in item["spans"]]
    for m in TEN.finditer(item["text"]):
        if any(a <= m.start() and m.end() <= b for a, b in covered):
            continue
        if nhs_ok(re.sub(r"\D", "", m.group())):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group()!r}")


def bucket(text: str) -> int:
    return hashlib.sha256((SEED + "\x00" + text).encode()).digest()[0] & 1


def main() -> None:
    items, seen, dups = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{no}"
            item = parse(line, where)
            check(item, MARK.findall(line), where)
            if item["text"] in seen:
                dups += 1
                continue
            seen.add(item["text"])
            items.append(item)
    halves: dict[str, list] = {"tune": [], "heldout": []}
    for item in items:
        halves["tune" if bucket(item["text"]) == 0 else "heldout"].append(item)
    for name, rows in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts: dict[str, Counter[str]] = {n: Counter() for n in halves}
    for n, rows in halves.items():
        for r in rows:
            counts[n]["lines"] += 1
            counts[n]["clean lines"] += not r["spans"]
            counts[n]["dirty lines"] += bool(r["spans"])
            for s in r["spans"]:
                counts[n][s["kind"]] += 1
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in ("lines", "clean lines", "dirty lines") + KINDS:
        t, h = counts["tune"][k], counts["heldout"][k]
        print(f"{k:16}{t:>8}{h:>9}{t + h:>8}")
    print(f"duplicates dropped: {dups}")


if __name__ == "__main__":
    main()
