"""Build tune.json / heldout.json from source/*.txt (stdlib only).

Markup: [[kind:identifier]] inline; '#' lines and blank lines skipped.
Split: stable per-line hash (seeded) so a line never moves halves when
lines are added; balanced per kind by assigning within each line's
"signature" group in hash order, alternating halves.
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "balint-corpus22-wren-0412"
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse(line: str):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"bad kind {kind!r} in {line!r}")
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        spans.append({"kind": kind, "start": length, "end": length + len(ident)})
        out.append(ident)
        length += len(ident)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup: {line!r}")
    return text, spans


def bucket(text: str) -> int:
    return int(hashlib.sha256((SEED + text).encode()).hexdigest(), 16)


def main() -> int:
    records, seen = [], set()
    for src in sorted((HERE / "source").glob("*.txt")):
        for raw in src.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            text, spans = parse(line)
            if text in seen:
                continue
            seen.add(text)
            for s in spans:
                ident = text[s["start"]:s["end"]]
                assert ident and ident == ident.strip(), (line, ident)
                if s["kind"] == "nhs_number":
                    d = re.sub(r"\D", "", ident)
                    assert nhs_ok(d), f"bad NHS number {ident!r}"
            marked = [(s["start"], s["end"]) for s in spans]
            for m in re.finditer(r"(?<!\d)(\d[\d ]{8,12}\d)(?!\d)", text):
                d = m.group(1).replace(" ", "")
                if len(d) == 10 and nhs_ok(d):
                    inside = any(a <= m.start(1) and m.end(1) <= b for a, b in marked)
                    assert inside, f"unmarked valid NHS-like number in {text!r}"
            spans.sort(key=lambda s: s["start"])
            records.append({"text": text, "spans": spans, "file": src.name})
    # balance + stability: within each (source file, kind-signature) group,
    # lines alternate halves in order of appearance, starting on a half chosen
    # by the seeded hash of the file name. Appending lines (the only way this
    # corpus grows) never moves an earlier line; each group splits within 1.
    counters: Counter = Counter()
    tune, held = [], []
    for r in records:
        kinds = sorted({s["kind"] for s in r["spans"]})
        key = "+".join(kinds) if kinds else "clean"
        if kinds == ["name"]:
            key = "name%d" % min(len(r["spans"]), 3)
        gk = (r["file"], key)
        parity = (counters[gk] + bucket(r["file"])) % 2
        counters[gk] += 1
        (tune if parity == 0 else held).append(r)
    for r in records:
        del r["file"]
    for name, data in (("tune.json", tune), ("heldout.json", held)):
        data.sort(key=lambda r: bucket(r["text"]))
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}")
    ct, ch = Counter(), Counter()
    for r in tune:
        ct.update(s["kind"] for s in r["spans"])
        ct["(clean lines)"] += not r["spans"]
        ct["(lines)"] += 1
    for r in held:
        ch.update(s["kind"] for s in r["spans"])
        ch["(clean lines)"] += not r["spans"]
        ch["(lines)"] += 1
    for k in sorted(set(ct) | set(ch)):
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
