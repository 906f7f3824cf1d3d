#!/usr/bin/env python3
"""Build tune.json and heldout.json from the hand-written source/*.txt files.

Markup: [[kind:text]] marks an identifier. One line = one example.
"""
import glob, hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent111-balint-seed-7"


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def parse(line):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        kind, val = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError("unknown kind %r" % kind)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(val), "_v": val})
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        raise ValueError("stray markup")
    return t, spans


def check(t, spans, where):
    for s in spans:
        assert t[s["start"]:s["end"]] == s["_v"], where
        if s["kind"] == "nhs_number":
            d = re.sub(r"\D", "", s["_v"])
            assert mod11_ok(d), "%s: NHS number fails mod 11: %s" % (where, s["_v"])
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if mod11_ok(m.group()) and not set(range(m.start(), m.end())) <= covered:
            raise AssertionError("%s: unmarked 10-digit run passes mod 11: %s" % (where, m.group()))


def hkey(t):
    return hashlib.sha256((SEED + "\x00" + t).encode("utf-8")).digest()


def main():
    seen, out, examples = set(), {"tune": [], "heldout": []}, []
    dups = 0
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                where = "%s:%d" % (os.path.basename(path), n)
                t, spans = parse(line)
                check(t, spans, where)
                if t in seen:
                    dups += 1
                    continue
                seen.add(t)
                spans.sort(key=lambda s: (s["start"], s["end"]))
                ex = {"text": t, "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]}
                examples.append(ex)
    # Stratified seeded split: group each line by the rarest kind it contains
    # (or "clean"), order each group by a seeded hash, and deal alternately.
    glob_count = Counter(s["kind"] for ex in examples for s in ex["spans"])
    groups = {}
    for ex in examples:
        kinds = {s["kind"] for s in ex["spans"]}
        key = min(kinds, key=lambda k: (glob_count[k], k)) if kinds else "clean"
        groups.setdefault(key, []).append(ex)
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda ex: hkey(ex["text"]))
        flip = hkey(key)[0] % 2
        for i, ex in enumerate(members):
            out["tune" if (i + flip) % 2 == 0 else "heldout"].append(ex)
    for k in out:
        out[k].sort(key=lambda ex: hkey(ex["text"]))
    for k, v in out.items():
        with open(os.path.join(HERE, k + ".json"), "w", encoding="utf-8") as f:
            json.dump(v, f, ensure_ascii=False, indent=1)
    rows = sorted(KINDS) + ["clean lines", "dirty lines", "all lines"]
    table = {}
    for k, v in out.items():
        c = Counter()
        for ex in v:
            for s in ex["spans"]:
                c[s["kind"]] += 1
            c["clean lines" if not ex["spans"] else "dirty lines"] += 1
            c["all lines"] += 1
        table[k] = c
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for r in rows:
        a, b = table["tune"][r], table["heldout"][r]
        print("| %s | %d | %d | %d |" % (r, a, b, a + b))
    if dups:
        print("(dropped %d exact duplicates)" % dups)


if __name__ == "__main__":
    main()
