#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent99-balint-chat-77"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
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
        sys.exit(f"{where}: stray markup")
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: nhs_number fails modulus 11: {d}")
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 with space/dash) must fail mod 11
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for rx in (r"(?<!\d)\d{10}(?!\d)", r"(?<!\d)(?<!\d[ -])\d+(?:[ -]\d+)*(?!\d)"):
        for m in re.finditer(rx, t):
            if set(range(m.start(), m.end())) & covered:
                continue
            d = re.sub(r"\D", "", m.group())
            if len(d) == 10 and mod11_ok(d):
                sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group()}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, rows = set(), []
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                rec = parse(line, f"{os.path.basename(path)}:{n}")
                if rec["text"] in seen:
                    dups += 1
                    continue
                seen.add(rec["text"])
                rows.append(rec)
    halves = {"tune": [], "heldout": []}
    for rec in rows:
        h = hashlib.sha256((SEED + "\x00" + rec["text"]).encode("utf-8")).digest()
        halves["tune" if h[0] % 2 == 0 else "heldout"].append(rec)
    for name, recs in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(recs, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"lines: {len(rows)} (dropped {dups} exact duplicates)")
    print(f"{'':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    def counts(recs):
        c = {k: 0 for k in KINDS}
        clean = 0
        for r in recs:
            if not r["spans"]:
                clean += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c, clean, len(recs)
    ct, cleant, nt = counts(halves["tune"])
    ch, cleanh, nh = counts(halves["heldout"])
    for k in KINDS:
        print(f"{k:16}{ct[k]:>8}{ch[k]:>9}{ct[k]+ch[k]:>8}")
    print(f"{'clean lines':16}{cleant:>8}{cleanh:>9}{cleant+cleanh:>8}")
    print(f"{'dirty lines':16}{nt-cleant:>8}{nh-cleanh:>9}{nt-cleant+nh-cleanh:>8}")
    print(f"{'all lines':16}{nt:>8}{nh:>9}{nt+nh:>8}")


if __name__ == "__main__":
    main()
