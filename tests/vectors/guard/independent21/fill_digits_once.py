"""One-off fill, already run: random digits for NHS-valid and NHS-invalid 10-digit numbers.

Source lines were written with placeholders ({nhs 3 3 4}, {nhs 10}, {nhs 3-3-4} inside an
nhs_number span; {bad 10} for order/tracking/ticket numbers that must FAIL modulus 11). This
replaced them in place once; no placeholders remain, so running it again changes nothing.
"""
import random
import re
import sys
from pathlib import Path

rng = random.Random(2126)
SHAPES = {"10": (10,), "3 3 4": (3, 3, 4), "3-3-4": (3, 3, 4), "4 3 3": (4, 3, 3)}


def check(d: str) -> int:
    t = sum(int(x) * w for x, w in zip(d, range(10, 1, -1)))
    c = 11 - t % 11
    return 0 if c == 11 else c


def good() -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check(d)
        if c != 10:
            return d + str(c)


def bad() -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        c = check(d[:9])
        if c == 10 or c != int(d[9]):
            return d


def fmt(d: str, shape: str) -> str:
    sep = "-" if "-" in shape else " "
    parts, i = [], 0
    for n in SHAPES[shape]:
        parts.append(d[i:i + n])
        i += n
    return sep.join(parts)


def main() -> None:
    for p in sys.argv[1:]:
        s = Path(p).read_text()
        s = re.sub(r"\{nhs ([0-9 -]+)\}", lambda m: fmt(good(), m.group(1)), s)
        s = re.sub(r"\{bad ([0-9 -]+)\}", lambda m: fmt(bad(), m.group(1)), s)
        Path(p).write_text(s)


if __name__ == "__main__":
    main()
