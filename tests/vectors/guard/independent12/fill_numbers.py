"""Run once over a new source file: replaces number placeholders with random digits, in place.

<<NHS:f>>  a random 10-digit number that passes the NHS modulus-11 check
<<BAD:f>>  a random 10-digit number that FAILS it (orders, tracking, tickets)
f is the grouping: p = plain 10 digits, s = 3 3 4 with spaces, d = 3-3-4 with hyphens,
k = 4 3 3 with spaces (how some people split it). Only the digits are drawn at random;
every sentence was written by hand.
"""
import random
import re
import sys

from build import nhs_ok

rng = random.SystemRandom()


def draw(valid: bool) -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if nhs_ok(d) == valid:
            return d


def group(d: str, f: str) -> str:
    if f == "s":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if f == "d":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    if f == "k":
        return f"{d[:4]} {d[4:7]} {d[7:]}"
    return d


def sub(m: re.Match) -> str:
    return group(draw(m.group(1) == "NHS"), m.group(2))


for p in sys.argv[1:]:
    t = open(p, encoding="utf-8").read()
    open(p, "w", encoding="utf-8").write(re.sub(r"<<(NHS|BAD):([psdk])>>", sub, t))
