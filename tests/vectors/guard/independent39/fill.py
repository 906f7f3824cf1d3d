"""Run ONCE: replaces digit placeholders in source/*.txt with random digits.

{NHS:FMT} -> valid NHS number laid out as FMT (e.g. 3 3 4, 3-3-4, 10)
{BAD:FMT} -> 10 digits that FAIL modulus 11, laid out as FMT
Only digits are drawn at random; every sentence around them was written by hand.
"""
import random
import re
from pathlib import Path

from build import mod11_ok

rng = random.Random(3939)


def draw(valid: bool) -> str:
    while True:
        d = "".join(str(rng.randint(0, 9)) for _ in range(10))
        if d[0] == "0":
            continue
        if mod11_ok(d) == valid:
            return d


def layout(d: str, fmt: str) -> str:
    if fmt == "10":
        return d
    sep = " " if " " in fmt else ("-" if "-" in fmt else ".")
    parts = [int(p) for p in re.split(r"[ .-]", fmt)]
    out, i = [], 0
    for p in parts:
        out.append(d[i:i + p])
        i += p
    return sep.join(out)


PH = re.compile(r"\{(NHS|BAD):([0-9 .-]+)\}")
for path in sorted((Path(__file__).parent / "source").glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    new = PH.sub(lambda m: layout(draw(m.group(1) == "NHS"), m.group(2)), text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print("filled", path.name)
