"""Run once over source/*.txt to draw the digits of NHS and other 10-digit numbers at random.

While writing, a line holds '#' for each digit of an NHS number (any grouping, e.g. ### ### ####)
and '%' for each digit of another number whose digits should be random. A '#' group becomes a
number that passes modulus 11; a '%' group of ten digits becomes one that FAILS it (so an
unmarked order or tracking number never looks like a valid NHS number). The sentence, the
grouping and the markup are the author's; only the digits come from here. Python stdlib only.
"""

import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
# SystemRandom, not a fixed seed: the script ran once per batch of new lines, and a fixed seed
# drew the same first numbers in every batch (the repeats were redrawn before release).
rng = random.SystemRandom()
GROUP = re.compile(r"[#%](?:[ \-]?[#%])*")


def mod11(nine: list[int]) -> int:
    total = sum(d * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return 0 if check == 11 else check


def valid_nhs() -> str:
    while True:
        nine = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        c = mod11(nine)
        if c != 10:
            return "".join(map(str, nine)) + str(c)


def invalid_ten() -> str:
    while True:
        ten = [rng.randint(0, 9) for _ in range(10)]
        c = mod11(ten[:9])
        if c == 10 or c != ten[9]:
            return "".join(map(str, ten))


def fill(m: re.Match) -> str:
    pattern = m.group()
    n = sum(ch in "#%" for ch in pattern)
    if "#" in pattern:
        assert n == 10 and "%" not in pattern, pattern
        digits = valid_nhs()
    elif n == 10:
        digits = invalid_ten()
    else:
        digits = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
    it = iter(digits)
    return "".join(next(it) if ch in "#%" else ch for ch in pattern)


for path in sorted((HERE / "source").glob("*.txt")):
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [ln if ln.startswith("#") else GROUP.sub(fill, ln) for ln in lines]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
