#!/usr/bin/env python3
"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Each non-blank line of source/*.txt is one example. Identifiers are marked
inline as [[kind:text]]. The script strips the markup, records the spans as
Python str offsets, validates everything, drops exact duplicates and splits
the lines into two halves with a seeded SHA-256 hash, stratified by the
rarest kind present in each line.
"""
import collections
import glob
import hashlib
import json
import os
import re
import sys

SEED = "independent150-seed-7391"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
          "rev", "revd", "reverend", "sister", "nurse", "doctor", "lady", "lord", "master"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
RUN = re.compile(r"\d+(?:[ -]\d+)*")

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildError(Exception):
    pass


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


def parse(line, where):
    text_parts, spans, pos, out_len = [], [], 0, 0
    for m in MARK.finditer(line):
        kind, inner = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        before = line[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        start = out_len
        text_parts.append(inner)
        out_len += len(inner)
        spans.append({"kind": kind, "start": start, "end": out_len, "_text": inner})
        pos = m.end()
    text_parts.append(line[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: stray markup in {line!r}")
    for s in spans:
        got = text[s["start"]:s["end"]]
        if got != s["_text"]:
            raise BuildError(f"{where}: span does not round-trip: {got!r} != {s['_text']!r}")
        if got != got.strip() or not got:
            raise BuildError(f"{where}: span has outer whitespace or is empty: {got!r}")
        if s["kind"] == "name":
            first = re.split(r"[\s.]+", got.strip())[0].lower()
            if first in TITLES:
                raise BuildError(f"{where}: title inside name span: {got!r}")
            if re.search(r"['\u2019]s$", got):
                raise BuildError(f"{where}: possessive inside name span: {got!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", got)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {got!r}")
    # unmarked 10-digit numbers must fail modulus 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "\u00a7"
    masked = "".join(masked)
    for m in RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    raise BuildError(f"{where}: unmarked 10-digit number passes modulus 11: "
                                     f"{acc!r} in {text!r}")
                if len(acc) >= 10:
                    break
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{where}: overlapping spans")
    return text, [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]


def main():
    files = sorted(glob.glob(os.path.join(HERE, "source", "*.txt")))
    if not files:
        raise BuildError("no source files")
    seen, items, dropped = set(), [], 0
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").strip()
                if not line:
                    continue
                text, spans = parse(line, f"{name}:{n}")
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                items.append({"text": text, "spans": spans})

    global_counts = collections.Counter(s["kind"] for it in items for s in it["spans"])

    def stratum(it):
        kinds = {s["kind"] for s in it["spans"]}
        if not kinds:
            return "clean"
        return min(kinds, key=lambda k: (global_counts[k], k))

    strata = collections.defaultdict(list)
    for it in items:
        strata[stratum(it)].append(it)

    def h(it):
        return hashlib.sha256(f"{SEED}:{it['text']}".encode("utf-8")).hexdigest()

    tune, heldout = [], []
    for key in sorted(strata):
        for i, it in enumerate(sorted(strata[key], key=h)):
            (tune if i % 2 == 0 else heldout).append(it)

    for fname, data in (("tune.json", tune), ("heldout.json", heldout)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    def counts(data):
        c = collections.Counter(s["kind"] for it in data for s in it["spans"])
        dirty = sum(1 for it in data if it["spans"])
        return c, dirty, len(data) - dirty, len(data)

    ct, cd = counts(tune), counts(heldout)
    print(f"source files: {len(files)}; lines kept: {len(items)}; duplicates dropped: {dropped}")
    print()
    print("| kind | tune | heldout | total |")
    print("|---|---:|---:|---:|")
    for k in KINDS:
        print(f"| {k} | {ct[0][k]} | {cd[0][k]} | {ct[0][k] + cd[0][k]} |")
    tot_t, tot_h = sum(ct[0].values()), sum(cd[0].values())
    print(f"| all spans | {tot_t} | {tot_h} | {tot_t + tot_h} |")
    print(f"| dirty lines | {ct[1]} | {cd[1]} | {ct[1] + cd[1]} |")
    print(f"| clean lines | {ct[2]} | {cd[2]} | {ct[2] + cd[2]} |")
    print(f"| total lines | {ct[3]} | {cd[3]} | {ct[3] + cd[3]} |")
    total_spans = tot_t + tot_h
    if total_spans:
        print()
        print(f"clean share: {(ct[2] + cd[2]) / len(items):.1%}; "
              f"name share of spans: {global_counts['name'] / total_spans:.1%}")
    short = [k for k in KINDS if k != "name" and global_counts[k] < 25]
    if short:
        print(f"WARNING: fewer than 25 spans of: {', '.join(short)}")
    if len(items) < 1200:
        print(f"WARNING: only {len(items)} lines")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        sys.exit(f"build failed: {e}")
