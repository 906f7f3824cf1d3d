#!/usr/bin/env python3
"""The only randomness in corpus independent130.

Draws 10-digit numbers with a fixed seed: 40 that pass the NHS modulus 11
check (typed by hand into lines as NHS numbers) and 30 that fail it (typed
into lines as order, parcel, ticket, job and similar numbers). Standard
library only; prints the two lists.
"""
import random


def chk(d):
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


r = random.Random(130417)
valid, bad = [], []
while len(valid) < 40:
    d = str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(9))
    if chk(d):
        valid.append(d)
while len(bad) < 30:
    d = str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(9))
    if not chk(d):
        bad.append(d)
print("VALID")
print(" ".join(valid))
print("BAD")
print(" ".join(bad))
