"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
The split is seeded and stable: split.lock records each line's half by a
hash of its text, so a line never moves when lines are added; new lines are
given (rarest kinds first) to the half that is short of the kinds they carry,
ties broken by the hash, so each kind and the clean lines divide evenly.
heldout.json is NEVER used for tuning.
"""
import glob
import hashlib
import json
import os
import re
import sys

SEED = "corpus20-kestrel-1907"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits):
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
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        chunk = line[pos:m.start()]
        text.append(chunk)
        out_len += len(chunk)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        sys.exit(f"{where}: broken markup")
    return {"text": s, "spans": sorted(spans, key=lambda sp: sp["start"])}


def key(text):
    return hashlib.sha256((SEED + "\0" + text).encode()).hexdigest()


def main():
    items, seen = [], set()
    for path in sorted(glob.glob(os.path.join(HERE, "source", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                item = parse(line, f"{os.path.basename(path)}:{n}")
                if item["text"] in seen:
                    print(f"dropped duplicate: {item['text'][:60]}")
                    continue
                seen.add(item["text"])
                items.append(item)
    bad = 0
    for it in items:
        t = it["text"]
        marked = set()
        for sp in it["spans"]:
            frag = t[sp["start"]:sp["end"]]
            assert frag and frag == frag.strip(), (t, frag)
            marked.update(range(sp["start"], sp["end"]))
            if sp["kind"] == "nhs_number":
                d = re.sub(r"\D", "", frag)
                if not nhs_ok(d):
                    print(f"NHS number fails mod 11: {frag!r} in {t!r}")
                    bad += 1
        for m in re.finditer(r"(?<!\d)\d(?:[ -]?\d){9}(?!\d)", t):
            if nhs_ok(re.sub(r"\D", "", m.group())) and not (set(range(m.start(), m.end())) & marked):
                print(f"unmarked number passes mod 11: {m.group()!r} in {t!r}")
                bad += 1
    if bad:
        sys.exit(f"{bad} check failures")

    totals = {k: 0 for k in KINDS}
    for it in items:
        for sp in it["spans"]:
            totals[sp["kind"]] += 1

    def counts(it):
        c = {}
        for sp in it["spans"]:
            c[sp["kind"]] = c.get(sp["kind"], 0) + 1
        return c or {"clean": 1}

    lock_path = os.path.join(HERE, "split.lock")
    lock = {}
    if os.path.exists(lock_path):
        with open(lock_path, encoding="utf-8") as fh:
            lock = json.load(fh)
    halves = {"tune": [], "heldout": []}
    have = {h: {} for h in halves}
    fresh = []
    for it in items:
        k = key(it["text"])
        if k in lock:
            halves[lock[k]].append(it)
            for kind, n in counts(it).items():
                have[lock[k]][kind] = have[lock[k]].get(kind, 0) + n
        else:
            fresh.append((k, it))
    totals["clean"] = sum(1 for it in items if not it["spans"])
    # New lines, rarest kinds first, each to the half that is short of its
    # kinds (weighted by rarity); ties go by the hash, so the seed decides.
    fresh.sort(key=lambda p: (min(totals[kd] for kd in counts(p[1])), p[0]))
    for k, it in fresh:
        c = counts(it)

        def lack(h):
            o = "heldout" if h == "tune" else "tune"
            return sum(n * (have[h].get(kd, 0) - have[o].get(kd, 0)) / max(1, totals[kd])
                       for kd, n in c.items())

        if lack("tune") < lack("heldout"):
            h = "tune"
        elif lack("heldout") < lack("tune"):
            h = "heldout"
        else:
            h = "tune" if int(k[:8], 16) % 2 == 0 else "heldout"
        halves[h].append(it)
        for kind, n in c.items():
            have[h][kind] = have[h].get(kind, 0) + n
        lock[k] = h
    live = {key(it["text"]) for it in items}
    lock = {k: v for k, v in sorted(lock.items()) if k in live}
    with open(lock_path, "w", encoding="utf-8") as fh:
        json.dump(lock, fh, indent=0, sort_keys=True)
        fh.write("\n")
    for h, rows in halves.items():
        rows.sort(key=lambda it: key(it["text"]))
        with open(os.path.join(HERE, f"{h}.json"), "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS + ["clean lines", "dirty lines", "lines"]:
        row = []
        for h in ("tune", "heldout"):
            rows = halves[h]
            if k == "clean lines":
                row.append(sum(1 for it in rows if not it["spans"]))
            elif k == "dirty lines":
                row.append(sum(1 for it in rows if it["spans"]))
            elif k == "lines":
                row.append(len(rows))
            else:
                row.append(sum(1 for it in rows for sp in it["spans"] if sp["kind"] == k))
        print(f"{k:<16}{row[0]:>8}{row[1]:>9}{sum(row):>8}")


if __name__ == "__main__":
    main()
