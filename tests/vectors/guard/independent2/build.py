"""Build tune.json from the hand-written markup in source/*.txt.

Markup: one sentence per line; identifiers are marked inline as [[kind:the identifier]].
Blank lines and lines starting with '#' are skipped. Everything goes into tune.json
(this second independent corpus is tuning data only; no held-out split).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"name", "nhs_number", "date", "email", "phone", "postcode", "patient_number"}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")


def nhs_valid(raw: str) -> bool:
    digits = re.sub(r"[\s-]", "", raw)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def parse(line: str) -> dict:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        spans.append({"kind": kind, "start": out_len, "end": out_len + len(value)})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(line[pos:])
    joined = "".join(text)
    if "[[" in joined or "]]" in joined:
        raise ValueError(f"broken markup: {line}")
    return {"text": joined, "spans": spans, "_values": [m.group(2) for m in MARK.finditer(line)]}


def main() -> int:
    items, seen = [], set()
    for path in sorted((HERE / "source").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            item = parse(line)
            for span, value in zip(item["spans"], item.pop("_values"), strict=True):
                got = item["text"][span["start"]:span["end"]]
                assert got == value, (path.name, n, got, value)
                if span["kind"] == "nhs_number" and not nhs_valid(value):
                    raise ValueError(f"{path.name}:{n}: NHS number fails mod-11: {value}")
            if item["text"] in seen:
                continue
            seen.add(item["text"])
            items.append(item)
    out = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    (HERE / "tune.json").write_text(out, encoding="utf-8")
    counts: dict[str, int] = {}
    for it in items:
        for s in it["spans"]:
            counts[s["kind"]] = counts.get(s["kind"], 0) + 1
    clean = sum(1 for it in items if not it["spans"])
    per_kind = "  ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"lines {len(items)}  clean {clean}  {per_kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
