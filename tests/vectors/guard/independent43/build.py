"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

Split: stable and balanced. A line already in tune.json (or heldout.json) stays
in that half when lines are added, because the previous output is read back as
the record of assignments. New lines are taken in the order of a seeded hash of
their text and each goes to the half that keeps the per-kind span counts and the
clean-line count most even (ties broken by the hash), so a fresh build from
nothing is deterministic too. heldout.json is never used for tuning.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "balint-corpus43-wrensfield"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<![\d])(\d[\d \-]{8,14}\d)(?![\d])")


def nhs_valid(digits: str) -> bool:
    """Modulus 11 with weights 10..2; 11 -> 0, 10 is invalid."""
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
    text_parts: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SystemExit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            raise SystemExit(f"{where}: span has outer spaces: {ident!r}")
        before = line[pos:m.start()]
        text_parts.append(before)
        length += len(before)
        spans.append({"kind": kind, "start": length, "end": length + len(ident), "_t": ident})
        text_parts.append(ident)
        length += len(ident)
        pos = m.end()
    text_parts.append(line[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise SystemExit(f"{where}: broken markup")
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_t"):
            raise SystemExit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", text[s["start"]:s["end"]])
            if not nhs_valid(digits):
                raise SystemExit(f"{where}: NHS number fails modulus 11: {digits}")
    spans.sort(key=lambda s: s["start"])
    # No unmarked 10-digit number may pass modulus 11.
    for m in TEN_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) != 10 or not nhs_valid(digits):
            continue
        inside = any(s["start"] <= m.start(1) and m.end(1) <= s["end"] and s["kind"] == "nhs_number"
                     for s in spans)
        if not inside:
            raise SystemExit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")
    return {"text": text, "spans": spans}


def key(text: str) -> str:
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def vector(item: dict) -> list[int]:
    v = [0] * (len(KINDS) + 1)
    if not item["spans"]:
        v[-1] = 1
    for s in item["spans"]:
        v[KINDS.index(s["kind"])] += 1
    return v


def load_previous(name: str) -> set[str]:
    path = HERE / name
    if not path.exists():
        return set()
    return {item["text"] for item in json.loads(path.read_text(encoding="utf-8"))}


def main() -> int:
    items: list[dict] = []
    seen: set[str] = set()
    dups = 0
    for src in sorted((HERE / "source").glob("*.txt")):
        for no, raw in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            item = parse(line, f"{src.name}:{no}")
            if item["text"] in seen:
                dups += 1
                continue
            seen.add(item["text"])
            items.append(item)

    prev_tune, prev_held = load_previous("tune.json"), load_previous("heldout.json")
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    totals = {"tune": [0] * (len(KINDS) + 1), "heldout": [0] * (len(KINDS) + 1)}
    fresh = []
    for item in items:
        side = "tune" if item["text"] in prev_tune else "heldout" if item["text"] in prev_held else None
        if side is None:
            fresh.append(item)
            continue
        halves[side].append(item)
        totals[side] = [a + b for a, b in zip(totals[side], vector(item))]
    fresh.sort(key=lambda it: key(it["text"]))
    for item in fresh:
        v = vector(item)
        cost = {}
        for side in ("tune", "heldout"):
            other = "heldout" if side == "tune" else "tune"
            after = [a + b for a, b in zip(totals[side], v)]
            cost[side] = sum(abs(a - b) for a, b in zip(after, totals[other]))
        if cost["tune"] != cost["heldout"]:
            side = min(cost, key=cost.__getitem__)
        else:
            side = "tune" if int(key(item["text"])[:8], 16) % 2 == 0 else "heldout"
        halves[side].append(item)
        totals[side] = [a + b for a, b in zip(totals[side], v)]

    order = {id(it): i for i, it in enumerate(items)}
    for side, name in (("tune", "tune.json"), ("heldout", "heldout.json")):
        rows = sorted(halves[side], key=lambda it: order[id(it)])
        (HERE / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print(f"lines: {len(items)} (dropped {dups} exact duplicates)")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for i, kind in enumerate(list(KINDS) + ["clean lines"]):
        t, h = totals["tune"][i], totals["heldout"][i]
        print(f"{kind:<16}{t:>8}{h:>9}{t + h:>8}")
    print(f"{'lines':<16}{len(halves['tune']):>8}{len(halves['heldout']):>9}{len(items):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
