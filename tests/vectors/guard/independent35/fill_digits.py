#!/usr/bin/env python3
"""Run once over source/*.txt: replace digit placeholders with random digits.

{NHS} {NHS:sp} {NHS:dash} {NHS:plain}  -> a 10-digit number passing modulus 11
{BAD10} {BAD10:sp}                     -> a 10-digit number FAILING modulus 11
{CHI}  -> ddmmyy + 4 digits with a modulus-11 check digit (Scottish CHI)
{HC}   -> a Northern Irish H&C number (10 digits, modulus 11), grouped 3 3 4
Only the digits are drawn at random; every sentence was written by hand.
"""
import random
import re
from pathlib import Path

rng = random.Random(350035)


def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    return 0 if c == 11 else c


def good(first=None):
    while True:
        nine = (first or "") + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(first or "")))
        c = check_digit(nine)
        if c != 10:
            return nine + str(c)


def bad():
    while True:
        nine = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(nine)
        last = rng.choice([d for d in range(10) if d != c])
        return nine + str(last)


def group(d, style):
    if style == "sp":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if style == "dash":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


def repl(m):
    kind, style = m.group(1), (m.group(2) or "plain")
    if kind == "NHS":
        return group(good(str(rng.choice([4, 6, 9, 4, 4]))), style)
    if kind == "BAD10":
        return group(bad(), style)
    if kind == "CHI":
        dd, mm, yy = rng.randint(1, 28), rng.randint(1, 12), rng.randint(30, 99)
        return good(f"{dd:02d}{mm:02d}{yy:02d}")
    if kind == "HC":
        return group(good("3"), "sp")
    raise ValueError(kind)


for p in sorted((Path(__file__).resolve().parent / "source").glob("*.txt")):
    t = p.read_text(encoding="utf-8")
    n = re.sub(r"\{(NHS|BAD10|CHI|HC)(?::(sp|dash|plain))?\}", repl, t)
    if n != t:
        p.write_text(n, encoding="utf-8")
        print("filled", p.name)
