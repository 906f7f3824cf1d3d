"""One-off: replace digit placeholders in source/*.txt with random digits.

[[nhs_number:### ### ####]] -> ten digits that pass modulus 11 (grouping kept).
%%### ### ####%% (outside spans) -> ten digits that FAIL modulus 11.
Only placeholders are touched, so running it again changes nothing already filled.
"""

import random
import re
from pathlib import Path

from build import mod11_ok

HERE = Path(__file__).resolve().parent
rng = random.SystemRandom()


def draw(passing: bool) -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and mod11_ok(d) == passing:
            return d


def fill(shape: str, passing: bool) -> str:
    digits = iter(draw(passing))
    return "".join(next(digits) if c == "#" else c for c in shape)


for path in sorted((HERE / "source").glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\[\[nhs_number:([# \-]+)\]\]",
                  lambda m: f"[[nhs_number:{fill(m.group(1), True)}]]", text)
    text = re.sub(r"%%([# \-]+)%%", lambda m: fill(m.group(1), False), text)
    path.write_text(text, encoding="utf-8")
