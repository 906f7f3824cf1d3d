"""Build tune.json and heldout.json from the hand-written markup in source/*.txt.

Markup: one sentence a line; identifiers inline as [[kind:the identifier]]; lines starting
with '#' and blank lines are skipped. Python stdlib only.

The split is seeded, stable and stratified:
- every line is keyed by a hash of its plain text;
- split.lock.json remembers which half each line went to, so a line already in tune.json
  stays there when lines are added later (nothing is ever re-dealt);
- new lines are dealt in seeded-hash order, each to the half that leaves the span counts of
  its kinds (or, for a clean line, the clean lines of its source file) more even; ties are
  broken by the seeded hash, so every kind and the clean lines split evenly.

Checks (the build fails loudly): every span round-trips to the exact text marked; every
nhs_number passes modulus 11; every 10-digit patient_number fails it; no unmarked 10-digit
number (bare or 3-3-4 with spaces, hyphens or dots) passes modulus 11; kinds are known;
no markup is left over; every line is 4 to 60 words. Exact duplicate lines are dropped (first kept).
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "balint-independent3-2026"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<![\d.\-])(\d{3})[ .\-]?(\d{3})[ .\-]?(\d{4})(?![\d])")


def mod11_ok(digits: str) -> bool:
    """NHS modulus 11: weights 10..2 on the first nine digits; 11 -> 0, 10 -> invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str, where: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain or "{NHS" in plain or "{BAD" in plain:
        sys.exit(f"{where}: leftover markup or unfilled token: {line!r}")
    return {"text": plain, "spans": sorted(spans, key=lambda s: s["start"])}


def check(item: dict, marked: list[str], where: str) -> None:
    text = item["text"]
    if not 4 <= len(text.split()) <= 60:
        sys.exit(f"{where}: line should be 4 to 60 words: {text!r}")
    for span, value in zip(item["spans"], marked, strict=True):
        got = text[span["start"]:span["end"]]
        if got != value or got != got.strip() or not got:
            sys.exit(f"{where}: span does not round-trip: {got!r} vs {value!r}")
        digits = re.sub(r"\D", "", got)
        if span["kind"] == "nhs_number" and not mod11_ok(digits):
            sys.exit(f"{where}: nhs_number fails modulus 11: {got!r}")
        if span["kind"] == "patient_number" and len(digits) == 10 and mod11_ok(digits):
            sys.exit(f"{where}: 10-digit patient_number passes modulus 11: {got!r}")
    # unmarked text only: blank out the spans, keep offsets
    chars = list(text)
    for span in item["spans"]:
        for i in range(span["start"], span["end"]):
            chars[i] = "#"
    for m in TEN.finditer("".join(chars)):
        if mod11_ok("".join(m.groups())):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")


def key(text: str) -> str:
    return hashlib.sha256((SEED + "\x00" + text).encode()).hexdigest()


def load() -> list[tuple[str, dict]]:
    seen: set[str] = set()
    items: list[tuple[str, dict]] = []
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse(line, where)
            check(item, [m.group(2) for m in MARK.finditer(line)], where)
            if item["text"] in seen:
                dropped += 1
                continue
            seen.add(item["text"])
            kinds = sorted({s["kind"] for s in item["spans"]})
            stratum = "+".join(kinds) if kinds else f"clean:{path.stem}"
            items.append((stratum, item))
    if dropped:
        print(f"dropped {dropped} exact duplicate line(s)")
    return items


def _cost(tally: dict[str, Counter], units: Counter, half: str) -> int:
    """How uneven the kinds of one line would be if it went to this half."""
    other = "heldout" if half == "tune" else "tune"
    return sum(abs(tally[x][half] + n - tally[x][other]) for x, n in units.items())


def split(items: list[tuple[str, dict]]) -> dict[str, list[dict]]:
    lock_path = HERE / "split.lock.json"
    lock: dict[str, str] = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    # balance counters: spans per kind, and clean lines per source file
    tally: dict[str, Counter] = defaultdict(Counter)

    def units(stratum: str, item: dict) -> Counter:
        if not item["spans"]:
            return Counter({stratum: 1})
        return Counter(s["kind"] for s in item["spans"])

    fresh: list[tuple[str, str, dict]] = []
    for stratum, item in items:
        k = key(item["text"])[:20]
        if k in lock:
            halves[lock[k]].append(item)
            for unit, n in units(stratum, item).items():
                tally[unit][lock[k]] += n
        else:
            fresh.append((k, stratum, item))
    # new lines, in seeded-hash order, each to the half that leaves its kinds more even
    for k, stratum, item in sorted(fresh, key=lambda t: t[0]):
        u = units(stratum, item)

        ct, ch = _cost(tally, u, "tune"), _cost(tally, u, "heldout")
        if ct != ch:
            half = "tune" if ct < ch else "heldout"
        else:
            half = "tune" if int(k, 16) % 2 == 0 else "heldout"
        lock[k] = half
        for unit, n in u.items():
            tally[unit][half] += n
        halves[half].append(item)
    live = {key(item["text"])[:20] for _, item in items}
    lock = {k: v for k, v in sorted(lock.items()) if k in live}
    lock_path.write_text(json.dumps(lock, indent=0, sort_keys=True) + "\n")
    for lines in halves.values():
        lines.sort(key=lambda it: key(it["text"]))
    return halves


def report(halves: dict[str, list[dict]]) -> None:
    print(f"{'kind':16}{'tune':>8}{'heldout':>9}")
    for kind in KINDS:
        row = [sum(1 for it in halves[h] for s in it["spans"] if s["kind"] == kind)
               for h in ("tune", "heldout")]
        print(f"{kind:16}{row[0]:>8}{row[1]:>9}")
    for label, test in (("clean lines", lambda it: not it["spans"]),
                        ("dirty lines", lambda it: bool(it["spans"])),
                        ("all lines", lambda it: True)):
        row = [sum(1 for it in halves[h] if test(it)) for h in ("tune", "heldout")]
        print(f"{label:16}{row[0]:>8}{row[1]:>9}")


def main() -> None:
    halves = split(load())
    for name, data in (("tune.json", halves["tune"]), ("heldout.json", halves["heldout"])):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")
    report(halves)


if __name__ == "__main__":
    main()
