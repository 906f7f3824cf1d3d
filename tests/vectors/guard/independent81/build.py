#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt ([[kind:text]] markup). stdlib only."""
import glob, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
SEED = "independent81-balint-bereavement"


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def parse(line, where):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        chunk = line[pos:m.start()]
        text.append(chunk); out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(inner), "_t": inner})
        text.append(inner); out_len += len(inner)
        pos = m.end()
    text.append(line[pos:])
    t = "".join(text)
    if "[[" in t or "]]" in t:
        sys.exit(f"{where}: stray markup")
    for sp in spans:
        if t[sp["start"]:sp["end"]] != sp.pop("_t"):
            sys.exit(f"{where}: span does not round-trip")
        if sp["kind"] == "nhs_number":
            if not mod11_ok(re.sub(r"\D", "", t[sp["start"]:sp["end"]])):
                sys.exit(f"{where}: NHS number fails modulus 11")
    covered = set()
    for sp in spans:
        covered.update(range(sp["start"], sp["end"]))
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", t):
        if not set(range(m.start(), m.end())) & covered and mod11_ok(m.group()):
            sys.exit(f"{where}: unmarked 10-digit run {m.group()} passes modulus 11")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"text": t, "spans": spans}


def main():
    seen, items = set(), []
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                item = parse(line, f"{os.path.basename(path)}:{n}")
                if item["text"] in seen:
                    continue
                seen.add(item["text"])
                items.append(item)
    # Seeded-hash split, balanced: lines are visited in the order of a seeded
    # hash; each goes to the half that holds fewer of its kinds so far (clean
    # lines count as their own kind); ties are broken by a bit of the hash.
    halves = {"tune": [], "heldout": []}
    tally = {"tune": {}, "heldout": {}}

    def h(it):
        return hashlib.sha256((SEED + "\x00" + it["text"]).encode("utf-8")).digest()

    for it in sorted(items, key=h):
        kinds = [s["kind"] for s in it["spans"]] or ["(clean)"]
        score = {k: sum(tally[k].get(x, 0) for x in kinds) for k in halves}
        if score["tune"] != score["heldout"]:
            side = min(score, key=score.get)
        else:
            side = "tune" if h(it)[-1] % 2 == 0 else "heldout"
        halves[side].append(it)
        for x in kinds:
            tally[side][x] = tally[side].get(x, 0) + 1
    for name, lst in halves.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(lst, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds = sorted(KINDS)
    print("| kind | tune | heldout | total |")
    print("| --- | ---: | ---: | ---: |")
    for k in kinds:
        a = sum(1 for it in halves["tune"] for s in it["spans"] if s["kind"] == k)
        b = sum(1 for it in halves["heldout"] for s in it["spans"] if s["kind"] == k)
        print(f"| {k} | {a} | {b} | {a + b} |")
    for label, pred in (("clean lines", lambda it: not it["spans"]), ("dirty lines", lambda it: bool(it["spans"])), ("all lines", lambda it: True)):
        a = sum(1 for it in halves["tune"] if pred(it)); b = sum(1 for it in halves["heldout"] if pred(it))
        print(f"| {label} | {a} | {b} | {a + b} |")


if __name__ == "__main__":
    main()
