"""One-off helper used while writing: replace {NHS} and {BAD10} placeholders in one source file.

{NHS} becomes a valid NHS number (separator style rotates); {BAD10} becomes 10 digits that fail the
modulus-11 check. Usage: python3 fill.py source/NN_file.txt SEED. build.py does not run this.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path


def check_digit(digits: list[int]) -> int:
    total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=False))
    check = 11 - total % 11
    return 0 if check == 11 else check


def valid_nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        digits[0] = rng.choice([4, 4, 6, 7, 9, 4])
        check = check_digit(digits)
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def failing_ten(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        if digits[0] == 0:
            continue
        check = check_digit(digits)
        last = rng.randint(0, 9)
        if check == 10 or last != check:
            return "".join(map(str, digits)) + str(last)


def spaced(rng: random.Random, s: str) -> str:
    r = rng.random()
    if r < 0.45:
        return f"{s[:3]} {s[3:6]} {s[6:]}"
    if r < 0.75:
        return s
    if r < 0.92:
        return f"{s[:3]}-{s[3:6]}-{s[6:]}"
    return f"{s[:3]}  {s[3:6]} {s[6:]}"


def main() -> None:
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    path = Path(sys.argv[1])
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{NHS\}", lambda _m: spaced(rng, valid_nhs(rng)), text)
    text = re.sub(r"\{BAD10\}", lambda _m: failing_ten(rng), text)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
