"""Run once: replace {N...} and {BAD...} placeholders in source/*.txt with random digits.

{N10} {N334} {Ndash} {Nspace2}: NHS numbers that pass modulus 11, in those groupings.
{BAD10} {BAD334}: 10-digit numbers that FAIL modulus 11 (order, tracking, ticket numbers).
Only the digits are drawn at random; every sentence was written by hand.
"""

import random
import re
from pathlib import Path

from build import nhs_ok

rng = random.Random(3407)  # reseeded per file below


def draw(valid: bool) -> str:
    while True:
        d = str(rng.choice([4, 6, 9] if valid else range(1, 10))) + "".join(
            str(rng.randrange(10)) for _ in range(9))
        if nhs_ok(d) == valid:
            return d


def fmt(d: str, shape: str) -> str:
    if shape in ("334", ""):
        return f"{d[:3]} {d[3:6]} {d[6:]}" if shape else d
    if shape == "dash":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    if shape == "space2":
        return f"{d[:6]} {d[6:]}"
    return d


def sub(m: re.Match) -> str:
    kind, shape = m.group(1), m.group(2)
    if kind == "N":
        return fmt(draw(True), "" if shape == "10" else shape)
    return fmt(draw(False), "" if shape == "10" else shape)


for f in sorted((Path(__file__).parent / "source").glob("*.txt")):
    s = f.read_text(encoding="utf-8")
    rng.seed(f"3407/{f.name}/{len(s)}")
    t = re.sub(r"\{(N|BAD)(10|334|dash|space2)\}", sub, s)
    if t != s:
        f.write_text(t, encoding="utf-8")
