#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

Split: lines already recorded in split_lock.json (keyed by a seeded SHA-256
of the text) keep their half for ever. New lines are taken in order of that
hash and each goes to the half that leaves the spans of every kind, and the
clean lines, most evenly divided (ties: the hash's low bit). So a line in
tune.json stays there when lines are added, and each kind divides evenly.
heldout.json is never used for tuning.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "kestrel-marmalade-35"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def parse(line):
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
        raise ValueError(f"broken markup in: {line}")
    return s, sorted(spans, key=lambda x: x["start"])


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


TEN = re.compile(r"(?<![\d])\d(?:[ \-]?\d){9}(?![\d])")


def check(rec, raw):
    s = rec["text"]
    for sp in rec["spans"]:
        frag = s[sp["start"]:sp["end"]]
        if frag != frag.strip() or not frag:
            raise ValueError(f"span has edge whitespace: {frag!r} in {raw}")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", frag)
            if not mod11_ok(d):
                raise ValueError(f"NHS number fails modulus 11: {frag} in {raw}")
    for m in TEN.finditer(s):
        d = re.sub(r"\D", "", m.group())
        inside = any(sp["start"] <= m.start() and m.end() <= sp["end"] for sp in rec["spans"])
        if not inside and mod11_ok(d):
            raise ValueError(f"unmarked 10-digit number passes modulus 11: {m.group()} in {raw}")
    # round trip: rebuild markup from spans
    out, pos = [], 0
    for sp in rec["spans"]:
        out.append(s[pos:sp["start"]])
        out.append(f"[[{sp['kind']}:{s[sp['start']:sp['end']]}]]")
        pos = sp["end"]
    out.append(s[pos:])
    if "".join(out) != raw:
        raise ValueError(f"round trip failed: {raw}")


def h(text):
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def counted(rec):
    """What a line adds to the balance: one per span of each kind, or one clean line."""
    return [sp["kind"] for sp in rec["spans"]] or ["clean"]


def main():
    records, seen, dups = [], set(), 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.rstrip()
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            if "{" in raw and re.search(r"\{[A-Z0-9:]+\}", raw):
                raise ValueError(f"{path.name}:{n}: unfilled placeholder")
            text, spans = parse(raw)
            rec = {"text": text, "spans": spans}
            try:
                check(rec, raw)
            except ValueError as e:
                sys.exit(f"{path.name}:{n}: {e}")
            if text in seen:
                dups += 1
                continue
            seen.add(text)
            records.append(rec)

    lock_path = HERE / "split_lock.json"
    lock = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    halves = {"tune": [], "heldout": []}
    load = {}  # (kind or "clean", half) -> count
    present = {}
    for rec in records:
        key = h(rec["text"])
        present[key] = rec
        if key in lock:
            half = lock[key]
            halves[half].append(rec)
            for k in counted(rec):
                load[(k, half)] = load.get((k, half), 0) + 1
    for key in sorted(k for k in present if k not in lock):
        rec = present[key]
        # send the line to the half that leaves every kind's spans (and the
        # clean lines) most evenly divided; ties go by the hash's low bit
        scores = {}
        for half in ("tune", "heldout"):
            trial = dict(load)
            for k in counted(rec):
                trial[(k, half)] = trial.get((k, half), 0) + 1
            scores[half] = sum(abs(trial.get((k, "tune"), 0) - trial.get((k, "heldout"), 0))
                               for k in KINDS + ["clean"])
        if scores["tune"] != scores["heldout"]:
            half = min(scores, key=scores.get)
        else:
            half = "tune" if int(key[-1], 16) % 2 == 0 else "heldout"
        lock[key] = half
        halves[half].append(rec)
        for k in counted(rec):
            load[(k, half)] = load.get((k, half), 0) + 1
    # forget lines that are gone from the sources
    lock = {k: v for k, v in lock.items() if k in present}
    lock_path.write_text(json.dumps(dict(sorted(lock.items())), indent=0) + "\n")

    for half, recs in halves.items():
        recs.sort(key=lambda r: h(r["text"]))
        (HERE / f"{half}.json").write_text(
            json.dumps(recs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print(f"lines: {len(records)} (exact duplicates dropped: {dups})")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    rows = KINDS + ["clean lines", "dirty lines"]
    for k in rows:
        c = {}
        for half, recs in halves.items():
            if k == "clean lines":
                c[half] = sum(1 for r in recs if not r["spans"])
            elif k == "dirty lines":
                c[half] = sum(1 for r in recs if r["spans"])
            else:
                c[half] = sum(1 for r in recs for sp in r["spans"] if sp["kind"] == k)
        print(f"{k:<16}{c['tune']:>8}{c['heldout']:>9}{c['tune'] + c['heldout']:>8}")


if __name__ == "__main__":
    main()
