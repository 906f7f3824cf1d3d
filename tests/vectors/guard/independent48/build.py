"""Build tune.json and heldout.json from source/*.txt (stdlib only).

Markup: one sentence per line, identifiers as [[kind:text]]; '#' and blank lines skipped.
The split is a seeded hash of each line's text, so a line never changes half when others
are added; new lines go to the half short of their kinds, so each kind divides evenly.
heldout.json is never used for tuning.
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

SEED = "corpus48-lampost-1907"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
HERE = Path(__file__).resolve().parent


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str, where: str) -> dict:
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            sys.exit(f"{where}: unknown kind {kind!r}")
        text += line[pos:m.start()]
        start = len(text)
        text += ident
        spans.append({"kind": kind, "start": start, "end": len(text)})
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        sys.exit(f"{where}: broken markup")
    return {"text": text, "spans": sorted(spans, key=lambda s: s["start"])}


def check(item: dict, ident_texts: list, where: str) -> None:
    text = item["text"]
    for span, ident in zip(item["spans"], ident_texts):
        got = text[span["start"]:span["end"]]
        if got != ident or got != got.strip():
            sys.exit(f"{where}: span does not round-trip: {got!r}")
        if span["kind"] == "nhs_number" and not nhs_ok(re.sub(r"\D", "", got)):
            sys.exit(f"{where}: NHS number fails modulus 11: {got!r}")
    masked = list(text)
    for span in item["spans"]:
        for i in range(span["start"], span["end"]):
            masked[i] = "#"
    for m in re.finditer(r"(?<!\d)(\d[\d ]{8,12}\d)(?!\d)", "".join(masked)):
        digits = m.group(1).replace(" ", "")
        if len(digits) == 10 and nhs_ok(digits):
            sys.exit(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)!r}")


def half(text: str) -> str:
    h = hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()
    return "tune" if h[0] % 2 == 0 else "heldout"


def main() -> None:
    seen, items = set(), []
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse(line, where)
            check(item, [m.group(2) for m in MARK.finditer(line)], where)
            if item["text"] in seen:
                print(f"dropped duplicate {where}", file=sys.stderr)
                continue
            seen.add(item["text"])
            items.append(item)
    # Stable: a line already in tune.json or heldout.json stays in that half. New lines are
    # taken in seeded-hash order and each goes to the half that is short of its kinds (or of
    # clean lines), so every kind divides evenly; ties fall to the hash.
    before: dict[str, str] = {}
    for name in ("tune", "heldout"):
        f = HERE / f"{name}.json"
        if f.exists():
            for row in json.loads(f.read_text(encoding="utf-8")):
                before[row["text"]] = name
    out: dict[str, list[dict]] = {"tune": [], "heldout": []}
    tally: dict[str, Counter[str]] = {"tune": Counter(), "heldout": Counter()}

    def keys(item: dict) -> list[str]:
        return [s["kind"] for s in item["spans"]] or ["(clean)"]

    def put(item: dict, name: str) -> None:
        out[name].append(item)
        tally[name].update(keys(item))

    fresh = []
    for item in items:
        if item["text"] in before:
            put(item, before[item["text"]])
        else:
            fresh.append(item)
    fresh.sort(key=lambda it: hashlib.sha256((SEED + it["text"]).encode()).hexdigest())
    for item in fresh:
        diff = sum(tally["tune"][k] - tally["heldout"][k] for k in keys(item))
        put(item, half(item["text"]) if diff == 0 else ("heldout" if diff > 0 else "tune"))
    order = {id(it): i for i, it in enumerate(items)}
    for rows in out.values():
        rows.sort(key=lambda it: order[id(it)])
    for name, rows in out.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'kind':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    counts: dict[str, Counter[str]] = {k: Counter() for k in out}
    for k, rows in out.items():
        for r in rows:
            counts[k]["lines"] += 1
            if not r["spans"]:
                counts[k]["(clean lines)"] += 1
            for s in r["spans"]:
                counts[k][s["kind"]] += 1
    for kind in ("lines", "(clean lines)") + KINDS:
        t, h = counts["tune"][kind], counts["heldout"][kind]
        print(f"{kind:16}{t:>8}{h:>9}{t + h:>8}")


if __name__ == "__main__":
    main()
