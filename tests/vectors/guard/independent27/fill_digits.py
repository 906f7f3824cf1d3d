"""Run ONCE while writing: replaces digit placeholders in source/*.txt with random digits.

{N10} {N334} {Nh}: a valid NHS number (modulus 11), plain / spaced 3-3-4 / hyphenated 3-3-4.
{B10} {B334}: a 10-digit number that FAILS modulus 11 (for courier, shop and IT numbers).
Only the digits are drawn at random; every sentence around them was written by hand.

The first version reseeded the generator for every run, so later batches repeated
earlier batches' numbers; the dedupe pass below (run once) redrew every repeat,
keeping its grouping and whether it passes modulus 11.
"""
import random
import re
from pathlib import Path

from build import mod11_ok

rng = random.Random()
SOURCE = Path(__file__).parent / "source"
used = set()


def draw(valid):
    while True:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] == "0" or d in used:
            continue
        if mod11_ok(d) == valid:
            used.add(d)
            return d


def shape(d, like):
    out, i = "", 0
    for c in like:
        if c.isdigit():
            out += d[i]
            i += 1
        else:
            out += c
    return out


def sub(m):
    tag = m.group(1)
    d = draw(tag.startswith("N"))
    if tag in ("N334", "B334"):
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if tag == "Nh":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


TEN = re.compile(r"(?<![\dA-Za-z])(\d{3}[ -]\d{3}[ -]\d{4}|\d{10})(?![\d])")


def dedupe(text):
    def redraw(m):
        digits = re.sub(r"\D", "", m.group(0))
        if digits not in used:
            used.add(digits)
            return m.group(0)
        return shape(draw(mod11_ok(digits)), m.group(0))
    return TEN.sub(redraw, text)


for path in sorted(SOURCE.glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    new = dedupe(re.sub(r"\{(N10|N334|Nh|B10|B334)\}", sub, text))
    if new != text:
        path.write_text(new, encoding="utf-8")
        print("filled", path.name)
