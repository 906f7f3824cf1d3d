"""Run ONCE while writing: replaces digit placeholders in source/*.txt with random digits.

{N10} {N334} {Nh}: a valid NHS number (modulus 11), plain / spaced 3-3-4 / hyphenated 3-3-4.
{B10} {B334}: a 10-digit number that FAILS modulus 11 (for courier, shop and IT numbers).
Only the digits are drawn at random; every sentence around them was written by hand.
"""
import random
import re
from pathlib import Path

from build import mod11_ok

rng = random.Random(271957)


def draw(valid):
    while True:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] == "0":
            continue
        if mod11_ok(d) == valid:
            return d


def sub(m):
    tag = m.group(1)
    d = draw(tag.startswith("N"))
    if tag in ("N334", "B334"):
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if tag == "Nh":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


for path in sorted((Path(__file__).parent / "source").glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"\{(N10|N334|Nh|B10|B334)\}", sub, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print("filled", path.name)
