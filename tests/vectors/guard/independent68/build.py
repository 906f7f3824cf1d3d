#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (markup: [[kind:text]])."""
import hashlib, json, re, sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
SEED = "independent68-balint-2026"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


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
    spans.sort(key=lambda s: (s["start"], s["end"]))
    # unmarked digit groups: any run of groups (joined by one space or dash) totalling 10 digits
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in re.finditer(r"(?<![\d])\d+(?:[ \-]\d+)*(?![\d])", masked):
        groups = re.split(r"[ \-]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for g in groups[i:]:
                acc += g
                if len(acc) == 10 and mod11_ok(acc):
                    sys.exit(f"{where}: unmarked 10 digits pass modulus 11 ({acc}): {line}")
                if len(acc) >= 10:
                    break
    return {"text": t, "spans": spans}


def main():
    records, seen = [], {}
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line, f"{path.name}:{n}")
            if rec["text"] in seen:
                if seen[rec["text"]] != rec["spans"]:
                    sys.exit(f"{path.name}:{n}: same text as an earlier line but marked differently")
                dropped += 1
                continue
            seen[rec["text"]] = rec["spans"]
            records.append(rec)
    # stratify by the set of kinds in a line (or "clean"), order each stratum by a seeded hash,
    # and alternate tune / heldout so every kind and the clean lines divide about evenly
    strata = defaultdict(list)
    for r in records:
        key = ",".join(sorted({s["kind"] for s in r["spans"]})) or "clean"
        strata[key].append(r)
    tune, held = [], []
    flip = 0
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha256((SEED + r["text"]).encode()).hexdigest())
        for i, r in enumerate(items):
            (tune if (i + flip) % 2 == 0 else held).append(r)
        flip += len(items) % 2
    order = lambda r: hashlib.sha256((SEED + "order" + r["text"]).encode()).hexdigest()
    tune.sort(key=order)
    held.sort(key=order)
    for fn, data in (("tune.json", tune), ("heldout.json", held)):
        (HERE / fn).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def count(data):
        c = Counter(s["kind"] for r in data for s in r["spans"])
        c["lines"] = len(data)
        c["clean lines"] = sum(1 for r in data if not r["spans"])
        c["dirty lines"] = sum(1 for r in data if r["spans"])
        return c
    ct, ch = count(tune), count(held)
    rows = ["lines", "clean lines", "dirty lines"] + sorted(KINDS)
    print(f"duplicates dropped: {dropped}")
    print(f"| {'':16} | {'tune':>5} | {'heldout':>7} | {'total':>5} |")
    print(f"|{'-'*18}|{'-'*7}|{'-'*9}|{'-'*7}|")
    for k in rows:
        print(f"| {k:16} | {ct[k]:>5} | {ch[k]:>7} | {ct[k]+ch[k]:>5} |")


if __name__ == "__main__":
    main()
