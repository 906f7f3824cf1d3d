"""Run ONCE after writing: replaces digit placeholders in source/*.txt with random digits.

{{NHS}} / {{NHS:334}} / {{NHS:dash}}  -> a 10-digit number passing modulus 11 (contiguous / 3 3 4 / 3-3-4)
{{BAD10}} / {{BAD10:334}} / {{BAD10:dash}} -> a 10-digit number FAILING modulus 11
Only digits are drawn at random; every sentence was written by hand.
"""
import random
import re
from pathlib import Path

from build import mod11_ok

rng = random.Random(36036)
PH = re.compile(r"\{\{(NHS|BAD10)(?::(334|dash))?\}\}")


def draw(good: bool) -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if mod11_ok(d) == good:
            return d


def fmt(d: str, style: str | None) -> str:
    if style == "334":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if style == "dash":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


def sub(m: re.Match) -> str:
    return fmt(draw(m.group(1) == "NHS"), m.group(2))


for p in sorted((Path(__file__).parent / "source").glob("*.txt")):
    s = p.read_text(encoding="utf-8")
    n = PH.sub(sub, s)
    if n != s:
        p.write_text(n, encoding="utf-8")
        print("filled", p.name)
