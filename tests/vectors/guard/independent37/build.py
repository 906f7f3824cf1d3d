"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:text]]; '#' lines and
blank lines are skipped. The split is a seeded hash of each line's text, so it does
not depend on file order; see split() for how balance is kept.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus37-teapot-at-seven"  # our own seed, chosen once, never changed
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_valid(digits: str) -> bool:
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
    text: list[str] = []
    spans: list[dict] = []
    bounds: list[tuple[int, int]] = []  # (start, end) of each span, typed for the checks
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind == "name" and re.match(r"(?i)(mr|mrs|ms|miss|mx|dr|prof|sister|nurse)\.? ", ident):
            sys.exit(f"{where}: title inside a name span: {ident!r}")
        if kind == "name" and re.search(r"'s$", ident):
            sys.exit(f"{where}: possessive inside a name span: {ident!r}")
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer spaces: {ident!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        bounds.append((out_len, out_len + len(ident)))
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        sys.exit(f"{where}: broken markup")
    for s, (a, b), m in zip(spans, bounds, MARK.finditer(line)):
        if plain[a:b] != m.group(2):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", m.group(2))
            if not nhs_valid(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {m.group(2)}")
    # no unmarked 10-digit run may pass modulus 11
    marked = bounds
    for num in re.finditer(r"(?<!\d)\d(?:[ -]?\d){9}(?!\d)", plain):
        digits = re.sub(r"[ -]", "", num.group())
        inside = any(a <= num.start() and num.end() <= b for a, b in marked)
        if not inside and nhs_valid(digits):
            sys.exit(f"{where}: unmarked number passes modulus 11: {num.group()}")
    spans.sort(key=lambda s: s["start"])
    return {"text": plain, "spans": spans}


RARE_FIRST = ("nhs_number", "patient_number", "postcode", "email", "phone", "date", "name")


def stratum(item: dict) -> str:
    """The count a line is balanced on: clean lines by lines, a line with identifiers
    by the spans of its rarest kind, so the rare kinds divide evenly first."""
    kinds = {s["kind"] for s in item["spans"]}
    if not kinds:
        return "clean"
    return next(k for k in RARE_FIRST if k in kinds)


def weight(item: dict, key: str) -> int:
    return 1 if key == "clean" else sum(1 for s in item["spans"] if s["kind"] == key)


def score(text: str) -> float:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()
    return int(h[:15], 16) / float(16 ** 15)


def previous_sides(fresh: bool) -> dict:
    """The side each line already holds in the committed tune.json/heldout.json."""
    sides: dict = {}
    if fresh:
        return sides
    for name, side in (("tune.json", "tune"), ("heldout.json", "held")):
        path = HERE / name
        if path.exists():
            for it in json.loads(path.read_text(encoding="utf-8")):
                sides[it["text"]] = side
    return sides


def split(items: list, fresh: bool = False) -> tuple:
    """Stable and balanced. A line already in tune.json or heldout.json stays on its
    side, so adding lines never moves one (an edited line counts as a new line).
    New lines are placed in order of their seeded hash score: each goes to the side
    its score picks (score < 0.5 -> tune) unless that side is already ahead on the
    line's stratum (clean lines counted by lines; otherwise the spans of the line's
    rarest kind); then it goes to the other side. Built from nothing (--fresh), the same
    rule gives the same split every time."""
    before = previous_sides(fresh)
    counts: dict = {}
    side_of: dict = {}
    for it in items:
        side = before.get(it["text"])
        if side:
            side_of[it["text"]] = side
            for k in KINDS + ("clean",):
                c = counts.setdefault(k, {"tune": 0, "held": 0})
                c[side] += weight(it, k) if (k != "clean" or not it["spans"]) else 0
    for it in sorted((i for i in items if i["text"] not in side_of), key=lambda i: score(i["text"])):
        c = counts.setdefault(stratum(it), {"tune": 0, "held": 0})
        side = "tune" if score(it["text"]) < 0.5 else "held"
        other = "held" if side == "tune" else "tune"
        if c[side] - c[other] >= 1:
            side = other
        for k in KINDS + ("clean",):
            if k == "clean" and it["spans"]:
                continue
            counts.setdefault(k, {"tune": 0, "held": 0})[side] += weight(it, k)
        side_of[it["text"]] = side
    key = lambda it: score(it["text"])  # noqa: E731
    tune = sorted((i for i in items if side_of[i["text"]] == "tune"), key=key)
    held = sorted((i for i in items if side_of[i["text"]] == "held"), key=key)
    return tune, held


def main() -> None:
    items, seen, dups = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            item = parse(line, f"{path.name}:{n}")
            if item["text"] in seen:
                dups += 1
                continue
            seen.add(item["text"])
            words = len(item["text"].split())
            if not 4 <= words <= 60:
                print(f"warning {path.name}:{n}: {words} words", file=sys.stderr)
            items.append(item)
    tune, held = split(items, fresh="--fresh" in sys.argv[1:])
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"lines {len(items)} (duplicates dropped: {dups})")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS + ("clean lines",):
        if k == "clean lines":
            t = sum(1 for it in tune if not it["spans"])
            h = sum(1 for it in held if not it["spans"])
        else:
            t = sum(1 for it in tune for s in it["spans"] if s["kind"] == k)
            h = sum(1 for it in held for s in it["spans"] if s["kind"] == k)
        print(f"{k:<16}{t:>8}{h:>9}{t + h:>8}")
    print(f"{'lines':<16}{len(tune):>8}{len(held):>9}{len(items):>8}")


if __name__ == "__main__":
    main()
