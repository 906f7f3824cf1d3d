"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers written inline as [[kind:identifier]].
Lines that are blank or start with '#' are skipped.

Split: every line gets a seeded hash score.  A line already present in tune.json or
heldout.json keeps its half (so adding lines never moves an old one).  New lines are taken
in hash order; each goes to the half its hash picks unless that would push one of its
strata (each span kind it holds, or 'clean') more than one line out of balance, in which
case it goes to the other half.  heldout.json is never used for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = "lantern-kestrel-45"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<![\d])(?:\d[ \-]?){9}\d(?![\d])")


def nhs_ok(digits: str) -> bool:
    d = [int(c) for c in digits if c.isdigit()]
    if len(d) != 10:
        return False
    check = 11 - sum(w * x for w, x in zip(range(10, 1, -1), d[:9])) % 11
    if check == 11:
        check = 0
    return check != 10 and check == d[9]


def parse(line: str, where: str) -> dict[str, Any]:
    text: list[str] = []
    spans: list[dict[str, Any]] = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        chunk = line[pos:m.start()]
        if "[[" in chunk or "]]" in chunk:
            sys.exit(f"{where}: broken markup")
        text.append(chunk)
        out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    tail = line[pos:]
    if "[[" in tail or "]]" in tail:
        sys.exit(f"{where}: broken markup")
    text.append(tail)
    out = "".join(text)
    idents = [m.group(2) for m in MARK.finditer(line)]
    for s, ident in zip(spans, idents):
        if out[s["start"]:s["end"]] != ident or ident != ident.strip():
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if s["kind"] == "nhs_number" and not nhs_ok(ident):
            sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    for m in TEN.finditer(out):
        inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
        if not inside and nhs_ok(m.group(0)):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
    spans.sort(key=lambda s: s["start"])
    return {"text": out, "spans": spans}


def score(text: str) -> int:
    return int.from_bytes(hashlib.sha256((SEED + "\0" + text).encode()).digest()[:8], "big")


def strata(rec: dict[str, Any]) -> set[str]:
    kinds = {s["kind"] for s in rec["spans"]}
    return kinds or {"clean"}


def main() -> None:
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line, f"{path.name}:{n}")
            if rec["text"] in seen:
                continue  # exact duplicate
            seen.add(rec["text"])
            records.append(rec)

    old: dict[str, str] = {}
    for half in ("tune", "heldout"):
        f = HERE / f"{half}.json"
        if f.exists():
            for r in json.loads(f.read_text(encoding="utf-8")):
                old[r["text"]] = half

    halves: dict[str, list[dict[str, Any]]] = {"tune": [], "heldout": []}
    count: dict[str, Counter[str]] = {"tune": Counter(), "heldout": Counter()}

    def put(rec: dict[str, Any], half: str) -> None:
        halves[half].append(rec)
        for k in strata(rec):
            count[half][k] += 1

    fresh: list[dict[str, Any]] = []
    for rec in records:
        if rec["text"] in old:
            put(rec, old[rec["text"]])
        else:
            fresh.append(rec)
    for rec in sorted(fresh, key=lambda r: score(r["text"])):
        want = "tune" if score(rec["text"]) % 2 == 0 else "heldout"
        other = "heldout" if want == "tune" else "tune"
        if any(count[want][k] - count[other][k] >= 1 for k in strata(rec)):
            want = other
        put(rec, want)

    order = {r["text"]: i for i, r in enumerate(records)}
    for half, recs in halves.items():
        recs.sort(key=lambda r: order[r["text"]])
        (HERE / f"{half}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print(f"{'kind':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        t = sum(1 for r in halves["tune"] for s in r["spans"] if s["kind"] == k)
        h = sum(1 for r in halves["heldout"] for s in r["spans"] if s["kind"] == k)
        print(f"{k:16}{t:>8}{h:>9}{t + h:>8}")
    for label, pred in (("clean lines", lambda r: not r["spans"]), ("dirty lines", lambda r: r["spans"]),
                        ("all lines", lambda r: True)):
        t = sum(1 for r in halves["tune"] if pred(r))
        h = sum(1 for r in halves["heldout"] if pred(r))
        print(f"{label:16}{t:>8}{h:>9}{t + h:>8}")


if __name__ == "__main__":
    main()
