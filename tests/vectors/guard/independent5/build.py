"""Build tune.json and heldout.json from the marked-up sentences in source/*.txt.

Markup: one sentence per line, identifiers inline as [[kind:the identifier]]; lines that
are blank or start with '#' are skipped. Output: JSON lists of
{"text": str, "spans": [{"kind", "start", "end"}]} with Python str offsets, sorted by start.

The split is seeded and stable: a line keeps the half it was first given (recorded in
split.lock.json by a hash of its text), and a new line goes, in hash order, to the half
that keeps every kind's spans and the clean lines evenly divided (ties by the hash).
heldout.json is for scoring only, never for tuning. Standard library only.
Usage: python3 build.py
"""
import hashlib
import json
import pathlib
import re
import sys
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
SEED = "balint-independent5"
KINDS = ("nhs_number", "date", "phone", "postcode", "email", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
TEN_DIGITS = re.compile(r"(?<![\d])(\d{10}|\d{3}[ .-]\d{3}[ .-]\d{4})(?![\d])")
WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def mod11_passes(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str) -> dict:
    text, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        length += len(before)
        kind, ident = m.group(1), m.group(2)
        spans.append({"kind": kind, "start": length, "end": length + len(ident), "_ident": ident})
        text.append(ident)
        length += len(ident)
        pos = m.end()
    text.append(line[pos:])
    return {"text": "".join(text), "spans": spans}


def problems_of(item: dict, where: str) -> list[str]:
    out = []
    text = item["text"]
    if "[[" in text or "]]" in text or "{nhs:" in text or "{bad:" in text:
        out.append(f"{where}: markup or placeholder left in text")
    words = len(text.split())
    if not 4 <= words <= 60:
        out.append(f"{where}: {words} words (want 4..60)")
    blanked = list(text)
    for span in item["spans"]:
        kind, ident = span["kind"], span["_ident"]
        if kind not in KINDS:
            out.append(f"{where}: unknown kind {kind!r}")
        if text[span["start"]:span["end"]] != ident:
            out.append(f"{where}: span does not round-trip: {ident!r}")
        if ident != ident.strip():
            out.append(f"{where}: span has outer spaces: {ident!r}")
        digits = re.sub(r"\D", "", ident)
        if kind == "nhs_number" and (len(digits) != 10 or not mod11_passes(digits)):
            out.append(f"{where}: NHS number fails modulus 11: {ident!r}")
        if kind == "patient_number" and len(digits) == 10 and mod11_passes(digits):
            out.append(f"{where}: 10-digit patient number passes modulus 11: {ident!r}")
        if kind == "postcode" and not POSTCODE.match(ident.replace(" ", "").upper()):
            out.append(f"{where}: not a UK postcode shape: {ident!r}")
        if kind == "email" and not EMAIL.match(ident):
            out.append(f"{where}: not an email shape: {ident!r}")
        if kind == "phone":
            national = re.sub(r"\D", "", ident.replace("(0)", ""))
            national = re.sub(r"^(0044|44)", "0", national)
            if not (national.startswith("0") and len(national) in (10, 11)):
                out.append(f"{where}: not a UK phone shape: {ident!r}")
        if kind == "date" and not re.search(r"\d|nineteen|twenty", ident, re.I):
            out.append(f"{where}: date without digits: {ident!r}")
        for i in range(span["start"], span["end"]):
            blanked[i] = "x"
    for m in TEN_DIGITS.finditer("".join(blanked)):
        if mod11_passes(re.sub(r"\D", "", m.group(0))):
            out.append(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)!r}")
    return out


def key_of(text: str) -> str:
    return hashlib.sha256((SEED + "\n" + text).encode("utf-8")).hexdigest()


def counts_of(item: dict) -> Counter:
    return Counter(s["kind"] for s in item["spans"]) if item["spans"] else Counter({"clean": 1})


def split(items: list[dict], lock: dict[str, str]) -> dict[str, str]:
    """Keep every locked line where it was; place new lines so each kind stays even."""
    halves: dict[str, Counter[str]] = {"tune": Counter(), "heldout": Counter()}
    keys = {key_of(it["text"]): it for it in items}
    placed = {k: lock[k] for k in keys if k in lock}
    for k, half in placed.items():
        halves[half].update(counts_of(keys[k]))
        halves[half]["_lines"] += 1
    for k in sorted(set(keys) - set(placed)):
        c = counts_of(keys[k])
        c_lines = c + Counter({"_lines": 1})

        def cost(to: str) -> float:
            other = "heldout" if to == "tune" else "tune"
            total = 0.0
            for kind in set(c_lines):
                diff = abs(halves[to][kind] + c_lines[kind] - halves[other][kind])
                total += diff * (0.01 if kind == "_lines" else 1.0)
            return total

        t, h = cost("tune"), cost("heldout")
        half = "tune" if (t < h or (t == h and int(k[-1], 16) % 2 == 0)) else "heldout"
        placed[k] = half
        halves[half].update(c_lines)
    return placed


def main() -> int:
    items, problems, seen = [], [], set()
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line in seen:
                dropped += 1
                print(f"duplicate dropped: {path.name}:{n}")
                continue
            seen.add(line)
            item = parse(line)
            problems += problems_of(item, f"{path.name}:{n}")
            items.append(item)
    texts = Counter(it["text"] for it in items)
    for text, n in texts.items():
        if n > 1:
            problems.append(f"same text marked two ways: {text!r}")
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problem(s); nothing written")
        return 1
    lock_path = HERE / "split.lock.json"
    lock = json.loads(lock_path.read_text()) if lock_path.exists() else {}
    placed = split(items, lock)
    lock_path.write_text(json.dumps(dict(sorted(placed.items())), indent=0) + "\n")
    out: dict[str, list[dict]] = {"tune": [], "heldout": []}
    for it in items:
        spans = sorted(
            ({"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in it["spans"]),
            key=lambda s: s["start"],
        )
        out[placed[key_of(it["text"])]].append({"text": it["text"], "spans": spans})
    for half, rows in out.items():
        (HERE / f"{half}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    table: dict[str, Counter[str]] = {half: Counter() for half in out}
    for half, rows in out.items():
        for row in rows:
            table[half].update(counts_of(row))
            table[half]["lines"] += 1
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for kind in (*KINDS, "clean", "lines"):
        t, h = table["tune"][kind], table["heldout"][kind]
        print(f"{kind:<16}{t:>8}{h:>9}{t + h:>8}")
    if dropped:
        print(f"{dropped} exact duplicate line(s) dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
