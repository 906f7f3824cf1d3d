"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers as [[kind:the identifier]].
Lines that are blank or start with '#' are skipped.
heldout.json is for measuring only: never tune a detector against it.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "balint-corpus17-rowan-ash"  # this corpus's own split seed
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
# A line's stratum is its rarest kind, so every kind's spans divide evenly.
PRIORITY = ("nhs_number", "email", "patient_number", "postcode", "phone", "date", "name")
MARK = re.compile(r"\[\[([a-z_]+):([^\]]+)\]\]")


def nhs_ok(digits: str) -> bool:
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
        plain = line[pos:m.start()]
        text.append(plain)
        out_len += len(plain)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer whitespace: {ident!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: broken markup")
    spans.sort(key=lambda sp: sp["start"])
    return {"text": s, "spans": spans, "idents": [m.group(2) for m in MARK.finditer(line)]}


def check(rec: dict, where: str) -> None:
    for sp, ident in zip(rec["spans"], rec["idents"]):
        if rec["text"][sp["start"]:sp["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number" and not nhs_ok(re.sub(r"\D", "", ident)):
            sys.exit(f"{where}: NHS number fails modulus 11: {ident}")
    # no unmarked 10-digit run (any common grouping) may pass modulus 11
    masked = list(rec["text"])
    for sp in rec["spans"]:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    masked_s = "".join(masked)
    for m in re.finditer(r"(?<![\d#])\d(?:[ -]?\d){9}(?![\d#])", masked_s):
        if nhs_ok(re.sub(r"\D", "", m.group())):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group()}")


def h(text: str) -> int:
    return int(hashlib.sha256((SEED + "\x00" + text).encode()).hexdigest(), 16)


def stratum(rec: dict) -> str:
    kinds = {sp["kind"] for sp in rec["spans"]}
    for k in PRIORITY:
        if k in kinds:
            return k
    return "clean"


def main() -> None:
    recs, seen = [], set()
    dups = 0
    for f in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{f.name}:{n}"
            rec = parse(line, where)
            check(rec, where)
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            recs.append(rec)
    # Split: within each stratum, lines are ordered by a seeded hash of their text and the
    # lower half (by hash) goes to tune. The cut is at the stratum's hash median, so adding
    # lines moves at most the one line beside the cut; everything else keeps its half.
    groups: dict[str, list[dict]] = {}
    for rec in recs:
        groups.setdefault(stratum(rec), []).append(rec)
    tune, held = [], []
    for recs_g in groups.values():
        recs_g.sort(key=lambda r: h(r["text"]))
        cut = (len(recs_g) + 1) // 2
        tune += recs_g[:cut]
        held += recs_g[cut:]
    for half, name in ((tune, "tune.json"), (held, "heldout.json")):
        half.sort(key=lambda r: h(r["text"]))
        out = [{"text": r["text"], "spans": r["spans"]} for r in half]
        (HERE / name).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def counts(half: list[dict]) -> dict:
        c = {k: 0 for k in KINDS}
        c["clean lines"] = sum(1 for r in half if not r["spans"])
        c["lines"] = len(half)
        for r in half:
            for sp in r["spans"]:
                c[sp["kind"]] += 1
        return c

    ct, ch = counts(tune), counts(held)
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>8}")
    for k in ct:
        print(f"{k:<16}{ct[k]:>7}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"duplicates dropped: {dups}")


if __name__ == "__main__":
    main()
