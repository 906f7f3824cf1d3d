"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers as [[kind:text]]; '#' and blank lines skipped.
Split: stable, by a seeded SHA-256 of each line's text (a line never moves when others are
added); the seed was chosen so that each kind and the clean lines divide near evenly.
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "balint-49-kettle-on-1507"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str) -> dict:
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
        text += line[pos:m.start()]
        spans.append({"kind": kind, "start": len(text), "end": len(text) + len(ident)})
        text += ident
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        raise ValueError(f"broken markup: {line}")
    return {"text": text, "spans": sorted(spans, key=lambda s: s["start"])}


def check(item: dict) -> None:
    text = item["text"]
    for s in item["spans"]:
        frag = text[s["start"]:s["end"]]
        if frag != frag.strip() or not frag:
            raise ValueError(f"span has edge space: {frag!r} in {text}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", frag)
            if not nhs_ok(digits):
                raise ValueError(f"NHS number fails mod 11: {frag} in {text}")
    covered = [(s["start"], s["end"]) for s in item["spans"]]
    for m in re.finditer(r"(?<![\d])\d(?:[ -]?\d){9}(?![\d])", text):
        digits = re.sub(r"\D", "", m.group())
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_ok(digits):
            raise ValueError(f"unmarked 10-digit number passes mod 11: {m.group()} in {text}")


def side(text: str) -> str:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main() -> int:
    seen: set[str] = set()
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    dupes = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            item = parse(line)
            check(item)
            if item["text"] in seen:
                dupes += 1
                continue
            seen.add(item["text"])
            halves[side(item["text"])].append(item)
    for name, items in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = ["clean_lines", "dirty_lines", *KINDS]
    counts = {}
    for name, items in halves.items():
        c = Counter(s["kind"] for it in items for s in it["spans"])
        c["clean_lines"] = sum(1 for it in items if not it["spans"])
        c["dirty_lines"] = sum(1 for it in items if it["spans"])
        counts[name] = c
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>7}")
    for r in rows:
        t, h = counts["tune"][r], counts["heldout"][r]
        print(f"{r:<16}{t:>7}{h:>9}{t + h:>7}")
    print(f"duplicates dropped: {dupes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
