#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
Lines that are blank or start with '#' are skipped.

Split: each line first goes to the half given by the parity of a seeded
SHA-256 of its own text.  Then single lines, tried in the order of a second
hash of their text, change half only while that strictly lowers the imbalance
of span counts per kind and of clean lines, so each kind ends within one of
even and only a few lines ever move.  See README.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "corpus15-kestrel-1907"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
HERE = os.path.dirname(os.path.abspath(__file__))


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
        plain = line[pos:m.start()]
        if "[[" in plain or "]]" in plain:
            sys.exit(f"{where}: broken markup")
        text.append(plain)
        out_len += len(plain)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    tail = line[pos:]
    if "[[" in tail or "]]" in tail:
        sys.exit(f"{where}: broken markup")
    text.append(tail)
    s = "".join(text)
    return {"text": s, "spans": sorted(spans, key=lambda sp: sp["start"])}


TEN = re.compile(r"(?<![\d])(\d(?:[ \-]?\d){9})(?![\d])")


def check(item: dict, where: str, raw: str) -> None:
    s = item["text"]
    idents = MARK.findall(raw)
    for sp, (kind, ident) in zip(item["spans"], idents):
        if s[sp["start"]:sp["end"]] != ident or sp["kind"] != kind:
            sys.exit(f"{where}: span does not round-trip: {ident!r}")
        if ident != ident.strip():
            sys.exit(f"{where}: span has outer whitespace: {ident!r}")
        if kind == "nhs_number":
            d = re.sub(r"\D", "", ident)
            if not nhs_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {ident!r}")
    covered = [(sp["start"], sp["end"]) for sp in item["spans"]]
    for m in TEN.finditer(s):
        d = re.sub(r"\D", "", m.group(1))
        inside = any(a <= m.start(1) and m.end(1) <= b for a, b in covered)
        if not inside and nhs_ok(d):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def u(text: str) -> int:
    return int.from_bytes(hashlib.sha256((SEED + "\x00" + text).encode()).digest()[:8], "big")


def main() -> None:
    items, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").strip()
                if not raw or raw.startswith("#"):
                    continue
                where = f"{os.path.basename(path)}:{n}"
                item = parse(raw, where)
                check(item, where, raw)
                if item["text"] in seen:
                    dups += 1
                    continue
                seen.add(item["text"])
                items.append(item)
    total = {k: 0 for k in KINDS}
    for it in items:
        for sp in it["spans"]:
            total[sp["kind"]] += 1

    # First choice: the parity of a seeded hash of the line's own text, which
    # never changes when other lines are added.
    side = {id(it): u(it["text"]) % 2 for it in items}

    def counts(it: dict) -> dict:
        c = {k: 0 for k in KINDS}
        for sp in it["spans"]:
            c[sp["kind"]] += 1
        c["clean"] = 0 if it["spans"] else 1
        return c

    per = {id(it): counts(it) for it in items}
    keys = KINDS + ("clean",)

    def imbalance() -> dict:
        d = {k: 0 for k in keys}
        for it in items:
            sign = 1 if side[id(it)] == 0 else -1
            for k in keys:
                d[k] += sign * per[id(it)][k]
        return d

    def cost(d: dict) -> int:
        return sum(max(abs(v) - 1, 0) for v in d.values())

    # Balance: move single lines, tried in the order of a second hash of their
    # text, only while a move strictly lowers the total imbalance.  Few lines
    # move, and the same few for the same corpus.
    order = sorted(items, key=lambda it: u("move\x00" + it["text"]))
    d = imbalance()
    improved = True
    while improved and cost(d) > 0:
        improved = False
        for it in order:
            sign = 1 if side[id(it)] == 0 else -1
            nd = {k: d[k] - 2 * sign * per[id(it)][k] for k in keys}
            if cost(nd) < cost(d):
                side[id(it)] = 1 - side[id(it)]
                d = nd
                improved = True
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    for it in items:
        halves["tune" if side[id(it)] == 0 else "heldout"].append(it)
    for group in halves.values():
        group.sort(key=lambda it: u(it["text"]))
    for name, group in halves.items():
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(group, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    print(f"lines: {len(items)} (dropped {dups} exact duplicates)")
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>7}")
    for k in KINDS + ("clean lines", "dirty lines"):
        row: list[int] = []
        for name in ("tune", "heldout"):
            rows = halves[name]
            if k == "clean lines":
                row.append(sum(1 for it in rows if not it["spans"]))
            elif k == "dirty lines":
                row.append(sum(1 for it in rows if it["spans"]))
            else:
                row.append(sum(1 for it in rows for sp in it["spans"] if sp["kind"] == k))
        print(f"{k:<16}{row[0]:>7}{row[1]:>9}{sum(row):>7}")


if __name__ == "__main__":
    main()
