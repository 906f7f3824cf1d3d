#!/usr/bin/env python3
"""Run once: replace {NHS} / {NHS_} / {NHS-} with random valid NHS numbers (10 digits, 3-3-4 with
spaces, 3-3-4 with dashes) and {BAD} with random 10-digit numbers that fail modulus 11."""
import glob, os, random, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import nhs_ok
rng = random.Random(18181)
def valid():
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and nhs_ok(d):
            return d
def bad():
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and not nhs_ok(d):
            return d
def sub(m):
    t = m.group(1)
    if t == "BAD":
        return bad()
    d = valid()
    return {"NHS": d, "NHS_": d[:3] + " " + d[3:6] + " " + d[6:], "NHS-": d[:3] + "-" + d[3:6] + "-" + d[6:]}[t]
for p in glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source", "*.txt")):
    s = open(p, encoding="utf-8").read()
    n = re.sub(r"\{(NHS_|NHS-|NHS|BAD)\}", sub, s)
    if n != s:
        open(p, "w", encoding="utf-8").write(n)
