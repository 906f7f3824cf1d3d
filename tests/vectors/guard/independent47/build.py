"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: [[kind:identifier]] inline; '#' lines and blank lines skipped.
Split: seeded hash of each line's text, made stable by split_lock.json (sha256 of
the text -> half): a line once placed never changes half when lines are added.
New lines are placed in seeded-hash order, each into the half that currently has
fewer spans of the kinds it carries (or fewer clean lines), ties broken by the
hash, so each kind and the clean lines divide evenly.
heldout.json must never be used for tuning.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "quince-lantern-47"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str) -> dict:
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
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
        raise ValueError(f"broken markup: {line}")
    return {"text": text, "spans": sorted(spans, key=lambda s: s["start"])}


def check(rec: dict, src: str) -> None:
    text = rec["text"]
    for s in rec["spans"]:
        ident = text[s["start"]:s["end"]]
        if f"[[{s['kind']}:{ident}]]" not in src:
            raise ValueError(f"span does not round-trip: {ident!r} in {src}")
        if ident != ident.strip():
            raise ValueError(f"span has outer whitespace: {ident!r}")
        if s["kind"] == "nhs_number" and not nhs_ok(re.sub(r"\D", "", ident)):
            raise ValueError(f"NHS number fails modulus 11: {ident}")
    covered = [(s["start"], s["end"]) for s in rec["spans"]]
    for m in re.finditer(r"(?<!\d)(\d[\d \-]{8,14}\d)(?!\d)", text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) == 10 and nhs_ok(digits):
            if not any(a <= m.start() and m.end() <= b for a, b in covered):
                raise ValueError(f"unmarked 10-digit number passes modulus 11: {m.group(1)} in {text}")


def seeded(rec: dict) -> bytes:
    return hashlib.sha256(f"{SEED}|{rec['text']}".encode()).digest()


def key(rec: dict) -> str:
    return hashlib.sha256(rec["text"].encode()).hexdigest()[:20]


def tally(rec: dict) -> list[str]:
    return [s["kind"] for s in rec["spans"]] or ["clean"]


def assign(recs: list) -> dict[str, list]:
    lock_path = HERE / "split_lock.json"
    lock = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    counts: dict[str, dict[str, int]] = {"tune": {}, "heldout": {}}
    halves: dict[str, list] = {"tune": [], "heldout": []}
    fresh = []
    for rec in recs:
        side = lock.get(key(rec))
        if side is None:
            fresh.append(rec)
            continue
        halves[side].append(rec)
        for k in tally(rec):
            counts[side][k] = counts[side].get(k, 0) + 1
    for rec in sorted(fresh, key=seeded):
        score = {h: sum(counts[h].get(k, 0) for k in tally(rec)) for h in halves}
        if score["tune"] == score["heldout"]:
            side = "tune" if seeded(rec)[0] % 2 == 0 else "heldout"
        else:
            side = min(score, key=lambda h: score[h])
        lock[key(rec)] = side
        halves[side].append(rec)
        for k in tally(rec):
            counts[side][k] = counts[side].get(k, 0) + 1
    live = {key(r) for r in recs}  # drop entries of lines since edited or removed
    lock = {k: v for k, v in lock.items() if k in live}
    lock_path.write_text(json.dumps(dict(sorted(lock.items())), indent=0) + "\n")
    order = {id(r): i for i, r in enumerate(recs)}
    for items in halves.values():
        items.sort(key=lambda r: order[id(r)])
    return halves


def main() -> int:
    seen, recs = set(), []
    for path in sorted((HERE / "source").glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            rec = parse(line)
            check(rec, line)
            if rec["text"] in seen:
                continue
            seen.add(rec["text"])
            recs.append(rec)
    halves = assign(recs)
    for name, items in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = list(KINDS) + ["lines", "clean lines", "dirty lines"]
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for row in rows:
        counts = []
        for name in ("tune", "heldout"):
            items = halves[name]
            if row == "lines":
                n = len(items)
            elif row == "clean lines":
                n = sum(1 for r in items if not r["spans"])
            elif row == "dirty lines":
                n = sum(1 for r in items if r["spans"])
            else:
                n = sum(1 for r in items for s in r["spans"] if s["kind"] == row)
            counts.append(n)
        print(f"{row:<16}{counts[0]:>8}{counts[1]:>9}{sum(counts):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
