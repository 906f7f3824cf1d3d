"""One-off filler: draws random digits for placeholders only, nothing else.

Inside [[nhs_number:...]] each 'N' becomes a digit so the number passes
modulus 11.  Outside markup, a run of '%' (spaces/hyphens allowed between)
holding 10 placeholders becomes a 10-digit number that FAILS modulus 11.
Already-filled lines have no placeholders, so re-running changes nothing.
"""
import random
import re
from pathlib import Path

from build import nhs_ok

rng = random.Random(20261205)


def digits(ok: bool) -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and nhs_ok(d) == ok:
            return d


def fill(pattern: str, ok: bool, ph: str) -> str:
    d = iter(digits(ok))
    return "".join(next(d) if c == ph else c for c in pattern)


def main() -> None:
    for path in sorted((Path(__file__).parent / "source").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\[\[nhs_number:([N -]+)\]\]",
                      lambda m: "[[nhs_number:" + fill(m.group(1), True, "N") + "]]", text)
        text = re.sub(r"%[% -]*%", lambda m: fill(m.group(0), False, "%"), text)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
