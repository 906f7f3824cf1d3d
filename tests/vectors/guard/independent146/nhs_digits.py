"""The only randomness in this corpus: draws NHS-number digits (modulus 11 valid)
and 'clean' 10-digit numbers (modulus 11 invalid). The digits were then typed by hand
into sentences written around them."""
import random

r = random.Random(146)


def chk(d):
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(d[9])


valid, bad = [], []
while len(valid) < 40:
    d = "".join(str(r.randint(0, 9)) for _ in range(9))
    d = str(r.randint(3, 7)) + d[1:]
    for x in range(10):
        if chk(d + str(x)):
            valid.append(d + str(x))
            break
while len(bad) < 30:
    d = str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(9))
    if not chk(d):
        bad.append(d)
print("valid", valid)
print("bad", bad)
