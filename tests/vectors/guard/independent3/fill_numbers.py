"""One-off helper: replace number tokens in source/*.txt with random digits, in place.

Only the digits of NHS numbers and of non-NHS 10-digit numbers are drawn at random (every
sentence around them is hand-written). Tokens:
  {NHS} 3-3-4 spaces, {NHS-} hyphens, {NHS.} dots, {NHS0} no separator  -> passes modulus 11
  {BAD} 10 digits, {BAD-s} 3-3-4 spaces, {BAD-h} 3-3-4 hyphens          -> fails modulus 11
Run after adding lines; already-filled lines are untouched.
"""
import random
import re
from pathlib import Path

from build import mod11_ok

rng = random.Random()  # digits only; the filled files are what is committed
TOKEN = re.compile(r"\{(NHS|BAD)(-s|-h|-|\.|0)?\}")


def draw(valid: bool) -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if mod11_ok(d) == valid:
            return d


def sub(m: re.Match) -> str:
    d = draw(m.group(1) == "NHS")
    sep = {"-s": " ", "-h": "-", "-": "-", ".": ".", "0": "", None: " "}[m.group(2)]
    if m.group(1) == "BAD" and m.group(2) is None:
        sep = ""
    return f"{d[:3]}{sep}{d[3:6]}{sep}{d[6:]}"


for path in sorted((Path(__file__).parent / "source").glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    new = TOKEN.sub(sub, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print("filled", path.name)
