"""Build tune.json and heldout.json from source/*.txt (corpus independent14).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

Split: seeded, stable and balanced.  A line already in tune.json or heldout.json
stays in that half (so adding lines never moves an old one).  New lines are
taken in the order of a seeded hash of their text and each goes to the half that
leaves the per-kind span counts (and the clean-line count) most even; a tie is
broken by the hash.  Rebuilding from nothing gives the same split every time.

heldout.json is never to be used for tuning a detector.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

SEED = "balint-corpus14-wren-and-heron"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<![\d])(\d{3}[ -]?\d{3}[ -]?\d{4}|\d{10})(?![\d])")


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


def parse_line(line: str, where: str) -> dict:
    text = ""
    spans: list[dict] = []
    pos = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SystemExit(f"{where}: unknown kind {kind!r}")
        text += line[pos:m.start()]
        start = len(text)
        text += ident
        spans.append({"kind": kind, "start": start, "end": len(text)})
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        raise SystemExit(f"{where}: broken markup: {line!r}")
    return {"text": text, "spans": spans, "_idents": [m.group(2) for m in MARK.finditer(line)]}


def check(rec: dict, where: str) -> None:
    text = rec["text"]
    for span, ident in zip(rec["spans"], rec["_idents"]):
        if text[span["start"]:span["end"]] != ident:
            raise SystemExit(f"{where}: span does not round-trip: {ident!r}")
        if ident != ident.strip():
            raise SystemExit(f"{where}: span has outer whitespace: {ident!r}")
        if span["kind"] == "nhs_number" and not nhs_valid(ident):
            raise SystemExit(f"{where}: NHS number fails modulus 11: {ident!r}")
    covered = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in TEN_DIGITS.finditer(text):
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_valid(m.group(1)):
            raise SystemExit(f"{where}: unmarked number passes modulus 11: {m.group(1)!r}")


def seeded_hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256((SEED + "\x00" + text).encode()).digest()[:8], "big")


def vector(rec: dict) -> dict[str, int]:
    if not rec["spans"]:
        return {"clean": 1}
    counts: dict[str, int] = {}
    for s in rec["spans"]:
        counts[s["kind"]] = counts.get(s["kind"], 0) + 1
    return counts


def load_half(name: str) -> set[str]:
    path = HERE / name
    if not path.exists():
        return set()
    return {r["text"] for r in json.loads(path.read_text(encoding="utf-8"))}


def main() -> int:
    records: list[dict] = []
    seen: set[str] = set()
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            rec = parse_line(line, where)
            check(rec, where)
            if rec["text"] in seen:
                dropped += 1
                continue
            seen.add(rec["text"])
            records.append(rec)

    pinned_tune, pinned_held = load_half("tune.json"), load_half("heldout.json")
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    tally: dict[str, dict[str, int]] = {"tune": {}, "heldout": {}}

    def add(half: str, rec: dict) -> None:
        halves[half].append(rec)
        for k, v in vector(rec).items():
            tally[half][k] = tally[half].get(k, 0) + v

    fresh = []
    for rec in records:
        if rec["text"] in pinned_tune:
            add("tune", rec)
        elif rec["text"] in pinned_held:
            add("heldout", rec)
        else:
            fresh.append(rec)
    for rec in sorted(fresh, key=lambda r: seeded_hash(r["text"])):
        vec = vector(rec)

        def imbalance(half: str) -> int:
            other = "heldout" if half == "tune" else "tune"
            return sum(abs(tally[half].get(k, 0) + v - tally[other].get(k, 0)) for k, v in vec.items())

        t, h = imbalance("tune"), imbalance("heldout")
        if t == h:
            add("tune" if seeded_hash(rec["text"]) % 2 == 0 else "heldout", rec)
        else:
            add("tune" if t < h else "heldout", rec)

    for half, name in (("tune", "tune.json"), ("heldout", "heldout.json")):
        out = []
        for rec in sorted(halves[half], key=lambda r: seeded_hash(r["text"])):
            spans = sorted(rec["spans"], key=lambda s: s["start"])
            out.append({"text": rec["text"], "spans": spans})
        (HERE / name).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print(f"{'kind':<22}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in (*KINDS, "clean"):
        a, b = tally["tune"].get(k, 0), tally["heldout"].get(k, 0)
        print(f"{k + (' lines' if k == 'clean' else ' spans'):<22}{a:>8}{b:>9}{a + b:>8}")
    a, b = len(halves["tune"]), len(halves["heldout"])
    print(f"{'all lines':<22}{a:>8}{b:>9}{a + b:>8}")
    if dropped:
        print(f"dropped {dropped} exact duplicate line(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
