"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
Lines starting with '#' and blank lines are skipped.

Split: each line's text is hashed (sha256, with this corpus's own seed) to a
number h in [0, 1).  Lines are grouped in strata (the rarest kind the line holds,
or 'clean'); within a stratum a line goes to tune when h is below the stratum's
cut, else to heldout.  The cut is the median, moved by at most three lines when that
evens out the per-kind totals of the two halves.  A line's place therefore depends
on its own hash and where the cut falls: adding lines moves the cut a little, so
only the few lines nearest it can change side, and the halves stay balanced.
heldout.json is never used for tuning a detector.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus13:kittiwake-1958"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<!\d)(\d[\d \-]{8,14}\d)(?!\d)")


def nhs_ok(digits: str) -> bool:
    """Modulus 11: weights 10..2, check = 11 - sum mod 11, 11 -> 0, 10 invalid."""
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
    joined = "".join(text)
    if "[[" in joined or "]]" in joined:
        sys.exit(f"{where}: broken markup")
    return {"text": joined, "spans": sorted(spans, key=lambda s: s["start"])}


def check(item: dict, raw_idents: list[tuple[str, str]], where: str) -> None:
    text = item["text"]
    for span, (kind, ident) in zip(item["spans"], raw_idents):
        if text[span["start"]:span["end"]] != ident or span["kind"] != kind:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if kind == "nhs_number" and not nhs_ok(re.sub(r"\D", "", ident)):
            sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    covered = [(s["start"], s["end"]) for s in item["spans"]]
    for m in TEN_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) == 10 and nhs_ok(digits):
            if not any(a <= m.start(1) and m.end(1) <= b for a, b in covered):
                sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def h(text: str) -> float:
    digest = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def main() -> None:
    items: list[dict] = []
    seen: set[str] = set()
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{no}"
            if "@NHS" in line or "@BAD" in line:
                sys.exit(f"{where}: unfilled placeholder, run fill.py")
            item = parse(line, where)
            check(item, MARK.findall(line), where)
            if item["text"] in seen:
                dropped += 1
                continue
            seen.add(item["text"])
            items.append(item)

    total = Counter(s["kind"] for it in items for s in it["spans"])

    def stratum(it: dict) -> str:
        kinds = {s["kind"] for s in it["spans"]}
        return min(kinds, key=lambda k: (total[k], k)) if kinds else "clean"

    strata: dict[str, list[dict]] = {}
    for it in items:
        strata.setdefault(stratum(it), []).append(it)
    tune, heldout = [], []
    diff: Counter = Counter()  # spans (and lines) in tune minus spans in heldout, so far

    def cost(d: Counter) -> int:
        return sum(abs(v) for v in d.values())

    def tally(lines: list[dict], sign: int, into: Counter) -> None:
        for it in lines:
            into["lines"] += sign
            for sp in it["spans"]:
                into[sp["kind"]] += sign

    # Rarest strata first; each cut sits at the median of its stratum, moved by at most
    # three lines where that evens out the kinds' running totals (only lines nearest the
    # median can ever change side).
    for key in sorted(strata, key=lambda k: (k == "clean", total.get(k, 0), k)):
        ranked = sorted(strata[key], key=lambda it: h(it["text"]))
        mid = len(ranked) // 2
        best = None
        for cut in range(max(0, mid - 3), min(len(ranked), mid + 3) + 1):
            trial = Counter(diff)
            tally(ranked[:cut], 1, trial)
            tally(ranked[cut:], -1, trial)
            score = (cost(trial), abs(cut - mid))
            if best is None or score < best[0]:
                best = (score, cut, trial)
        assert best is not None
        _, cut, diff = best
        tune.extend(ranked[:cut])
        heldout.extend(ranked[cut:])
    order = {it["text"]: i for i, it in enumerate(items)}
    tune.sort(key=lambda it: order[it["text"]])
    heldout.sort(key=lambda it: order[it["text"]])

    for name, half in (("tune.json", tune), ("heldout.json", heldout)):
        (HERE / name).write_text(json.dumps(half, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def row(label: str, half: list[dict]) -> list[int]:
        c = Counter(s["kind"] for it in half for s in it["spans"])
        clean = sum(1 for it in half if not it["spans"])
        return [len(half), clean, len(half) - clean] + [c[k] for k in KINDS]

    head = ["half", "lines", "clean", "dirty"] + list(KINDS)
    print(" | ".join(head))
    for label, half in (("tune", tune), ("heldout", heldout), ("all", items)):
        print(" | ".join([label] + [str(n) for n in row(label, half)]))
    print(f"exact duplicates dropped: {dropped}")


if __name__ == "__main__":
    main()
