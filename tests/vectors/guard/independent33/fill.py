#!/usr/bin/env python3
"""Run once: replace digit placeholders in source/*.txt with random digits.

«NHS», «NHS 334», «NHS-334»: 10 digits passing modulus 11 (plain, spaced 3-3-4, dashed).
Bare «NHS...» tokens are wrapped as [[nhs_number:...]] unless already marked.
«BAD», «BAD 334», «BAD-334»: 10 digits FAILING modulus 11 (clean numbers).
"""
import glob
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import nhs_ok  # noqa: E402

# seeded by the text being filled, so that each run draws fresh digits
rng = random.Random()


def draw(good: bool) -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if nhs_ok(d) == good:
            return d


def shape(d: str, style: str) -> str:
    if style == " 334":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if style == "-334":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


TOKEN = re.compile(r"(\[\[nhs_number:)?«(NHS|BAD)( 334|-334)?»(\]\])?")


def sub(m: re.Match) -> str:
    good = m.group(2) == "NHS"
    num = shape(draw(good), m.group(3) or "")
    if good:
        return f"[[nhs_number:{num}]]"
    return num


for path in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source", "*.txt"))):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    rng.seed("corpus33:" + text)
    new = TOKEN.sub(sub, text)
    if new != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
        print("filled", os.path.basename(path))
