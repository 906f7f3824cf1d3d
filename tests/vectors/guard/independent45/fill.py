"""One-off filler: replaces digit placeholders in source/*.txt with random digits.

{NHS} / {NHS3} / {NHSD}: a 10-digit number passing modulus 11 (plain, 3-3-4 with spaces, with dashes).
{BAD}: a 10-digit number FAILING modulus 11 (for order/tracking/ticket numbers).
Only digits are drawn at random; every word of every line was written by hand.
"""
import random
import re
from pathlib import Path

rng = random.Random(4545)


def check(d: list[int]) -> int:
    c = 11 - sum(w * x for w, x in zip(range(10, 1, -1), d)) % 11
    return 0 if c == 11 else c


def nhs() -> str:
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        c = check(d)
        if c != 10:
            return "".join(map(str, d + [c]))


def bad() -> str:
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(9)]
        c = check(d[:9])
        if c == 10 or c != d[9]:
            return "".join(map(str, d))


def sub(m: re.Match[str]) -> str:
    k = m.group(1)
    if k == "BAD":
        return bad()
    n = nhs()
    if k == "NHS3":
        return f"{n[:3]} {n[3:6]} {n[6:]}"
    if k == "NHSD":
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    return n


for p in sorted(Path(__file__).parent.joinpath("source").glob("*.txt")):
    s = p.read_text(encoding="utf-8")
    t = re.sub(r"\{(NHS3|NHSD|NHS|BAD)\}", sub, s)
    if t != s:
        p.write_text(t, encoding="utf-8")
