"""Run once: replace '#' digit slots inside [[nhs_number:...]] with random numbers
passing modulus 11, and '%' slots anywhere with random 10-digit numbers failing it."""
import random
import re
from pathlib import Path

from build import nhs_ok

rng = random.Random()


def digits(ok: bool) -> str:
    while True:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] != "0" and nhs_ok(d) == ok:
            return d


def pour(template: str, ch: str, ok: bool) -> str:
    d = iter(digits(ok))
    return "".join(next(d) if c == ch else c for c in template)


for path in sorted(Path(__file__).parent.joinpath("source").glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\[\[nhs_number:([# \-]+)\]\]",
                  lambda m: "[[nhs_number:" + pour(m.group(1), "#", True) + "]]", text)
    text = re.sub(r"%(?:[ \-/]?%){9}", lambda m: pour(m.group(), "%", False), text)
    path.write_text(text, encoding="utf-8")
