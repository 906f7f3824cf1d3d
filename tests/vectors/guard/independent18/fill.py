#!/usr/bin/env python3
"""Run once (already done): replace {NHS} / {NHS_} / {NHS-} in source/*.txt with random valid NHS
numbers (10 digits; 3-3-4 with spaces; 3-3-4 with dashes) and {BAD} with random 10-digit numbers that
fail modulus 11. Only digits were drawn at random; every sentence was written by hand."""

import glob
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(18181)


def nhs_ok(digits: str) -> bool:
    """Same modulus-11 rule as build.py."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def draw(valid: bool) -> str:
    while True:
        d = "".join(RNG.choice("0123456789") for _ in range(10))
        if d[0] != "0" and nhs_ok(d) == valid:
            return d


def sub(m: "re.Match[str]") -> str:
    tag = m.group(1)
    if tag == "BAD":
        return draw(False)
    d = draw(True)
    return {"NHS": d, "NHS_": f"{d[:3]} {d[3:6]} {d[6:]}", "NHS-": f"{d[:3]}-{d[3:6]}-{d[6:]}"}[tag]


def main() -> None:
    for path in glob.glob(os.path.join(HERE, "source", "*.txt")):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        new = re.sub(r"\{(NHS_|NHS-|NHS|BAD)\}", sub, text)
        if new != text:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(new)


if __name__ == "__main__":
    main()
