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
    # Split. split_lock.json records the half of every line already built, keyed by a hash of
    # its text, so a line never changes half when lines are added. New lines are taken in the
    # order of a seeded hash of their text; each goes to the half that leaves the per-kind span
    # counts (and the clean-line count) most even, rarer kinds weighing more; ties go by the
    # hash's lowest bit.
    lock_path = HERE / "split_lock.json"
    lock = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    sides = {"tune": [], "heldout": []}
    diff = {k: 0 for k in KINDS + ("clean",)}  # tune minus heldout

    def tally(rec: dict) -> dict:
        c = {}
        for sp in rec["spans"]:
            c[sp["kind"]] = c.get(sp["kind"], 0) + 1
        return c or {"clean": 1}

    fresh = []
    for rec in recs:
        key = hashlib.sha256(rec["text"].encode()).hexdigest()[:20]
        rec["key"] = key
        if key in lock:
            sides[lock[key]].append(rec)
            for k, n in tally(rec).items():
                diff[k] += n if lock[key] == "tune" else -n
        else:
            fresh.append(rec)
    weight = {"name": 1.0, "clean": 1.0}
    for rec in sorted(fresh, key=lambda r: h(r["text"])):
        c = tally(rec)

        def cost(sign: int) -> float:
            return sum(abs(diff[k] + sign * n) * weight.get(k, 4.0) for k, n in c.items())

        ct, cht = cost(1), cost(-1)
        if ct != cht:
            side = "tune" if ct < cht else "heldout"
        else:
            side = "tune" if h(rec["text"]) % 2 == 0 else "heldout"
        for k, n in c.items():
            diff[k] += n if side == "tune" else -n
        sides[side].append(rec)
    new_lock = {r["key"]: side for side, rs in sides.items() for r in rs}
    lock_path.write_text(json.dumps(dict(sorted(new_lock.items())), indent=0) + "\n")
    tune, held = sides["tune"], sides["heldout"]
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
