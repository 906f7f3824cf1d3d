#!/usr/bin/env python3
"""Fill placeholders once with random digits (the only randomly drawn content).

@NHS@ / @NHS_SP@ / @NHS_DASH@ -> a 10-digit number passing modulus 11 (plain, 3 3 4, 3-3-4).
@BAD@ / @BAD_SP@ -> a 10-digit number that FAILS modulus 11 (plain, 3 3 4).
Rewrites source/*.txt in place; placeholders already filled are untouched.
"""
import random
import re
from pathlib import Path

from build import mod11_ok

rng = random.SystemRandom()


def draw(good: bool) -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and mod11_ok(d) == good:
            return d


def fmt(d: str, style: str) -> str:
    if style == "_SP":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if style == "_DASH":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


def sub(m: re.Match) -> str:
    kind, style = m.group(1), m.group(2) or ""
    return fmt(draw(kind == "NHS"), style)


for f in sorted((Path(__file__).resolve().parent / "source").glob("*.txt")):
    t = f.read_text(encoding="utf-8")
    new = re.sub(r"@(NHS|BAD)(_SP|_DASH)?@", sub, t)
    if new != t:
        f.write_text(new, encoding="utf-8")
        print("filled", f.name)
