#!/usr/bin/env python3
"""One-off helper: replace digit placeholders in source/*.txt with random digits.

'@' runs (inside nhs_number spans) become digits of a number that PASSES modulus 11;
'%' runs (unmarked order/tracking/ticket numbers) become digits of a 10-digit number
that FAILS it.  The grouping the author typed (spaces, hyphens) is kept.
Only the digits are drawn at random; every sentence was written by hand.
"""
import glob
import random
import re
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from build import nhs_ok  # noqa: E402

rng = random.SystemRandom()


def draw(valid: bool) -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] == "0":
            continue
        if nhs_ok(d) == valid:
            return d


def fill(template: str, valid: bool) -> str:
    digits = iter(draw(valid))
    return "".join(next(digits) if c in "@%" else c for c in template)


PLACE = re.compile(r"[@%][@% \-]*[@%]")
for path in glob.glob(__import__("os").path.join(__import__("os").path.dirname(__file__), "source", "*.txt")):
    src = open(path, encoding="utf-8").read()
    out = PLACE.sub(lambda m: fill(m.group(0), "@" in m.group(0)), src)
    if out != src:
        open(path, "w", encoding="utf-8").write(out)
        print("filled", path)
