#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only)."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent100-balint-fitnotes-7"


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
        pre = line[pos:m.start()]
        if "[[" in pre or "]]" in pre:
            sys.exit(f"{where}: stray brackets")
        text.append(pre)
        out_len += len(pre)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner)
        out_len += len(inner)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        sys.exit(f"{where}: stray brackets")
    text.append(rest)
    t = "".join(text)
    for s in spans:
        if t[s["start"]:s["end"]] != s.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", t[s["start"]:s["end"]])
            if not mod11_ok(d):
                sys.exit(f"{where}: NHS number fails modulus 11: {d}")
    # unmarked 10-digit runs (contiguous, or grouped 3-3-4 with space/dash) must fail mod 11
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d#])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d#])", masked):
        d = "".join(m.groups())
        if mod11_ok(d):
            sys.exit(f"{where}: unmarked digits pass modulus 11: {m.group(0)}")
    for m in re.finditer(r"(?<![\d#])\d{10}(?![\d#])", masked):
        if mod11_ok(m.group(0)):
            sys.exit(f"{where}: unmarked 10-digit run passes modulus 11: {m.group(0)}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, items = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line or line.startswith("#"):
                    continue
                item = parse(line, f"{os.path.basename(path)}:{n}")
                key = item["text"]
                if key in seen:
                    continue
                seen.add(key)
                items.append(item)
    tune, held = [], []
    for it in items:
        h = hashlib.sha256((SEED + it["text"]).encode("utf-8")).digest()
        (tune if h[0] % 2 == 0 else held).append(it)
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    def counts(data):
        c = {k: 0 for k in kinds}
        clean = 0
        for it in data:
            if not it["spans"]:
                clean += 1
            for s in it["spans"]:
                c[s["kind"]] += 1
        return c, clean
    ct, cl_t = counts(tune)
    ch, cl_h = counts(held)
    print(f"{'kind':<16}{'tune':>6}{'heldout':>9}{'total':>7}")
    for k in kinds:
        print(f"{k:<16}{ct[k]:>6}{ch[k]:>9}{ct[k]+ch[k]:>7}")
    print(f"{'clean lines':<16}{cl_t:>6}{cl_h:>9}{cl_t+cl_h:>7}")
    print(f"{'dirty lines':<16}{len(tune)-cl_t:>6}{len(held)-cl_h:>9}{len(items)-cl_t-cl_h:>7}")
    print(f"{'all lines':<16}{len(tune):>6}{len(held):>9}{len(items):>7}")


if __name__ == "__main__":
    main()
