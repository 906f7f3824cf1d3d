#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
SEED = "balint-leaders-76-1739"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    s = sum(int(digits[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup: {line}")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {line}")
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for m in re.finditer(r"(?<!\d)(\d{10}|\d{3}[ -]\d{3}[ -]\d{4})(?!\d)", t):
        if covered & set(range(m.start(), m.end())):
            continue
        if mod11_ok(re.sub(r"\D", "", m.group(1))):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {line}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def bucket(text):
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main():
    seen, halves = set(), {"tune": [], "heldout": []}
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                halves[bucket(rec["text"])].append(rec)
    for half, recs in halves.items():
        with open(os.path.join(HERE, f"{half}.json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
    print(f"duplicates dropped: {dups}")
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    rows = [("lines", lambda r: 1), ("clean lines", lambda r: 0 if r["spans"] else 1),
            ("dirty lines", lambda r: 1 if r["spans"] else 0)]
    rows += [(k, (lambda k: lambda r: sum(s["kind"] == k for s in r["spans"]))(k)) for k in KINDS]
    for label, fn in rows:
        a = sum(fn(r) for r in halves["tune"])
        b = sum(fn(r) for r in halves["heldout"])
        print(f"{label:16}{a:>8}{b:>9}{a + b:>8}")


if __name__ == "__main__":
    main()
