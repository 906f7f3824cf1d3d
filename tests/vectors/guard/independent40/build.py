#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers as [[kind:text]]. '#' lines and blank lines are skipped.
Split (seeded, stable, balanced): every line has a key, a seeded SHA-256 of its text. split.lock.json
records the half each key went to, so a line never moves once placed, whatever is added later. New
lines are placed in key order, each into the half that leaves the per-kind span counts (and the clean
line count) most even; ties go by a bit of the key. Deleting split.lock.json re-derives the whole split
from the keys alone (same result for the same lines). heldout.json is never used for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus40-heron-at-dusk"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<!\d)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)")


def nhs_valid(raw: str) -> bool:
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
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip() or not ident:
            sys.exit(f"{where}: span has outer spaces: {ident!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    joined = "".join(text)
    if "[[" in joined or "]]" in joined:
        sys.exit(f"{where}: unbalanced markup")
    spans.sort(key=lambda s: s["start"])
    return {"text": joined, "spans": spans}


def check(rec: dict, marked: list[str], where: str) -> None:
    text = rec["text"]
    for span, ident in zip(rec["spans"], marked):
        if text[span["start"]:span["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if span["kind"] == "nhs_number" and not nhs_valid(ident):
            sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    covered = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in TEN_DIGITS.finditer(text):
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_valid(m.group(1)):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def key(text: str) -> str:
    return hashlib.sha256(f"{SEED}|{text}".encode()).hexdigest()[:20]


def tally(rec: dict) -> Counter[str]:
    c: Counter[str] = Counter(s["kind"] for s in rec["spans"])
    if not rec["spans"]:
        c["clean"] += 1
    return c


def split(recs: list[dict]) -> dict[str, list[dict]]:
    lock_path = HERE / "split.lock.json"
    lock = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    keyed = sorted(((key(r["text"]), r) for r in recs), key=lambda kr: kr[0])
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    counts = {"tune": Counter(), "heldout": Counter()}
    fresh = []
    for k, r in keyed:
        if k in lock:
            halves[lock[k]].append(r)
            counts[lock[k]].update(tally(r))
        else:
            fresh.append((k, r))
    for k, r in fresh:
        t = tally(r)

        def spread(side: str) -> int:
            a = counts["tune"] + (t if side == "tune" else Counter())
            b = counts["heldout"] + (t if side == "heldout" else Counter())
            return sum(abs(a[x] - b[x]) for x in set(a) | set(b))

        st, sh = spread("tune"), spread("heldout")
        side = "tune" if st < sh else "heldout" if sh < st else (
            "tune" if int(k[-1], 16) % 2 == 0 else "heldout")
        halves[side].append(r)
        counts[side].update(t)
        lock[k] = side
    live = {key(r["text"]) for r in recs}
    lock = {k: v for k, v in sorted(lock.items()) if k in live}
    lock_path.write_text(json.dumps(lock, indent=0, sort_keys=True) + "\n")
    return halves


def main() -> None:
    seen: set[str] = set()
    recs: list[dict] = []
    dups = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            rec = parse(line, where)
            check(rec, [m.group(2) for m in MARK.finditer(line)], where)
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            recs.append(rec)
    halves = split(recs)
    for name, recs in halves.items():
        recs.sort(key=lambda r: r["text"])
        (HERE / f"{name}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = {}
    for name, recs in halves.items():
        c: Counter[str] = Counter()
        for r in recs:
            c["lines"] += 1
            if not r["spans"]:
                c["clean lines"] += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        rows[name] = c
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for key in ("lines", "clean lines", *KINDS):
        t, h = rows["tune"][key], rows["heldout"][key]
        print(f"{key:16}{t:>8}{h:>9}{t + h:>8}")
    print(f"exact duplicates dropped: {dups}")


if __name__ == "__main__":
    main()
