"""Build tune.json and heldout.json from source/*.txt (independent26).

Each source line is one sentence; identifiers are marked inline as
[[kind:the identifier]]. Lines starting with '#' and blank lines are skipped.

The split is a seeded hash of each line's text, so a line never changes half
when other lines are added or removed. The seed was picked once so that every
kind's spans and the clean lines divide evenly; the script prints the table
so any lean after later additions is visible.
heldout.json is for measuring only: never tune a detector against it.

Python standard library only. Run: python build.py
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Chosen once, when the corpus was written: the first of "balint-wren-0", "-1", ...
# whose split left every kind within a span or two of even. It is fixed now;
# never re-pick it, or lines would change halves.
SEED = "balint-wren-1164"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits, check = 11 - sum mod 11."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(raw: str, where: str) -> dict:
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if value != value.strip():
            sys.exit(f"{where}: span has outer spaces: {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text_parts.append(value)
        out_len += len(value)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: unbalanced markup: {raw!r}")
    spans.sort(key=lambda s: s["start"])
    return {"text": text, "spans": spans}


def check(item: dict, raw: str, where: str) -> None:
    text = item["text"]
    marked = MARK.findall(raw)
    for span, (kind, value) in zip(item["spans"], marked):
        if text[span["start"]:span["end"]] != value or span["kind"] != kind:
            sys.exit(f"{where}: span does not round-trip: {value!r}")
        if kind == "nhs_number":
            digits = re.sub(r"[\s-]", "", value)
            if not nhs_ok(digits):
                sys.exit(f"{where}: NHS number fails modulus 11: {value!r}")
    # no unmarked 10-digit run may pass modulus 11
    covered = [(s["start"], s["end"]) for s in item["spans"]]
    for m in re.finditer(r"(?<!\d)(\d[\d \-]{8,14}\d)(?!\d)", text):
        digits = re.sub(r"[\s-]", "", m.group(1))
        if len(digits) == 10 and nhs_ok(digits):
            if not any(a <= m.start() and m.end() <= b for a, b in covered):
                sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def half(text: str) -> str:
    digest = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def main() -> None:
    seen = set()
    halves = {"tune": [], "heldout": []}
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse(line, where)
            check(item, line, where)
            if item["text"] in seen:
                dropped += 1
                continue
            seen.add(item["text"])
            halves[half(item["text"])].append(item)
    for name, items in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = ["lines", "clean lines"] + list(KINDS)
    table = {}
    for name, items in halves.items():
        counts = {"lines": len(items), "clean lines": sum(1 for i in items if not i["spans"])}
        for k in KINDS:
            counts[k] = sum(1 for i in items for s in i["spans"] if s["kind"] == k)
        table[name] = counts
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for r in rows:
        a, b = table["tune"][r], table["heldout"][r]
        print(f"{r:16}{a:>8}{b:>9}{a + b:>8}")
    print(f"exact duplicates dropped: {dropped}")


if __name__ == "__main__":
    main()
