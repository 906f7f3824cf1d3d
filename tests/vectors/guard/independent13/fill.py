"""Run once per batch: replaces digit placeholders in source/*.txt with random digits.

@NHS@ -> a 10-digit number passing modulus 11 (grouping taken from the
placeholder: @NHS@ plain, @NHS_S@ '3 3 4' with spaces, @NHS_D@ '3-3-4').
@BAD10@ -> a 10-digit number that fails modulus 11 (for order/tracking numbers).
"""
import random
import re
from pathlib import Path

from build import nhs_ok

HERE = Path(__file__).resolve().parent
rng = random.Random()  # unseeded: digits drawn once, then kept in the source


def valid() -> str:
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
    tag = m.group(1)
    if tag == "BAD10":
        return bad()
    d = valid()
    if tag == "NHS_S":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if tag == "NHS_D":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


for path in sorted((HERE / "source").glob("*.txt")):
    old = path.read_text(encoding="utf-8")
    new = re.sub(r"@(NHS_S|NHS_D|NHS|BAD10)@", sub, old)
    if new != old:
        path.write_text(new, encoding="utf-8")
        print("filled", path.name)
