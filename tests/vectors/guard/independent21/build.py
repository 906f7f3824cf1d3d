"""Build tune.json and heldout.json from source/*.txt (Python stdlib only).

Markup: one sentence per line, identifiers inline as [[kind:identifier]].
'#' lines and blank lines are skipped. The split is a stable hash of each
line's text with this corpus's own seed, so a line never changes half when
lines are added; heldout.json is never used for tuning.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "balint-corpus21-kestrel-0387"
KINDS = ["name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"]
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(ident)})
        text.append(ident)
        out_len += len(ident)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        raise ValueError(f"broken markup: {line}")
    return s, spans, [m.group(2) for m in MARK.finditer(line)]


def bucket(text: str) -> int:
    h = hashlib.sha256((SEED + "\0" + text).encode("utf-8")).digest()
    return h[0] & 1


def main() -> int:
    records, seen = [], set()
    errors = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            try:
                text, spans, idents = parse(line)
            except ValueError as e:
                print(f"{path.name}:{n}: {e}")
                errors += 1
                continue
            for sp, ident in zip(spans, idents):
                if text[sp["start"]:sp["end"]] != ident:
                    print(f"{path.name}:{n}: span does not round-trip")
                    errors += 1
                if sp["kind"] == "nhs_number":
                    d = re.sub(r"\D", "", ident)
                    if not nhs_ok(d):
                        print(f"{path.name}:{n}: NHS number fails modulus 11: {ident}")
                        errors += 1
            covered = [(s["start"], s["end"]) for s in spans]
            for m in re.finditer(r"(?<!\d)(?:\d[ -]?){9}\d(?!\d)", text):
                d = re.sub(r"\D", "", m.group(0))
                inside = any(a <= m.start() and m.end() <= b for a, b in covered)
                if len(d) == 10 and nhs_ok(d) and not inside:
                    print(f"{path.name}:{n}: unmarked 10-digit number passes mod 11: {m.group(0)}")
                    errors += 1
            if text in seen:
                continue
            seen.add(text)
            spans.sort(key=lambda s: s["start"])
            records.append({"text": text, "spans": spans})
    if errors:
        print(f"{errors} error(s)")
        return 1

    # Stable split: a line's half is the parity of a seeded hash of its own text,
    # so adding lines never moves an old one. The seed was chosen once (from a
    # handful tried) so that every kind's spans and the clean lines divide evenly.
    tune = [r for r in records if bucket(r["text"]) == 0]
    held = [r for r in records if bucket(r["text"]) == 1]
    tune.sort(key=lambda r: r["text"])
    held.sort(key=lambda r: r["text"])
    (HERE / "tune.json").write_text(json.dumps(tune, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "heldout.json").write_text(json.dumps(held, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def counts(rs):
        c = {k: 0 for k in KINDS}
        for r in rs:
            for s in r["spans"]:
                c[s["kind"]] += 1
        c["clean lines"] = sum(1 for r in rs if not r["spans"])
        c["dirty lines"] = sum(1 for r in rs if r["spans"])
        c["lines"] = len(rs)
        return c

    ct, ch = counts(tune), counts(held)
    print(f"{'kind':<16}{'tune':>7}{'heldout':>9}{'total':>7}")
    for k in ct:
        print(f"{k:<16}{ct[k]:>7}{ch[k]:>9}{ct[k] + ch[k]:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
