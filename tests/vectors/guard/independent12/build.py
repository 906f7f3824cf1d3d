"""Build tune.json / heldout.json from the marked-up source/*.txt of corpus independent12.

Stdlib only. Markup: one sentence per line, identifiers inline as [[kind:identifier]].
'#' lines and blank lines are skipped.

Split: stable and balanced. Every line is keyed by a seeded SHA-256 of its text. Lines already
recorded in split.lock.json keep their half for ever; new lines are placed in seeded-hash order,
each into whichever half keeps the per-kind span counts (and the clean-line count) most even,
ties broken by the hash. So a line in tune.json stays there when lines are added, and the halves
stay balanced. heldout.json is never used for tuning.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "corpus12-wren-4471"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
# Runs of digits joined by single spaces or hyphens, e.g. 943 476 5919 or 9434765919.
DIGIT_RUN = re.compile(r"(?<![\d-])\d+(?:[ -]\d+)*(?![\d-])")
TITLES = ("mr ", "mrs ", "ms ", "miss ", "dr ", "prof ", "sister ", "nurse ")


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


def parse(line: str, where: str) -> dict:
    text = []
    spans = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos : m.start()]
        text.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SystemExit(f"{where}: unknown kind {kind!r}")
        if value != value.strip():
            raise SystemExit(f"{where}: span has outer whitespace {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(line[pos:])
    s = "".join(text)
    if "[[" in s or "]]" in s:
        raise SystemExit(f"{where}: broken markup")
    spans.sort(key=lambda sp: sp["start"])
    return {"text": s, "spans": spans}


def check(item: dict, where: str) -> None:
    s = item["text"]
    values = []
    for sp in item["spans"]:
        v = s[sp["start"] : sp["end"]]
        values.append((sp["kind"], v))
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", v)
            if not nhs_ok(digits):
                raise SystemExit(f"{where}: NHS number fails modulus 11: {v}")
        if sp["kind"] == "name":
            low = v.lower()
            if low.startswith(TITLES) or low.endswith("'s") or low.endswith("\u2019s"):
                raise SystemExit(f"{where}: title or possessive inside a name span: {v}")
    # round trip: rebuild the markup and compare identifiers
    masked = list(s)
    for sp in item["spans"]:
        for i in range(sp["start"], sp["end"]):
            masked[i] = "#"
    rest = "".join(masked)
    for m in DIGIT_RUN.finditer(rest):
        digits = re.sub(r"[ -]", "", m.group(0))
        if len(digits) == 10 and nhs_ok(digits):
            raise SystemExit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)}")
        if len(digits) > 10:
            for part in re.split(r"[ -]", m.group(0)):
                if len(part) == 10 and nhs_ok(part):
                    raise SystemExit(f"{where}: unmarked number passes modulus 11: {part}")


def roundtrip(item: dict, raw: str, where: str) -> None:
    s = item["text"]
    out = []
    pos = 0
    for sp in item["spans"]:
        out.append(s[pos : sp["start"]])
        out.append(f"[[{sp['kind']}:{s[sp['start']:sp['end']]}]]")
        pos = sp["end"]
    out.append(s[pos:])
    if "".join(out) != raw:
        raise SystemExit(f"{where}: span does not round-trip")


def key(text: str) -> str:
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).hexdigest()


def vector(item: dict) -> dict:
    v = {k: 0 for k in KINDS}
    v["clean"] = 0
    if not item["spans"]:
        v["clean"] = 1
    for sp in item["spans"]:
        v[sp["kind"]] += 1
    return v


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    lock_path = HERE / "split.lock.json"
    lock = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    keyed = sorted(((key(it["text"]), it) for it in items), key=lambda p: p[0])
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    totals = {h: {k: 0 for k in (*KINDS, "clean")} for h in halves}
    new_lock = {}
    pending = []
    for k, it in keyed:
        short = k[:20]
        if short in lock:
            h = lock[short]
            halves[h].append(it)
            for kk, n in vector(it).items():
                totals[h][kk] += n
            new_lock[short] = h
        else:
            pending.append((k, it))
    # Rarer kinds weigh more, so a line full of names cannot unbalance the NHS numbers.
    grand = {kk: 0 for kk in (*KINDS, "clean")}
    for it in items:
        for kk, n in vector(it).items():
            grand[kk] += n
    weight = {kk: 1.0 / max(1, n) for kk, n in grand.items()}
    for k, it in pending:
        vec = vector(it)

        def cost(h: str) -> float:
            other = "heldout" if h == "tune" else "tune"
            return sum(
                weight[kk] * (abs(totals[h][kk] + n - totals[other][kk]) - abs(totals[h][kk] - totals[other][kk]))
                for kk, n in vec.items()
                if n
            )

        ct, ch = cost("tune"), cost("heldout")
        if ct != ch:
            h = "tune" if ct < ch else "heldout"
        else:
            h = "tune" if int(k[-1], 16) % 2 == 0 else "heldout"
        halves[h].append(it)
        for kk, n in vec.items():
            totals[h][kk] += n
        new_lock[k[:20]] = h
    lock_path.write_text(json.dumps(dict(sorted(new_lock.items())), indent=0) + "\n")
    return halves["tune"], halves["heldout"]


def main() -> int:
    items = []
    seen = set()
    dups = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            if "<<" in raw:
                raise SystemExit(f"{where}: unfilled placeholder")
            item = parse(raw, where)
            roundtrip(item, raw, where)
            check(item, where)
            if item["text"] in seen:
                dups += 1
                continue
            seen.add(item["text"])
            items.append(item)
    tune, held = split(items)
    for name, half in (("tune.json", tune), ("heldout.json", held)):
        half.sort(key=lambda it: it["text"])
        (HERE / name).write_text(json.dumps(half, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = [*KINDS, "clean lines", "dirty lines", "all lines"]
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for r in rows:
        def count(half: list[dict]) -> int:
            if r == "clean lines":
                return sum(1 for it in half if not it["spans"])
            if r == "dirty lines":
                return sum(1 for it in half if it["spans"])
            if r == "all lines":
                return len(half)
            return sum(1 for it in half for sp in it["spans"] if sp["kind"] == r)
        a, b = count(tune), count(held)
        print(f"{r:<16}{a:>8}{b:>9}{a + b:>8}")
    print(f"exact duplicates dropped: {dups}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
