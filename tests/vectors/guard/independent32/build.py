#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

Split: seeded and stable. Each line is keyed by sha256(SEED + text). A line that
is already in split.lock.json keeps its half forever; new lines are taken in key
order and each goes to the half that keeps every kind's span count (and the
clean-line count) most even, ties broken by the key's lowest bit. So adding
lines never moves an old line, and the halves stay balanced.

heldout.json must never be used for tuning a detector.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

SEED = "balint-corpus32-kestrel-0419"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN_DIGITS = re.compile(r"(?<!\d)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)")


def nhs_valid(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str, where: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        if "[[" in before or "]]" in before:
            sys.exit(f"{where}: broken markup: {line!r}")
        text.append(before)
        out_len += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer spaces: {ident!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        sys.exit(f"{where}: broken markup: {line!r}")
    text.append(rest)
    return {"text": "".join(text), "spans": sorted(spans, key=lambda s: s["start"])}


def check(rec: dict, raw_idents: list, where: str) -> None:
    t = rec["text"]
    for sp, ident in zip(rec["spans"], raw_idents):
        if t[sp["start"]:sp["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if sp["kind"] == "nhs_number" and not nhs_valid(ident):
            sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    covered = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in TEN_DIGITS.finditer(t):
        inside = any(a <= m.start() and m.end() <= b for a, b in covered)
        if not inside and nhs_valid(m.group(1)):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def key(text: str) -> str:
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def counts(rec: dict) -> dict:
    c = {k: 0 for k in KINDS}
    for s in rec["spans"]:
        c[s["kind"]] += 1
    c["clean"] = 0 if rec["spans"] else 1
    return c


def main() -> None:
    records, seen, dups = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            rec = parse(line, where)
            check(rec, [m.group(2) for m in MARK.finditer(line)], where)
            if rec["text"] in seen:
                dups += 1
                continue
            seen.add(rec["text"])
            records.append(rec)

    lock_path = HERE / "split.lock.json"
    lock = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    halves = {"tune": [], "heldout": []}
    tally = {h: {k: 0 for k in KINDS + ("clean",)} for h in halves}
    keyed = sorted(((key(r["text"]), r) for r in records), key=lambda kr: kr[0])
    fresh = []
    for k, rec in keyed:
        if k in lock:
            h = lock[k]
            halves[h].append((k, rec))
            for kind, v in counts(rec).items():
                tally[h][kind] += v
        else:
            fresh.append((k, rec))
    for k, rec in fresh:
        c = counts(rec)

        def imbalance(h: str) -> int:
            other = "heldout" if h == "tune" else "tune"
            return sum(abs(tally[h][kind] + v - tally[other][kind]) for kind, v in c.items() if v)

        a, b = imbalance("tune"), imbalance("heldout")
        h = "tune" if a < b else "heldout" if b < a else ("tune" if int(k[-1], 16) % 2 == 0 else "heldout")
        lock[k] = h
        halves[h].append((k, rec))
        for kind, v in c.items():
            tally[h][kind] += v

    present = {k for k, _ in keyed}
    lock = {k: v for k, v in sorted(lock.items()) if k in present}
    lock_path.write_text(json.dumps(lock, indent=0, sort_keys=True) + "\n")
    for h, items in halves.items():
        items.sort(key=lambda kr: kr[0])
        out = [rec for _, rec in items]
        (HERE / f"{h}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print(f"lines: {len(records)} (exact duplicates dropped: {dups})")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for kind in KINDS + ("clean",):
        t, hd = tally["tune"][kind], tally["heldout"][kind]
        label = "clean lines" if kind == "clean" else kind
        print(f"{label:<16}{t:>8}{hd:>9}{t + hd:>8}")
    print(f"{'lines':<16}{len(halves['tune']):>8}{len(halves['heldout']):>9}{len(records):>8}")


if __name__ == "__main__":
    main()
