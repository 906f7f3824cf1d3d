"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: [[kind:identifier]] inline; '#' lines and blank lines skipped.
Split: stable, seeded hash of each line's text, balanced per kind.
heldout.json is NEVER used for tuning.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Seed picked once (of corpus23-kestrel-0..2999) for the most even split of the first 1207
# lines, then frozen: changing it would move lines between halves.
SEED = "corpus23-kestrel-1356"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str) -> dict:
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in {line!r}")
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        spans.append({"kind": kind, "start": length, "end": length + len(ident)})
        out.append(ident)
        length += len(ident)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"broken markup: {line!r}")
    return {"text": text, "spans": sorted(spans, key=lambda s: s["start"])}


def check(rec: dict) -> None:
    text = rec["text"]
    marked = set()
    for s in rec["spans"]:
        piece = text[s["start"]:s["end"]]
        assert piece and piece == piece.strip(), (piece, text)
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", piece)
            assert nhs_ok(d), f"nhs fails mod 11: {piece!r} in {text!r}"
        marked.update(range(s["start"], s["end"]))
    # no unmarked 10-digit run (any common grouping) passes mod 11
    for m in re.finditer(r"(?<!\d)(\d[\d \-]{8,14}\d)(?!\d)", text):
        d = re.sub(r"\D", "", m.group(1))
        if len(d) == 10 and nhs_ok(d) and not (set(range(m.start(), m.end())) & marked):
            raise AssertionError(f"unmarked mod-11 number {m.group(1)!r} in {text!r}")


def key(text: str) -> int:
    return int(hashlib.sha256((SEED + "\x00" + text).encode()).hexdigest(), 16)


def split(recs: list) -> tuple:
    # Stable: each line's half is decided by its own hash alone, within its stratum
    # (its rarest kind, or 'clean'); strata alternate by hash rank so kinds divide evenly.
    rarity = {k: 0 for k in KINDS}
    for r in recs:
        for s in r["spans"]:
            rarity[s["kind"]] += 1
    strata: dict = {}
    for r in recs:
        kinds = {s["kind"] for s in r["spans"]}
        st = min(kinds, key=lambda k: (rarity[k], k)) if kinds else "clean"
        strata.setdefault(st, []).append(r)
    tune, held = [], []
    for st in sorted(strata):
        for r in strata[st]:
            (tune if key(r["text"]) % 2 == 0 else held).append(r)
    return tune, held


def main() -> int:
    recs, seen = [], set()
    for f in sorted((HERE / "source").glob("*.txt")):
        for raw in f.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line)
            check(rec)
            if rec["text"] in seen:
                continue
            seen.add(rec["text"])
            recs.append(rec)
    tune, held = split(recs)
    for name, part in (("tune.json", tune), ("heldout.json", held)):
        (HERE / name).write_text(json.dumps(part, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>7}")
    for k in KINDS + ("clean lines", "dirty lines", "lines"):
        def cnt(part):
            if k == "clean lines":
                return sum(1 for r in part if not r["spans"])
            if k == "dirty lines":
                return sum(1 for r in part if r["spans"])
            if k == "lines":
                return len(part)
            return sum(1 for r in part for s in r["spans"] if s["kind"] == k)
        a, b = cnt(tune), cnt(held)
        print(f"{k:<16}{a:>7}{b:>9}{a + b:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
