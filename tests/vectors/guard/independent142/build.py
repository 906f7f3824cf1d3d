"""Build tune.json and heldout.json for guard corpus independent142.

Standard library only. Reads source/*.txt (one sentence or message per line,
identifiers written [[kind:text]]), validates every line, drops exact
duplicates, and splits the lines into two halves with a seeded SHA-256 hash.
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "independent142-seed-4826"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")

MARK = re.compile(r"\[\[([^:\[\]]+):([^\[\]]+?)\]\]")
TITLE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd|lady|lord|nurse|sister)(\.|\s|$)", re.I)
DIGIT_CHAIN = re.compile(r"\d+(?:[ -]\d+)*")


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        c = 0
    if c == 10:
        return False
    return c == int(digits[9])


class BuildError(Exception):
    pass


def parse(raw, where):
    text_parts = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if inner != inner.strip():
            raise BuildError(f"{where}: span has outer whitespace: {inner!r}")
        if kind == "name":
            if TITLE.match(inner):
                raise BuildError(f"{where}: title inside name span: {inner!r}")
            if inner.endswith("'s") or inner.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span: {inner!r}")
        if kind == "nhs_number":
            digits = re.sub(r"[ -]", "", inner)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {inner!r}")
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: unbalanced markup")
    for s, m in zip(spans, MARK.finditer(raw)):
        if text[s["start"]:s["end"]] != m.group(2):
            raise BuildError(f"{where}: span does not round-trip: {m.group(0)!r}")
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    check_unmarked_numbers(text, spans, where)
    return text, spans


def check_unmarked_numbers(text, spans, where):
    nhs = [(s["start"], s["end"]) for s in spans if s["kind"] == "nhs_number"]
    for m in DIGIT_CHAIN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group(0))]
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += groups[j][1] - groups[j][0]
                if total > 10:
                    break
                if total == 10:
                    a, b = groups[i][0], groups[j][1]
                    digits = re.sub(r"\D", "", text[a:b])
                    if mod11_ok(digits) and not any(s <= a and b <= e for s, e in nhs):
                        raise BuildError(
                            f"{where}: unmarked 10-digit number passes modulus 11: {text[a:b]!r}")


def load():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    items = []
    seen = set()
    dropped = 0
    per_file = {}
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                raw = raw.rstrip("\n").rstrip("\r")
                if not raw.strip():
                    continue
                if raw != raw.strip():
                    raise BuildError(f"{name}:{lineno}: leading or trailing whitespace")
                text, spans = parse(raw, f"{name}:{lineno}")
                if raw in seen:
                    dropped += 1
                    continue
                seen.add(raw)
                items.append({"text": text, "spans": spans, "_src": (name, lineno)})
                per_file[name] = per_file.get(name, 0) + 1
    return items, dropped, per_file


def split(items):
    totals = {k: 0 for k in KINDS}
    for it in items:
        for s in it["spans"]:
            totals[s["kind"]] += 1
    strata = {}
    for it in items:
        kinds = {s["kind"] for s in it["spans"]}
        key = min(kinds, key=lambda k: (totals[k], k)) if kinds else "clean"
        strata.setdefault(key, []).append(it)
    tune, heldout = [], []
    toggle = 0
    for key in sorted(strata):
        group = sorted(
            strata[key],
            key=lambda it: hashlib.sha256((SEED + "\x00" + it["text"]).encode("utf-8")).hexdigest())
        for it in group:
            (tune if toggle == 0 else heldout).append(it)
            toggle ^= 1
    order = lambda it: it["_src"]
    return sorted(tune, key=order), sorted(heldout, key=order)


def counts(half):
    c = {k: 0 for k in KINDS}
    dirty = 0
    for it in half:
        if it["spans"]:
            dirty += 1
        for s in it["spans"]:
            c[s["kind"]] += 1
    return c, dirty, len(half) - dirty, len(half)


def main():
    try:
        items, dropped, per_file = load()
    except BuildError as e:
        sys.exit(f"build.py: error: {e}")
    tune, heldout = split(items)
    for fname, half in (("tune.json", tune), ("heldout.json", heldout)):
        data = [{"text": it["text"], "spans": it["spans"]} for it in half]
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    ct, dt, clt, nt = counts(tune)
    ch, dh, clh, nh = counts(heldout)
    print(f"source files: {len(per_file)}; lines kept: {len(items)}; duplicates dropped: {dropped}")
    print()
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    st, sh = sum(ct.values()), sum(ch.values())
    print(f"| **all spans** | {st} | {sh} | {st + sh} |")
    print(f"| dirty lines | {dt} | {dh} | {dt + dh} |")
    print(f"| clean lines | {clt} | {clh} | {clt + clh} |")
    print(f"| total lines | {nt} | {nh} | {nt + nh} |")
    if "-v" in sys.argv:
        print()
        allspans = st + sh
        print(f"name share of spans: {(ct['name'] + ch['name']) / max(allspans, 1):.1%}")
        print(f"clean share of lines: {(clt + clh) / max(nt + nh, 1):.1%}")
        for f in sorted(per_file):
            print(f"  {f}: {per_file[f]}")


if __name__ == "__main__":
    main()
