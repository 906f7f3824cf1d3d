"""Run once over source/*.txt: replace {NHS:fmt} with random valid NHS numbers
and {BAD:fmt} with random 10-digit numbers that FAIL modulus 11.
fmt: 0 = ten digits run together, 334 = 3 3 4 with spaces, - = 3-3-4 with hyphens.
Only the digits are random; every sentence around them was written by hand."""
import glob
import random
import re

from build import nhs_ok

rng = random.Random(20261205)


def digits(valid):
    while True:
        d = "".join(str(rng.randint(0, 9)) for _ in range(10))
        if d[0] != "0" and nhs_ok(d) == valid:
            return d


def fmt(d, style):
    if style == "334":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if style == "-":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


def sub(m):
    return fmt(digits(m.group(1) == "NHS"), m.group(2))


for path in sorted(glob.glob("source/*.txt")):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    new = re.sub(r"\{(NHS|BAD):(0|334|-)\}", sub, text)
    if new != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
        print("filled", path)
