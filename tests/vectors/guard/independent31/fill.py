#!/usr/bin/env python3
"""Run once: replace digit placeholders in source/*.txt with random digits.

@NHS:334@ -> a 10-digit number passing modulus 11, grouped 3-3-4 with spaces
  (@NHS:10@ no grouping, @NHS:334-@ with hyphens)
@BAD:10@  -> a 10-digit number that FAILS modulus 11 (for clean lines)
"""
import random
import re
from pathlib import Path

from build import mod11_ok

rng = random.Random()


def nhs() -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(9))
        d = str(rng.randint(1, 9)) + d[1:]
        for c in "0123456789":
            if mod11_ok(d + c):
                return d + c


def bad() -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(9))
        if not mod11_ok(d):
            return d


def group(d: str, fmt: str) -> str:
    if fmt.startswith("334"):
        sep = "-" if fmt.endswith("-") else " "
        return d[:3] + sep + d[3:6] + sep + d[6:]
    return d


def sub(m: re.Match) -> str:
    kind, fmt = m.group(1), m.group(2)
    return group(nhs() if kind == "NHS" else bad(), fmt)


for f in sorted((Path(__file__).parent / "source").glob("*.txt")):
    t = f.read_text(encoding="utf-8")
    n = re.sub(r"@(NHS|BAD):([0-9-]+)@", sub, t)
    if n != t:
        f.write_text(n, encoding="utf-8")
        print("filled", f.name)
