"""Build tune.json and heldout.json from source/*.txt (Python stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped.

Split: a seeded, stable 50/50 split. Each line's text is hashed with SEED. The
half a line was first given is kept in split_ledger.json (keyed by that hash),
so a line in tune.json stays in tune.json when lines are added. Lines not yet
in the ledger are placed in hash order, each into the half that keeps every
kind's span count and the clean-line count most even (ties broken by a hash
bit; lines holding several or rare kinds are placed first). heldout.json is never
used for tuning.

Run:  python3 build.py
"""

import hashlib
import json
import re
import sys
from pathlib import Path

SEED = "corpus27-rowan-and-the-kettle-1957"
HERE = Path(__file__).resolve().parent
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<![\d])(\d{3}[ -]?\d{3}[ -]?\d{4}|\d{10}|\d{2}[ -]\d{4}[ -]\d{4}|\d{5}[ -]\d{5})(?![\d])")


def mod11_ok(number):
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == digits[9]


def parse(line, where):
    text = ""
    spans = []
    pos = 0
    for m in MARK.finditer(line):
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        text += line[pos:m.start()]
        start = len(text)
        text += value
        spans.append({"kind": kind, "start": start, "end": len(text)})
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: broken markup: {line!r}")
    for s in spans:
        value = text[s["start"]:s["end"]]
        if value != value.strip() or not value:
            sys.exit(f"{where}: span has edge spaces: {value!r}")
    return {"text": text, "spans": sorted(spans, key=lambda s: s["start"])}


def check(item, where):
    text = item["text"]
    rebuilt = text
    for s in reversed(item["spans"]):
        value = text[s["start"]:s["end"]]
        rebuilt = rebuilt[:s["start"]] + f"[[{s['kind']}:{value}]]" + rebuilt[s["end"]:]
        if s["kind"] == "nhs_number" and not mod11_ok(value):
            sys.exit(f"{where}: NHS number fails modulus 11: {value!r}")
    again = parse(rebuilt, where)
    if again != item:
        sys.exit(f"{where}: span does not round-trip")
    covered = set()
    for s in item["spans"]:
        covered.update(range(s["start"], s["end"]))
    for m in TEN.finditer(text):
        if covered.intersection(range(m.start(), m.end())):
            continue
        if mod11_ok(m.group(0)):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")


def key(text):
    return hashlib.sha256((SEED + "\n" + text).encode("utf-8")).hexdigest()


def load():
    items, seen = [], set()
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse(line, where)
            check(item, where)
            if item["text"] in seen:
                dropped += 1
                continue
            seen.add(item["text"])
            items.append(item)
    return items, dropped


def counts(item):
    c = {k: 0 for k in KINDS}
    for s in item["spans"]:
        c[s["kind"]] += 1
    c["clean"] = 0 if item["spans"] else 1
    return c


def split(items):
    ledger_path = HERE / "split_ledger.json"
    ledger = json.loads(ledger_path.read_text()) if ledger_path.exists() else {}
    halves = {"tune": [], "heldout": []}
    totals = {h: {k: 0 for k in KINDS + ["clean"]} for h in halves}
    fresh = []
    for item in items:
        k = key(item["text"])
        if k in ledger:
            halves[ledger[k]].append(item)
            for kind, v in counts(item).items():
                totals[ledger[k]][kind] += v
        else:
            fresh.append((k, item))
    # lines holding many or rare kinds first, so later single-kind lines can even things out
    def order(pair):
        c = counts(pair[1])
        return (-sum(v for kind, v in c.items() if kind not in ("name", "clean")), -c["name"], pair[0])

    for k, item in sorted(fresh, key=order):
        c = counts(item)
        cost = {}
        for h, other in (("tune", "heldout"), ("heldout", "tune")):
            cost[h] = sum(abs(totals[h][kind] + v - totals[other][kind]) for kind, v in c.items() if v)
        if cost["tune"] < cost["heldout"]:
            half = "tune"
        elif cost["heldout"] < cost["tune"]:
            half = "heldout"
        else:
            half = "tune" if int(k[-1], 16) % 2 == 0 else "heldout"
        ledger[k] = half
        halves[half].append(item)
        for kind, v in c.items():
            totals[half][kind] += v
    live = {key(item["text"]) for item in items}
    ledger = {k: v for k, v in sorted(ledger.items()) if k in live}
    ledger_path.write_text(json.dumps(ledger, indent=0, sort_keys=True) + "\n")
    return halves, totals


def main():
    items, dropped = load()
    halves, totals = split(items)
    for h, rows in halves.items():
        rows.sort(key=lambda it: key(it["text"]))
        (HERE / f"{h}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"lines: {len(items)} (exact duplicates dropped: {dropped})")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for kind in KINDS + ["clean"]:
        label = "clean lines" if kind == "clean" else kind
        a, b = totals["tune"][kind], totals["heldout"][kind]
        print(f"{label:<16}{a:>8}{b:>9}{a + b:>8}")
    a, b = len(halves["tune"]), len(halves["heldout"])
    print(f"{'all lines':<16}{a:>8}{b:>9}{a + b:>8}")


if __name__ == "__main__":
    main()
