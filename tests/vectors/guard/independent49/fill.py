"""Run once over source/*.txt: the only random part of the corpus is digits.

'N' runs inside [[nhs_number:...]] become a valid NHS number (mod 11); '#' runs elsewhere
become random digits, re-drawn until a 10-digit run fails mod 11 (so unmarked numbers that
look like NHS numbers are not NHS numbers).
"""
import random
import re
from pathlib import Path

from build import nhs_ok

rng = random.Random(4949)


def nhs() -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(9))
        d = str(rng.randint(1, 9)) + d[1:]
        for last in "0123456789":
            if nhs_ok(d + last):
                return d + last


def fill_nhs(m: re.Match) -> str:
    shape = m.group(1)
    digits = iter(nhs())
    return "[[nhs_number:" + "".join(next(digits) if ch == "N" else ch for ch in shape) + "]]"


def fill_hash(m: re.Match) -> str:
    shape = m.group()
    n = shape.count("#")
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(n))
        if n != 10 or not nhs_ok(d):
            break
    it = iter(d)
    return "".join(next(it) if ch == "#" else ch for ch in shape)


for p in sorted((Path(__file__).parent / "source").glob("*.txt")):
    t = p.read_text(encoding="utf-8")
    t2 = re.sub(r"\[\[nhs_number:([N \-]+)\]\]", fill_nhs, t)
    t2 = re.sub(r"#[#\- ]*#", fill_hash, t2)
    if t2 != t:
        p.write_text(t2, encoding="utf-8")
        print("filled", p.name)
