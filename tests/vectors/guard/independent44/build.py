"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
Lines that are blank or start with '#' are skipped.

Split: each line's text is hashed with a seed of this corpus's own (SEED);
h in [0, 1) decides the half (h < 0.5 -> tune). That alone keeps a line in
its half when lines are added. To keep each kind even between the halves,
lines are grouped by their rarest kind (or 'clean'); when a group is uneven
by more than one line, the lines whose h lies nearest 0.5 on the big side
move across. Then, to even out span counts per kind (a line may hold
several spans), pairs of lines from one group trade halves, again choosing
the lines whose h lies nearest 0.5. Only lines near the boundary ever move,
so adding lines leaves almost every line in its half; the exact assignment
is deterministic for a given set of lines.

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
SEED = "balint-c44-lapwing-7193"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits: str) -> bool:
    """True when a 10-digit string passes the NHS modulus 11 check."""
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
        before = line[pos:m.start()]
        text_parts.append(before)
        length += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": length, "end": length + len(ident)})
        text_parts.append(ident)
        length += len(ident)
        pos = m.end()
    text_parts.append(line[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: unclosed markup")
    return {"text": text, "spans": spans, "where": where}


def check(item: dict) -> None:
    text, where = item["text"], item["where"]
    covered = [False] * len(text)
    for s in item["spans"]:
        ident = text[s["start"]:s["end"]]
        if not ident or ident != ident.strip():
            sys.exit(f"{where}: span has stray spaces: {ident!r}")
        for i in range(s["start"], s["end"]):
            covered[i] = True
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", ident)
            if not mod11_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    # Unmarked 10-digit numbers, bare or grouped 3-3-4 / with spaces or dashes.
    for m in re.finditer(r"(?<![\d])(\d[\d \-]{8,14}\d)(?![\d])", text):
        if any(covered[i] for i in range(m.start(), m.end())):
            continue
        run = m.group(1)
        for piece in re.finditer(r"\d+(?:[ \-]\d+)*", run):
            digits = re.sub(r"\D", "", piece.group(0))
            if len(digits) == 10 and mod11_ok(digits):
                sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {piece.group(0)!r}")


def load() -> list[dict]:
    items: list[dict] = []
    seen: set[str] = set()
    dupes = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            item = parse(line, f"{path.name}:{n}")
            check(item)
            if item["text"] in seen:
                dupes += 1
                continue
            seen.add(item["text"])
            items.append(item)
    if dupes:
        print(f"dropped {dupes} exact duplicate line(s)")
    return items


def h(text: str) -> float:
    digest = hashlib.sha256(f"{SEED}|{text}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    totals = Counter(s["kind"] for it in items for s in it["spans"])
    rank = {k: totals.get(k, 0) for k in KINDS}

    def group(it: dict) -> str:
        kinds = {s["kind"] for s in it["spans"]}
        return min(kinds, key=lambda k: (rank[k], k)) if kinds else "clean"

    side: dict[int, bool] = {}
    groups: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        side[i] = h(it["text"]) < 0.5
        groups.setdefault(group(it), []).append(i)
    for members in groups.values():
        while True:
            tune = [i for i in members if side[i]]
            held = [i for i in members if not side[i]]
            if abs(len(tune) - len(held)) <= 1:
                break
            big, to_tune = (tune, False) if len(tune) > len(held) else (held, True)
            mover = min(big, key=lambda i: abs(h(items[i]["text"]) - 0.5))
            side[mover] = to_tune
    _swap_for_spans(items, side, groups)
    tune_items = [items[i] for i in range(len(items)) if side[i]]
    held_items = [items[i] for i in range(len(items)) if not side[i]]
    return tune_items, held_items


def _kind_counts(item: dict) -> Counter:
    return Counter(s["kind"] for s in item["spans"])


def _swap_for_spans(items: list[dict], side: dict[int, bool],
                    groups: dict[str, list[int]]) -> None:
    """Even out span counts per kind by swapping two lines of one group.

    A swap keeps each group's line counts as they are. Among the swaps that
    lower the total imbalance, the pair whose hashes lie nearest 0.5 wins,
    so lines deep inside a half stay put. Stops when every kind is within one.
    """
    counts = [_kind_counts(it) for it in items]
    diff: Counter = Counter()
    for i, c in enumerate(counts):
        for k, n in c.items():
            diff[k] += n if side[i] else -n

    def total(d: Counter) -> int:
        return sum(abs(d[k]) for k in KINDS)

    while any(abs(diff[k]) > 1 for k in KINDS):
        current = total(diff)
        best: tuple[float, int, int] | None = None
        for members in groups.values():
            tune = [i for i in members if side[i] and items[i]["spans"]]
            held = [i for i in members if not side[i] and items[i]["spans"]]
            for a in tune:
                for b in held:
                    if counts[a] == counts[b]:
                        continue
                    after = Counter(diff)
                    for k, n in counts[a].items():
                        after[k] -= 2 * n
                    for k, n in counts[b].items():
                        after[k] += 2 * n
                    if total(after) < current:
                        cost = abs(h(items[a]["text"]) - 0.5) + abs(h(items[b]["text"]) - 0.5)
                        if best is None or cost < best[0]:
                            best = (cost, a, b)
        if best is None:
            return
        _, a, b = best
        side[a], side[b] = False, True
        for k, n in counts[a].items():
            diff[k] -= 2 * n
        for k, n in counts[b].items():
            diff[k] += 2 * n


def dump(path: Path, items: list[dict]) -> None:
    out = [{"text": it["text"], "spans": sorted(it["spans"], key=lambda s: s["start"])}
           for it in items]
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def table(tune: list[dict], held: list[dict]) -> None:
    def counts(items: list[dict]) -> Counter:
        c = Counter(s["kind"] for it in items for s in it["spans"])
        c["clean lines"] = sum(1 for it in items if not it["spans"])
        c["dirty lines"] = sum(1 for it in items if it["spans"])
        c["lines"] = len(items)
        return c

    a, b = counts(tune), counts(held)
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in (*KINDS, "clean lines", "dirty lines", "lines"):
        print(f"{k:<16}{a[k]:>8}{b[k]:>9}{a[k] + b[k]:>8}")


def main() -> None:
    items = load()
    tune, held = split(items)
    dump(HERE / "tune.json", tune)
    dump(HERE / "heldout.json", held)
    table(tune, held)


if __name__ == "__main__":
    main()
