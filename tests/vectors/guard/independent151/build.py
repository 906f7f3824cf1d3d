#!/usr/bin/env python3
"""Build tune.json and heldout.json for guard corpus independent151 (stdlib only)."""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent151-seed-7384"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sister|nurse|rev|sir|dame|lady|lord)\b\.?\s", re.I)
CHAIN = re.compile(r"(?<![\w])\d+(?:[ -]\d+)*(?![\w])")


def die(msg):
    sys.exit("build.py: error: " + msg)


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        plain = line[pos:m.start()]
        if "[[" in plain or "]]" in plain:
            die(f"{where}: stray markup")
        text.append(plain)
        out_len += len(plain)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            die(f"{where}: unknown kind {kind!r}")
        if val != val.strip() or not val:
            die(f"{where}: span has outer whitespace: {val!r}")
        if kind == "name":
            if TITLE.match(val):
                die(f"{where}: title inside name span: {val!r}")
            if re.search(r"['\u2019]s$", val):
                die(f"{where}: possessive inside name span: {val!r}")
        if kind == "nhs_number":
            d = re.sub(r"[ -]", "", val)
            if not nhs_ok(d):
                die(f"{where}: NHS number fails modulus 11: {val!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val)})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        die(f"{where}: stray markup")
    text.append(rest)
    text = "".join(text)
    return text, spans


def check_unmarked(text, spans, where):
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in CHAIN.finditer(masked):
        digits = re.sub(r"[ -]", "", m.group(0))
        if len(digits) == 10 and nhs_ok(digits):
            die(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
        for run in re.findall(r"\d+", m.group(0)):
            if len(run) == 10 and nhs_ok(run):
                die(f"{where}: unmarked 10-digit number passes modulus 11: {run!r}")


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        die("no source files")
    seen, records, dupes = set(), [], 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                where = f"{os.path.basename(path)}:{n}"
                text, spans = parse(line, where)
                for s in spans:
                    if text[s["start"]:s["end"]] not in line:
                        die(f"{where}: span does not round-trip")
                # round-trip: re-render and compare
                rebuilt, last = [], 0
                for s in spans:
                    rebuilt.append(text[last:s["start"]])
                    rebuilt.append(f"[[{s['kind']}:{text[s['start']:s['end']]}]]")
                    last = s["end"]
                rebuilt.append(text[last:])
                if "".join(rebuilt) != line:
                    die(f"{where}: span does not round-trip")
                check_unmarked(text, spans, where)
                if text in seen:
                    dupes += 1
                    continue
                seen.add(text)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                records.append({"text": text, "spans": spans})

    overall = {k: 0 for k in KINDS}
    for r in records:
        for s in r["spans"]:
            overall[s["kind"]] += 1

    def stratum(r):
        kinds = {s["kind"] for s in r["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (overall[k], KINDS.index(k)))

    def h(r):
        return hashlib.sha256((SEED + "\n" + r["text"]).encode("utf-8")).hexdigest()

    strata = {}
    for r in records:
        strata.setdefault(stratum(r), []).append(r)
    tune, held = [], []
    for key in sorted(strata):
        for i, r in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else held).append(r)
    tune.sort(key=h)
    held.sort(key=h)

    for name, data in (("tune.json", tune), ("heldout.json", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = {k: 0 for k in KINDS}
        dirty = 0
        for r in data:
            if r["spans"]:
                dirty += 1
            for s in r["spans"]:
                c[s["kind"]] += 1
        return c, dirty, len(data) - dirty, len(data)

    ct, cd = counts(tune), counts(held)
    print(f"files: {len(files)}  lines: {len(records)}  duplicates dropped: {dupes}")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:<16}{ct[0][k]:>8}{cd[0][k]:>9}{ct[0][k] + cd[0][k]:>8}")
    for label, i in (("dirty lines", 1), ("clean lines", 2), ("total lines", 3)):
        print(f"{label:<16}{ct[i]:>8}{cd[i]:>9}{ct[i] + cd[i]:>8}")


if __name__ == "__main__":
    main()
