"""Build tune.json and heldout.json from source/*.txt (standard library only).

Each non-blank line of source/*.txt is one sentence or chat message. Lines
starting with '#' are author comments and are skipped. Identifiers are marked
inline as [[kind:text]].
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "independent141-seed-8426"
KINDS = ("name", "nhs_number", "date", "email", "phone", "postcode", "patient_number")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
          "lady", "lord", "master", "rev", "revd", "sister", "nurse"}
MARK = re.compile(r"\[\[([^:\]]*):(.*?)\]\]")
# a run of digit groups separated by single spaces or dashes
DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")


class BuildError(Exception):
    pass


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def parse_line(raw, where):
    text_parts, spans = [], []
    pos = 0
    out_len = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        out_len += len(before)
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise BuildError(f"{where}: unknown kind {kind!r}")
        if not value or value != value.strip():
            raise BuildError(f"{where}: empty or padded span {value!r}")
        start = out_len
        text_parts.append(value)
        out_len += len(value)
        spans.append({"kind": kind, "start": start, "end": out_len})
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise BuildError(f"{where}: unbalanced markup")
    # round trip
    for s, m in zip(spans, MARK.finditer(raw)):
        if text[s["start"]:s["end"]] != m.group(2):
            raise BuildError(f"{where}: span does not round-trip: {m.group(0)}")
    check_line(text, spans, where)
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return text, spans


def check_line(text, spans, where):
    for s in spans:
        value = text[s["start"]:s["end"]]
        if s["kind"] == "name":
            first = re.split(r"[\s.]+", value.strip())[0].lower()
            if first in TITLES and len(value.split()) > 1 or value.lower().rstrip(".") in TITLES:
                raise BuildError(f"{where}: title inside name span {value!r}")
            if value.endswith("'s") or value.endswith("\u2019s"):
                raise BuildError(f"{where}: possessive inside name span {value!r}")
        if s["kind"] == "nhs_number":
            digits = re.sub(r"\D", "", value)
            if not mod11_ok(digits):
                raise BuildError(f"{where}: marked NHS number fails modulus 11: {value!r}")
    # mask marked spans, then look for unmarked 10-digit numbers passing mod 11
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "#"
    masked = "".join(masked)
    for m in DIGIT_RUN.finditer(masked):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) == 10 and mod11_ok(acc):
                    raise BuildError(
                        f"{where}: unmarked 10-digit number passes modulus 11: "
                        f"{' '.join(groups[i:j + 1])!r}")
                if len(acc) >= 10:
                    break


def load():
    records, seen = [], set()
    files = sorted((HERE / "source").glob("*.txt"))
    if not files:
        raise BuildError("no source files")
    dupes = 0
    for path in files:
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            text, spans = parse_line(raw, where)
            key = (text, tuple((s["kind"], s["start"], s["end"]) for s in spans))
            if key in seen:
                dupes += 1
                continue
            seen.add(key)
            records.append({"text": text, "spans": spans, "_file": path.name})
    return records, files, dupes


def split(records):
    totals = Counter(s["kind"] for r in records for s in r["spans"])
    strata = defaultdict(list)
    for r in records:
        kinds = {s["kind"] for s in r["spans"]}
        if kinds:
            stratum = min(kinds, key=lambda k: (totals[k], k))
        else:
            stratum = "clean"
        strata[stratum].append(r)
    tune, heldout = [], []
    for stratum in sorted(strata):
        items = sorted(strata[stratum], key=lambda r: hashlib.sha256(
            (SEED + "\n" + r["text"]).encode("utf-8")).hexdigest())
        for i, r in enumerate(items):
            (tune if i % 2 == 0 else heldout).append(r)
    return tune, heldout


def counts(rows):
    c = Counter(s["kind"] for r in rows for s in r["spans"])
    dirty = sum(1 for r in rows if r["spans"])
    return c, dirty, len(rows) - dirty, len(rows)


def main():
    try:
        records, files, dupes = load()
    except BuildError as e:
        sys.exit(f"build failed: {e}")
    tune, heldout = split(records)
    for name, rows in (("tune.json", tune), ("heldout.json", heldout)):
        data = [{"text": r["text"], "spans": r["spans"]} for r in rows]
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")
    print(f"{len(files)} source files, {len(records)} lines ({dupes} duplicates dropped)")
    ct, dt, cl_t, nt = counts(tune)
    ch, dh, cl_h, nh = counts(heldout)
    print(f"{'kind':16}{'tune':>8}{'heldout':>9}{'total':>8}")
    for k in KINDS:
        print(f"{k:16}{ct[k]:>8}{ch[k]:>9}{ct[k] + ch[k]:>8}")
    print(f"{'dirty lines':16}{dt:>8}{dh:>9}{dt + dh:>8}")
    print(f"{'clean lines':16}{cl_t:>8}{cl_h:>9}{cl_t + cl_h:>8}")
    print(f"{'total lines':16}{nt:>8}{nh:>9}{nt + nh:>8}")


if __name__ == "__main__":
    main()
