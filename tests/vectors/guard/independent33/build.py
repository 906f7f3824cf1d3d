#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
'#' lines and blank lines are skipped.

Split: seeded and STABLE. Every line's half is recorded in split_lock.json
(keyed by a seeded hash of its text); a line once placed never moves. Lines
not yet in the lock are taken in hash order and each goes to the half that
keeps the per-kind span counts and the clean-line count most even (ties by a
hash bit). heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "balint-corpus33-oxbow-lark"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
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
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip() or not ident:
            sys.exit(f"{where}: span has stray spaces: {ident!r}")
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
        sys.exit(f"{where}: broken markup")
    return {"text": s, "spans": sorted(spans, key=lambda x: x["start"])}


def ten_digit_runs(text: str):
    """10-digit numbers in any grouping by spaces or hyphens (3-3-4 or plain)."""
    for m in re.finditer(r"(?<![\d])(\d[\d \-]{8,14}\d)(?![\d])", text):
        digits = re.sub(r"[ \-]", "", m.group(1))
        if len(digits) == 10:
            yield m.start(1), m.end(1), digits


def check(item: dict, where: str, raw: str) -> None:
    text = item["text"]
    idents = [i.group(2) for i in MARK.finditer(raw)]
    for sp, ident in zip(item["spans"], idents):
        if text[sp["start"]:sp["end"]] != ident:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if sp["kind"] == "nhs_number":
            d = re.sub(r"\D", "", ident)
            if not nhs_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    for a, b, digits in ten_digit_runs(text):
        inside = any(sp["start"] <= a and b <= sp["end"] for sp in item["spans"])
        if not inside and nhs_ok(digits):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {text[a:b]!r}")
    n = len(text.split())
    if not 4 <= n <= 60:
        print(f"warning {where}: {n} words", file=sys.stderr)


def key(text: str) -> str:
    return hashlib.sha256((SEED + "\x00" + text).encode()).hexdigest()


def main() -> None:
    items, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for no, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n")
                if not raw.strip() or raw.lstrip().startswith("#"):
                    continue
                raw = raw.strip()
                where = f"{os.path.basename(path)}:{no}"
                item = parse(raw, where)
                check(item, where, raw)
                if item["text"] in seen:
                    print(f"dropped duplicate {where}", file=sys.stderr)
                    continue
                seen.add(item["text"])
                items.append(item)

    # every 10-digit number is distinct, so no number is shared between the halves
    tens = {}
    for item in items:
        for _a, _b, digits in ten_digit_runs(item["text"]):
            if digits in tens:
                sys.exit(f"10-digit number used twice: {digits} ({tens[digits][:40]!r})")
            tens[digits] = item["text"]

    lock_path = os.path.join(HERE, "split_lock.json")
    lock = {}
    if os.path.exists(lock_path):
        with open(lock_path, encoding="utf-8") as fh:
            lock = json.load(fh)

    def tally(item):
        c = {k: 0 for k in KINDS}
        c["clean"] = 0 if item["spans"] else 1
        for sp in item["spans"]:
            c[sp["kind"]] += 1
        return c

    counts = {"tune": {k: 0 for k in KINDS + ("clean",)}, "heldout": {k: 0 for k in KINDS + ("clean",)}}
    halves = {}
    fresh = []
    for item in items:
        k = key(item["text"])
        if k in lock:
            halves[k] = lock[k]
            for kk, v in tally(item).items():
                counts[lock[k]][kk] += v
        else:
            fresh.append((k, item))
    # rarest kinds first, so they are balanced before the common ones fill in
    def rarity(entry):
        t = tally(entry[1])
        present = [kk for kk, v in t.items() if v]
        order = ["nhs_number", "date", "email", "phone", "postcode", "patient_number", "name", "clean"]
        return (min(order.index(p) for p in present), entry[0])
    for k, item in sorted(fresh, key=rarity):
        t = tally(item)
        def cost(half):
            other = "heldout" if half == "tune" else "tune"
            # a rare kind's imbalance weighs more than that of names or clean lines
            return sum((1 if kk in ("name", "clean") else 10) * abs(counts[half][kk] + v - counts[other][kk])
                       for kk, v in t.items() if v)
        ct, ch = cost("tune"), cost("heldout")
        if ct < ch:
            half = "tune"
        elif ch < ct:
            half = "heldout"
        else:
            half = "tune" if int(k[-1], 16) % 2 == 0 else "heldout"
        halves[k] = half
        for kk, v in t.items():
            counts[half][kk] += v

    tune = [i for i in items if halves[key(i["text"])] == "tune"]
    held = [i for i in items if halves[key(i["text"])] == "heldout"]
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    # keep lock entries of lines since removed too: a line that comes back keeps its half
    lock.update(halves)
    with open(lock_path, "w", encoding="utf-8") as fh:
        json.dump(dict(sorted(lock.items())), fh, indent=0)
        fh.write("\n")

    lines_with = lambda data: sum(1 for i in data if i["spans"])
    print(f"{'kind':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for kk in KINDS + ("clean",):
        a, b = counts["tune"][kk], counts["heldout"][kk]
        label = "clean lines" if kk == "clean" else kk
        print(f"{label:16}{a:>8}{b:>9}{a + b:>8}")
    print(f"{'dirty lines':16}{lines_with(tune):>8}{lines_with(held):>9}{lines_with(items):>8}")
    print(f"{'all lines':16}{len(tune):>8}{len(held):>9}{len(items):>8}")


if __name__ == "__main__":
    main()
