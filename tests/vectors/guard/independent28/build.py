#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines starting with '#' and blank lines are skipped; exact duplicates are dropped.

Split: each line gets u = sha256(SEED + text) read as a fraction in [0, 1);
u < 0.5 goes to tune, otherwise heldout.  That alone is stable when lines are
added.  Then, so each kind's spans and the clean lines divide evenly, the
fewest lines needed are moved from the bigger half to the smaller one, always
the lines whose u lies nearest the 0.5 boundary (so a new line can only nudge
the few lines sitting on that boundary).  heldout.json is never used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "corpus28-tarn-hows-7719"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        sys.exit(f"{where}: broken markup: {line!r}")
    spans.sort(key=lambda s: s["start"])
    # Round trip: writing the markup back must give the source line again.
    back, prev = [], 0
    for s in spans:
        back.append(plain[prev:s["start"]])
        back.append(f"[[{s['kind']}:{plain[s['start']:s['end']]}]]")
        prev = s["end"]
    back.append(plain[prev:])
    if "".join(back) != line:
        sys.exit(f"{where}: span does not round-trip: {line!r}")
    return plain, spans


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


TEN = re.compile(r"(?<![\d])(\d{3}[ -]?\d{3}[ -]?\d{4}|\d{10})(?![\d])")


def frac(text):
    return int(hashlib.sha256((SEED + text).encode("utf-8")).hexdigest()[:15], 16) / 16**15


def main():
    items, seen, dups = [], set(), 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                if text in seen:
                    dups += 1
                    continue
                seen.add(text)
                for s in spans:
                    ident = text[s["start"]:s["end"]]
                    if ident != ident.strip() or not ident:
                        sys.exit(f"{where}: span has edge spaces: {ident!r}")
                    if s["kind"] == "nhs_number" and not nhs_ok(re.sub(r"[ -]", "", ident)):
                        sys.exit(f"{where}: NHS number fails modulus 11: {ident}")
                marked = [(s["start"], s["end"]) for s in spans]
                for m in TEN.finditer(text):
                    inside = any(a <= m.start() and m.end() <= b for a, b in marked)
                    if not inside and nhs_ok(re.sub(r"[ -]", "", m.group(1))):
                        sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")
                items.append({"text": text, "spans": spans, "u": frac(text), "where": where})

    for it in items:
        it["half"] = "tune" if it["u"] < 0.5 else "heldout"

    def count(half, kind):
        if kind is None:
            return sum(1 for it in items if it["half"] == half and not it["spans"])
        return sum(1 for it in items if it["half"] == half for s in it["spans"] if s["kind"] == kind)

    def weight(it, kind):
        if kind is None:
            return 1 if not it["spans"] else 0
        return sum(1 for s in it["spans"] if s["kind"] == kind)

    # Rarest kinds first, so balancing names afterwards disturbs them least.
    order = sorted(KINDS, key=lambda k: sum(weight(it, k) for it in items)) + [None]
    done = set()
    for kind in order:
        for _ in range(len(items)):
            t, h = count("tune", kind), count("heldout", kind)
            if abs(t - h) <= 1:
                break
            big = "tune" if t > h else "heldout"
            small = "heldout" if big == "tune" else "tune"
            # Prefer lines that touch no kind already balanced.
            cands = [it for it in items if it["half"] == big and weight(it, kind) > 0]
            pure = [it for it in cands if not any(weight(it, k) for k in done)]
            pool = pure or cands
            pool = [it for it in pool if abs((t - h) - 2 * weight(it, kind) * (1 if big == "tune" else -1)) < abs(t - h)]
            if not pool:
                break
            pick = min(pool, key=lambda it: abs(it["u"] - 0.5))
            pick["half"] = small
        done.add(kind)

    halves = {"tune": [], "heldout": []}
    for it in sorted(items, key=lambda it: it["u"]):
        halves[it["half"]].append({"text": it["text"], "spans": it["spans"]})
    for half, rows in halves.items():
        with open(os.path.join(HERE, f"{half}.json"), "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        # Round trip: every span must point at exactly the marked identifier.
    for it in items:
        for s in it["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(it["text"])

    print(f"lines {len(items)} (duplicates dropped: {dups})")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for kind in KINDS + [None]:
        t, h = count("tune", kind), count("heldout", kind)
        print(f"{kind or 'clean lines':<16}{t:>8}{h:>9}{t + h:>8}")
    t, h = len(halves["tune"]), len(halves["heldout"])
    print(f"{'all lines':<16}{t:>8}{h:>9}{t + h:>8}")


if __name__ == "__main__":
    main()
