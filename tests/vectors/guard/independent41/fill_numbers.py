"""Run ONCE while writing: replaces digit placeholders in source/*.txt with random digits.

{NHS:g}  a valid NHS number, written out already marked [[nhs_number:...]]; g = 'sp' 3 3 4 with spaces, 'no' no spaces, 'da' dashes
{BAD:g}  a ten-digit number that FAILS modulus 11 (courier, shop, IT ticket...)
Only the digits are random; every sentence around them was written by hand.
"""
import random
import re
from pathlib import Path

from build import nhs_valid

rng = random.Random(4141)


def ten(valid: bool) -> str:
    while True:
        d = "".join(str(rng.randint(0, 9)) for _ in range(10))
        if d[0] != "0" and nhs_valid(d) == valid:
            return d


def fmt(d: str, g: str) -> str:
    if g == "sp":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if g == "da":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


def sub(m: re.Match) -> str:
    valid = m.group(1) == "NHS"
    digits = fmt(ten(valid), m.group(2))
    return f"[[nhs_number:{digits}]]" if valid else digits


for p in sorted((Path(__file__).parent / "source").glob("*.txt")):
    t = p.read_text(encoding="utf-8")
    n = re.sub(r"\{(NHS|BAD):(sp|no|da)\}", sub, t)
    if n != t:
        p.write_text(n, encoding="utf-8")
        print("filled", p.name)
