#!/usr/bin/env python3
"""Run once while writing: replaces digit placeholders in source/*.txt in place.

@NHS@ / @NHS_S@ / @NHS_D@  -> random 10 digits passing modulus 11 (plain, 3 3 4, 3-3-4)
@BAD@ / @BAD_S@            -> random 10 digits FAILING modulus 11 (plain, 3 3 4)
Only digits are drawn at random; every sentence was written by hand.
"""
import random
import re
from pathlib import Path

rng = random.Random(380611)


def weighted(d):
    return sum(int(x) * w for x, w in zip(d, range(10, 1, -1)))


def nhs():
    while True:
        d = "".join(str(rng.randint(0, 9)) for _ in range(9))
        if d[0] == "0":
            continue
        c = 11 - weighted(d) % 11
        c = 0 if c == 11 else c
        if c != 10:
            return d + str(c)


def bad():
    while True:
        d = "".join(str(rng.randint(0, 9)) for _ in range(10))
        c = 11 - weighted(d[:9]) % 11
        c = 0 if c == 11 else c
        if c == 10 or c != int(d[9]):
            return d


def fmt(d, style):
    if style == "S":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if style == "D":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


def sub(m):
    kind, style = m.group(1), (m.group(2) or "")
    return fmt(nhs() if kind == "NHS" else bad(), style)


for p in sorted(Path(__file__).resolve().parent.glob("source/*.txt")):
    t = p.read_text(encoding="utf-8")
    n = re.sub(r"@(NHS|BAD)(?:_([SD]))?@", sub, t)
    if n != t:
        p.write_text(n, encoding="utf-8")
        print("filled", p.name)
