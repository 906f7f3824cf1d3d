"""Build tune.json and heldout.json from source/*.txt (corpus independent25).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
'#' lines and blank lines are skipped. Python stdlib only.

Split: each line goes to a half by the low bit of SHA-256(SEED, NUL, the line's
text). It depends on nothing but the seed and the line itself, so a line never
moves when lines are added or removed. The seed was picked once, when the corpus
was finished (the suffix 1492 of 3000 tried), as the one under which every kind's
spans and the clean lines divide most evenly; it is fixed from then on. The build
fails if any kind drifts further than TOLERANCE from 50/50.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent25:kettle-on-at-seven:1492"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TEN = re.compile(r"(?<!\d)(\d[\d \-]{8,14}\d)(?!\d)")
TOLERANCE = 0.10  # a kind's share in either half must stay within 50% +/- 10 points

HERE = os.path.dirname(os.path.abspath(__file__))


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
        sys.exit(f"{where}: broken markup")
    return plain, spans


def half(text):
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] & 1 == 0 else "heldout"


def main():
    seen, items = set(), []
    dropped = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                for s in spans:
                    ident = text[s["start"]:s["end"]]
                    if ident != ident.strip() or not ident:
                        sys.exit(f"{where}: span has edge spaces: {ident!r}")
                    if s["kind"] == "nhs_number":
                        digits = re.sub(r"\D", "", ident)
                        if not mod11_ok(digits):
                            sys.exit(f"{where}: NHS number fails modulus 11: {ident}")
                # no unmarked 10-digit number may pass modulus 11
                covered = [(s["start"], s["end"]) for s in spans]
                for m in TEN.finditer(text):
                    digits = re.sub(r"\D", "", m.group(1))
                    if len(digits) == 10 and mod11_ok(digits):
                        inside = any(a <= m.start(1) and m.end(1) <= b for a, b in covered)
                        if not inside:
                            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")
                spans.sort(key=lambda s: s["start"])
                items.append({"text": text, "spans": spans})

    halves = {"tune": [], "heldout": []}
    for it in items:
        halves[half(it["text"])].append(it)

    for name, lst in halves.items():
        for it in lst:  # round trip
            for s in it["spans"]:
                assert 0 <= s["start"] < s["end"] <= len(it["text"])
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(lst, f, ensure_ascii=False, indent=1)
            f.write("\n")

    def counts(lst):
        c = {k: 0 for k in KINDS}
        c["lines"] = len(lst)
        c["clean lines"] = sum(1 for it in lst if not it["spans"])
        c["dirty lines"] = c["lines"] - c["clean lines"]
        for it in lst:
            for s in it["spans"]:
                c[s["kind"]] += 1
        return c

    ct, ch = counts(halves["tune"]), counts(halves["heldout"])
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    bad = []
    for k in ["lines", "clean lines", "dirty lines"] + KINDS:
        tot = ct[k] + ch[k]
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{tot:>8}")
        if tot >= 20 and abs(ct[k] / tot - 0.5) > TOLERANCE:
            bad.append(k)
    if dropped:
        print(f"dropped {dropped} exact duplicate line(s)")
    if bad:
        sys.exit(f"split uneven for: {', '.join(bad)}")


if __name__ == "__main__":
    main()
