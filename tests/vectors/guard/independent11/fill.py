"""One-off filler: draws random digits for placeholders only, nothing else.

Inside [[nhs_number:...]] each 'N' becomes a digit so the number passes
modulus 11.  Outside markup, a run of '%' (spaces/hyphens allowed between)
holding 10 placeholders becomes a 10-digit number that FAILS modulus 11.
Every drawn number is new: numbers already in the sources are never drawn
again, and a later repeat of an earlier number (left by the first batches,
when the generator restarted each run) is redrawn with the same grouping.
Already-filled lines have no placeholders, so re-running changes nothing.
"""
import random
import re
from pathlib import Path

from build import nhs_ok

rng = random.Random(20261205)
TEN = re.compile(r"(?<![\d])\d[\d -]{8,12}\d(?![\d])")


def digits(ok: bool, used: set) -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and nhs_ok(d) == ok and d not in used:
            used.add(d)
            return d


def regroup(pattern: str, d: str, ph: str) -> str:
    it = iter(d)
    return "".join(next(it) if c == ph or c.isdigit() else c for c in pattern)


def main() -> None:
    paths = sorted((Path(__file__).parent / "source").glob("*.txt"))
    used: set = set()

    def dedupe(m: re.Match) -> str:
        d = re.sub(r"\D", "", m.group(0))
        if len(d) != 10:
            return m.group(0)
        if d not in used:
            used.add(d)
            return m.group(0)
        return regroup(m.group(0), digits(nhs_ok(d), used), "")

    for path in paths:
        lines = path.read_text(encoding="utf-8").split("\n")
        out = [ln if ln.lstrip().startswith("#") else TEN.sub(dedupe, ln) for ln in lines]
        path.write_text("\n".join(out), encoding="utf-8")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\[\[nhs_number:([N -]+)\]\]",
                      lambda m: "[[nhs_number:" + regroup(m.group(1), digits(True, used), "N") + "]]",
                      text)
        text = re.sub(r"%[% -]*%", lambda m: regroup(m.group(0), digits(False, used), "%"), text)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
