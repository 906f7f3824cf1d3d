"""Build the independent guard corpus: source/*.txt markup -> tune.json + heldout.json.

Markup, one sentence a line: identifiers inline as ``[[kind:the identifier]]``.
Blank lines and lines starting with ``#`` are ignored. The file name's part before
``_NN.txt`` is its category (``clean-hard``, ``clean-plain``, ``names``, ...); clean lines are
stratified by that category so both halves get the same share of hard clean lines.

The split is seeded and stratified 50/50: a line with spans goes to the stratum of its rarest
kind (by number of lines holding that kind; ``+name`` if it also holds a name), a clean line
to ``clean/<category>``. Run ``python build.py`` to rebuild, ``python build.py --check`` to
verify the committed json matches the sources (exit 1 if not). Offsets are Python str
indices (code points).

The held-out half is never used for tuning: see README.md.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SEED = "balint-rooms-guard-independent-2026-12"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
MARK = re.compile(r"\[\[([a-z_]+):([^\[\]]+?)\]\]")
TEN_DIGITS = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")


def nhs_valid(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits; 11 -> 0, 10 -> invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


class MarkupError(ValueError):
    pass


def parse_line(raw: str, where: str) -> dict:
    text_parts: list[str] = []
    spans: list[dict] = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise MarkupError(f"{where}: unknown kind {kind!r}")
        if value != value.strip():
            raise MarkupError(f"{where}: span has outer whitespace: {value!r}")
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text_parts.append(value)
        out_len += len(value)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise MarkupError(f"{where}: unbalanced markup")
    check_line(text, spans, where)
    return {"text": text, "spans": spans}


def check_line(text: str, spans: list[dict], where: str) -> None:
    for s in spans:
        value = text[s["start"]:s["end"]]
        digits = re.sub(r"\D", "", value)
        if s["kind"] == "nhs_number" and not nhs_valid(digits):
            raise MarkupError(f"{where}: NHS number fails modulus 11: {value}")
        bare = re.sub(r"[ -]", "", value)
        if s["kind"] == "patient_number" and bare == digits and nhs_valid(digits):
            raise MarkupError(f"{where}: patient number is a valid NHS number: {value}")
        if s["kind"] == "name" and any(c.isdigit() for c in value):
            raise MarkupError(f"{where}: digit in a name: {value}")
    # A name marked once must be marked wherever it recurs in the same line.
    for s in spans:
        if s["kind"] != "name":
            continue
        for word in text[s["start"]:s["end"]].split():
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                if not any(a["start"] <= m.start() < a["end"] for a in spans):
                    raise MarkupError(f"{where}: name {word!r} recurs unmarked")
    # Outside spans, a 10-digit run that passes modulus 11 would make the line ambiguous.
    covered = [(s["start"], s["end"]) for s in spans]
    for m in TEN_DIGITS.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        if nhs_valid("".join(m.groups())):
            raise MarkupError(f"{where}: unmarked 10-digit number passes modulus 11: {m.group(0)}")


def load() -> list[tuple[str, dict]]:
    items: list[tuple[str, dict]] = []
    seen: dict[str, str] = {}
    for path in sorted(SOURCE.glob("*.txt")):
        category = re.sub(r"_\d+$", "", path.stem)
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            item = parse_line(line, where)
            if not 4 <= len(item["text"].split()) <= 60:
                raise MarkupError(f"{where}: keep lines between 4 and 60 words")
            if item["text"] in seen:
                raise MarkupError(f"{where}: duplicate of {seen[item['text']]}")
            seen[item["text"]] = where
            items.append((category, item))
    return items


def split(items: list[tuple[str, dict]]) -> tuple[list[dict], list[dict]]:
    lines_with = Counter(k for _, it in items for k in {s["kind"] for s in it["spans"]})
    strata: dict[str, list[dict]] = defaultdict(list)
    for category, it in items:
        kinds = {s["kind"] for s in it["spans"]}
        if kinds:
            # Lines that also carry a name form their own stratum, so names split evenly too.
            key = min(kinds, key=lambda k: (lines_with[k], k))
            if key != "name" and "name" in kinds:
                key += "+name"
        else:
            key = f"clean/{category}"
        strata[key].append(it)
    tune: list[dict] = []
    heldout: list[dict] = []
    to_tune = True
    for key in sorted(strata):
        group = strata[key]
        random.Random(f"{SEED}:{key}").shuffle(group)
        # Deal lines alternately, busiest first, so span counts split evenly as well as lines.
        group.sort(key=lambda it: -len(it["spans"]))
        for it in group:
            (tune if to_tune else heldout).append(it)
            to_tune = not to_tune
    random.Random(f"{SEED}:tune").shuffle(tune)
    random.Random(f"{SEED}:heldout").shuffle(heldout)
    return tune, heldout


def counts(half: list[dict]) -> Counter:
    c: Counter = Counter(s["kind"] for it in half for s in it["spans"])
    c["clean lines"] = sum(1 for it in half if not it["spans"])
    c["lines"] = len(half)
    return c


def remark(item: dict) -> str:
    """Write an item back as markup, so parsing it again must give the same item."""
    out, pos = [], 0
    for s in sorted(item["spans"], key=lambda s: s["start"]):
        out.append(item["text"][pos:s["start"]])
        out.append(f"[[{s['kind']}:{item['text'][s['start']:s['end']]}]]")
        pos = s["end"]
    out.append(item["text"][pos:])
    return "".join(out)


def roundtrip(half: list[dict]) -> None:
    again = json.loads(json.dumps(half, ensure_ascii=False))
    for a, b in zip(half, again, strict=True):
        assert a == b
        for s in b["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(b["text"]), s
        assert parse_line(remark(b), "roundtrip") == b, b["text"]


def dump(half: list[dict]) -> str:
    return json.dumps(half, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    items = load()
    tune, heldout = split(items)
    roundtrip(tune)
    roundtrip(heldout)
    # Every span must round-trip to the marked source text.
    marked = {it["text"]: it for _, it in items}
    for it in tune + heldout:
        assert marked[it["text"]] is it
    out = {"tune.json": dump(tune), "heldout.json": dump(heldout)}
    if "--check" in argv:
        stale = [n for n, body in out.items()
                 if not (HERE / n).exists() or (HERE / n).read_text(encoding="utf-8") != body]
        if stale:
            print("stale: " + ", ".join(stale) + " (run build.py)")
            return 1
    else:
        for n, body in out.items():
            (HERE / n).write_text(body, encoding="utf-8")
    table = count_table(items, tune, heldout)
    readme = HERE / "README.md"
    if readme.exists():
        body = readme.read_text(encoding="utf-8")
        new_body = re.sub(r"(<!-- counts -->\n).*?(<!-- /counts -->)",
                          lambda m: m.group(1) + table + m.group(2), body, flags=re.S)
        if "--check" in argv and new_body != body:
            print("stale: README.md counts (run build.py)")
            return 1
        if "--check" not in argv:
            readme.write_text(new_body, encoding="utf-8")
    print(table, end="")
    return 0


def count_table(items: list[tuple[str, dict]], tune: list[dict], heldout: list[dict]) -> str:
    ct, ch = counts(tune), counts(heldout)
    hard = {id(it) for c, it in items if c == "clean-hard" and not it["spans"]}
    ct["hard clean lines"] = sum(1 for it in tune if id(it) in hard)
    ch["hard clean lines"] = sum(1 for it in heldout if id(it) in hard)
    extra = ["clean lines", "hard clean lines", "lines"]
    rows = [*(f"`{k}` spans" for k in KINDS), *extra]
    keys = [*KINDS, *extra]
    out = ["| kind | tune | heldout | total |", "|---|---:|---:|---:|"]
    for label, k in zip(rows, keys, strict=True):
        out.append(f"| {label} | {ct[k]} | {ch[k]} | {ct[k] + ch[k]} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
