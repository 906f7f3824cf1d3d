"""Run once: replace NHS334/NHS10/NHSD/BAD10 placeholders in source/*.txt with random digits.

NHS* -> 10 digits passing modulus 11 (grouped 3-3-4 spaced, plain, or dashed);
BAD10 -> 10 digits that FAIL modulus 11 (for clean lines: couriers, shops, tickets).
Only digits are drawn at random; every sentence was written by hand.
"""
import random
import re
from pathlib import Path

from build import nhs_ok

rng = random.Random(231205)


def good() -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and nhs_ok(d):
            return d


def bad() -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and not nhs_ok(d):
            return d


def sub(m: re.Match) -> str:
    tok = m.group(0)
    if tok == "BAD10":
        return bad()
    d = good()
    if tok == "NHS334":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if tok == "NHSD":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


for f in sorted(Path(__file__).resolve().parent.glob("source/*.txt")):
    t = f.read_text(encoding="utf-8")
    n = re.sub(r"NHS334|NHSD|NHS10|BAD10", sub, t)
    if n != t:
        f.write_text(n, encoding="utf-8")
