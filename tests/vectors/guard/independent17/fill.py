"""Run once: replace @NHS@/@NHS_S@/@NHS_D@ with random valid NHS numbers and @BAD10@ with
random 10-digit numbers that fail modulus 11. Only the digits are random; the lines are hand-written."""
import random
import re
from pathlib import Path

rng = random.Random(17017)  # re-seeded per file below


def check_digit(d9):
    c = 11 - sum(int(d) * w for d, w in zip(d9, range(10, 1, -1))) % 11
    return 0 if c == 11 else c


def good():
    while True:
        d9 = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(d9)
        if c != 10:
            return d9 + str(c)


def bad():
    while True:
        d9 = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(d9)
        last = rng.randint(0, 9)
        if c == 10 or last != c:
            return d9 + str(last)


def sub(m):
    kind = m.group(1)
    if kind == "BAD10":
        return bad()
    n = good()
    if kind == "NHS_S":
        return f"{n[:3]} {n[3:6]} {n[6:]}"
    if kind == "NHS_D":
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    return n


for f in sorted((Path(__file__).parent / "source").glob("*.txt")):
    t = f.read_text(encoding="utf-8")
    rng.seed(f"17017:{f.name}:{t}")
    t2 = re.sub(r"@(NHS|NHS_S|NHS_D|BAD10)@", sub, t)
    if t2 != t:
        f.write_text(t2, encoding="utf-8")
        print("filled", f.name)
