"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers as [[kind:text]]; '#' lines and blanks skipped.
Split: a seeded hash of each line's text decides its half, so a line keeps its half when lines
are added; per stratum (the line's rarest kind, or 'clean') the few lines nearest the hash
midpoint are moved across until both halves hold the same count of that kind (+-1).
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEED = "balint-corpus36-wren-7f3a"
KINDS = ["nhs_number", "date", "email", "phone", "postcode", "patient_number", "name"]
HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[([a-z_]+):([^\]]+?)\]\]")
TEN = re.compile(r"(?<![\d])(\d[\d \-]{8,14}\d)(?![\d])")


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


def parse(line: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        raise ValueError(f"broken markup: {line}")
    return {"text": s, "spans": sorted(spans, key=lambda sp: sp["start"])}


def check(item: dict, where: str) -> None:
    s = item["text"]
    covered = [False] * len(s)
    for sp in item["spans"]:
        ident = s[sp["start"]:sp["end"]]
        if ident != ident.strip() or not ident:
            raise ValueError(f"{where}: span has edge spaces: {ident!r}")
        if sp["kind"] == "name" and (
            re.match(r"(?i)(mr|mrs|ms|miss|dr|prof|mx|sister|nurse)\b", ident) or ident.endswith(("'s", "’s"))
        ):
            raise ValueError(f"{where}: title or possessive inside a name span: {ident!r}")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", ident)
            if not mod11_ok(d):
                raise ValueError(f"{where}: NHS number fails mod 11: {ident}")
        for i in range(sp["start"], sp["end"]):
            covered[i] = True
    for m in TEN.finditer(s):
        if any(covered[m.start():m.end()]):
            continue
        d = re.sub(r"\D", "", m.group(1))
        if len(d) == 10 and mod11_ok(d):
            raise ValueError(f"{where}: unmarked 10-digit number passes mod 11: {m.group(1)}")


def stratum(item: dict) -> str:
    kinds = {sp["kind"] for sp in item["spans"]}
    for k in KINDS:
        if k in kinds:
            return k
    return "clean"


def hval(text: str) -> float:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def weight(item: dict, kind: str) -> int:
    """What a line counts for in its stratum: its spans of that kind, or 1 for a clean line."""
    if kind == "clean":
        return 0 if item["spans"] else 1
    return sum(1 for sp in item["spans"] if sp["kind"] == kind)


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for it in items:
        groups[stratum(it)].append(it)
    tune: list[dict] = []
    held: list[dict] = []
    # Rarest kinds first; each later stratum also evens out the spans of its kind that earlier
    # strata already placed (a name in an NHS-number line, say).
    for kind in KINDS + ["clean"]:
        members = groups.get(kind, [])
        base = sum(weight(it, kind) for it in tune) - sum(weight(it, kind) for it in held)
        t = [it for it in members if hval(it["text"]) < 0.5]
        h = [it for it in members if hval(it["text"]) >= 0.5]
        # Move the lines nearest the hash midpoint across while that brings the two halves'
        # counts of this stratum's kind closer; lines far from the midpoint never move.
        while True:
            diff = base + sum(weight(it, kind) for it in t) - sum(weight(it, kind) for it in h)
            if abs(diff) <= 1:
                break
            big, small = (t, h) if diff > 0 else (h, t)
            cands = [it for it in big if weight(it, kind) < abs(diff)]
            if not cands:
                break
            pick = min(cands, key=lambda it: abs(hval(it["text"]) - 0.5))
            big.remove(pick)
            small.append(pick)
        tune += t
        held += h
    order = {id(it): n for n, it in enumerate(items)}
    tune.sort(key=lambda it: order[id(it)])
    held.sort(key=lambda it: order[id(it)])
    return tune, held


def main() -> int:
    items, seen = [], set()
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse(line)
            check(item, where)
            marked = [m.group(2) for m in MARK.finditer(line)]
            got = [item["text"][sp["start"]:sp["end"]] for sp in item["spans"]]
            if marked != got:
                raise ValueError(f"{where}: span text does not round-trip: {marked} != {got}")
            if item["text"] in seen:
                continue
            seen.add(item["text"])
            items.append(item)
    # round trip: rebuild the markup from text+spans and compare with parse of itself
    for it in items:
        s, out, pos = it["text"], [], 0
        for sp in it["spans"]:
            out.append(s[pos:sp["start"]] + f"[[{sp['kind']}:{s[sp['start']:sp['end']]}]]")
            pos = sp["end"]
        out.append(s[pos:])
        if parse("".join(out)) != it:
            raise ValueError(f"round trip failed: {s}")
    tune, held = split(items)
    for name, part in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(part, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = KINDS + ["clean lines", "dirty lines", "all lines"]
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>7}")
    for r in rows:
        c = []
        for part in (tune, held):
            if r in KINDS:
                c.append(sum(1 for it in part for sp in it["spans"] if sp["kind"] == r))
            elif r == "clean lines":
                c.append(sum(1 for it in part if not it["spans"]))
            elif r == "dirty lines":
                c.append(sum(1 for it in part if it["spans"]))
            else:
                c.append(len(part))
        print(f"{r:<16}{c[0]:>7}{c[1]:>9}{c[0] + c[1]:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
