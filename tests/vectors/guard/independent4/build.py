"""Build the independent4 guard corpus: source/*.txt -> tune.json + heldout.json.

Markup: one sentence per line, identifiers inline as [[kind:the identifier]].
Lines that are blank or start with '#' are skipped. Python stdlib only.

The split is stable and balanced. split.lock.json records, by a hash of each
line's plain text, which half the line went to; a recorded line never changes
half. New lines are taken in the order of a seeded hash of their text and each
goes to the half that keeps every kind's span count (and the clean-line count)
most even; on a tie the hash decides. So adding lines never moves old ones.
heldout.json is for scoring only: never look at it, or at its failures, while tuning.

Run: python tests/vectors/guard/independent4/build.py  (exit 1 on any check failure)
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
# Frozen with the first commit: changing it would move lines between the halves.
SEED = "independent4-seed-7"
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx", "prof", "professor", "rev", "sister", "nurse", "auntie", "aunty",
          "aunt", "uncle", "nan", "nana", "gran", "granny", "grandad", "grandma", "grandpa"}


class CorpusError(Exception):
    pass


def nhs_valid(digits: str) -> bool:
    """NHS modulus 11: weights 10..2, check = 11 - sum mod 11, 11 -> 0, 10 is invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse_line(raw: str, where: str) -> dict:
    text_parts: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        length += len(before)
        kind, ident = m.group(1), m.group(2)
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        if ident != ident.strip():
            raise CorpusError(f"{where}: span has outer whitespace: {ident!r}")
        spans.append({"kind": kind, "start": length, "end": length + len(ident), "_ident": ident})
        text_parts.append(ident)
        length += len(ident)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise CorpusError(f"{where}: unbalanced markup")
    return {"text": text, "spans": spans}


def check_item(item: dict, where: str) -> None:
    text = item["text"]
    words = len(text.split())
    if not 4 <= words <= 60:
        raise CorpusError(f"{where}: {words} words (want 4..60)")
    covered: list[tuple[int, int]] = []
    for sp in item["spans"]:
        ident = sp.pop("_ident")
        if text[sp["start"]:sp["end"]] != ident:
            raise CorpusError(f"{where}: span does not round-trip: {ident!r}")
        if sp["kind"] == "nhs_number":
            digits = re.sub(r"[ -]", "", ident)
            if not nhs_valid(digits):
                raise CorpusError(f"{where}: NHS number fails modulus 11: {ident!r}")
        if sp["kind"] == "name":
            first = ident.split()[0].lower().rstrip(".")
            if first in TITLES:
                raise CorpusError(f"{where}: title inside a name span: {ident!r}")
            if ident.endswith(("'s", "’s")) and not ident.endswith(("'s'", "’s’")):
                raise CorpusError(f"{where}: possessive inside a name span: {ident!r}")
        covered.append((sp["start"], sp["end"]))
    item["spans"].sort(key=lambda s: s["start"])
    for a, b in zip(item["spans"], item["spans"][1:]):
        if b["start"] < a["end"]:
            raise CorpusError(f"{where}: overlapping spans")
    # No unmarked 10-digit number may pass modulus 11 (it would be an unlabelled NHS number).
    for m in re.finditer(r"(?<![\d])(\d{3}[ -]?\d{3}[ -]?\d{4}|\d{10})(?![\d])", text):
        digits = re.sub(r"[ -]", "", m.group(1))
        inside = any(s <= m.start() and m.end() <= e for s, e in covered)
        if not inside and nhs_valid(digits):
            raise CorpusError(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(1)}")


def seeded_hash(text: str) -> bytes:
    return hashlib.sha256((SEED + "\x00" + text).encode("utf-8")).digest()


def line_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def balance_keys(item: dict) -> list[str]:
    return [sp["kind"] for sp in item["spans"]] or ["clean"]


def split(items: list[dict], lock: dict[str, str]) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Locked lines keep their half; new lines go where they keep the halves most even."""
    tally: dict[str, dict[str, int]] = {"tune": {}, "heldout": {}}
    assigned: dict[str, str] = {}
    fresh: list[dict] = []
    for it in items:
        half = lock.get(line_key(it["text"]))
        if half in tally:
            assigned[it["text"]] = half
            for k in balance_keys(it):
                tally[half][k] = tally[half].get(k, 0) + 1
        else:
            fresh.append(it)
    for it in sorted(fresh, key=lambda i: seeded_hash(i["text"])):
        keys = balance_keys(it)

        def spread(half: str) -> int:
            other = "heldout" if half == "tune" else "tune"
            return sum(abs(tally[half].get(k, 0) + keys.count(k) - tally[other].get(k, 0))
                       for k in set(keys))

        by_hash = "tune" if seeded_hash(it["text"])[1] % 2 == 0 else "heldout"
        other = "heldout" if by_hash == "tune" else "tune"
        half = other if spread(other) < spread(by_hash) else by_hash
        assigned[it["text"]] = half
        for k in keys:
            tally[half][k] = tally[half].get(k, 0) + 1
    halves: dict[str, list[dict]] = {"tune": [], "heldout": []}
    for it in items:
        halves[assigned[it["text"]]].append(it)
    new_lock = {line_key(it["text"]): assigned[it["text"]] for it in items}
    return halves, dict(sorted(new_lock.items()))


def load() -> list[dict]:
    items: list[dict] = []
    seen: set[str] = set()
    dropped = 0
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse_line(raw, where)
            check_item(item, where)
            if item["text"] in seen:
                dropped += 1
                continue
            seen.add(item["text"])
            items.append(item)
    if dropped:
        print(f"dropped {dropped} exact duplicate line(s)")
    return items


def counts(items: list[dict]) -> dict[str, int]:
    c = {k: 0 for k in KINDS}
    c["clean lines"] = 0
    c["lines"] = len(items)
    for it in items:
        for sp in it["spans"]:
            c[sp["kind"]] += 1
        if not it["spans"]:
            c["clean lines"] += 1
    return c


def name_positions(items: list[dict]) -> dict[str, int]:
    """Where name spans sit: first word, last word (before punctuation), or in between."""
    pos = {"start": 0, "middle": 0, "end": 0}
    for it in items:
        for sp in it["spans"]:
            if sp["kind"] != "name":
                continue
            before = it["text"][:sp["start"]].strip(" \"'“")
            after = it["text"][sp["end"]:].strip(" .,!?\"'”")
            after = after[2:] if after.startswith(("'s", "’s")) and not after[2:].strip() else after
            pos["start" if not before else "end" if not after else "middle"] += 1
    return pos


def main() -> int:
    try:
        items = load()
    except CorpusError as exc:
        print(f"corpus error: {exc}", file=sys.stderr)
        return 1
    lock_path = HERE / "split.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8")) if lock_path.exists() else {}
    halves, new_lock = split(items, lock)
    lock_path.write_text(json.dumps(new_lock, indent=0) + "\n", encoding="utf-8")
    for name, rows in halves.items():
        (HERE / f"{name}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    ct, ch, ca = counts(halves["tune"]), counts(halves["heldout"]), counts(items)
    print(f"{'kind':<16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in ca:
        print(f"{k:<16}{ct[k]:>8}{ch[k]:>9}{ca[k]:>8}")
    print("name spans by position:", name_positions(items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
