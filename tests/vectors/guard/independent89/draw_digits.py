# Tiny seeded helper used once to draw digits for NHS numbers (must pass
# modulus 11) and for clean 10-digit numbers (must fail modulus 11).
# The digits were then typed by hand into hand-written lines.
import random
r = random.Random(8917)
def ok(d):
    s = sum(int(d[i]) * (10 - i) for i in range(9)); c = 11 - s % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(d[9])
nhs, bad = [], []
while len(nhs) < 70:
    d = ''.join(str(r.randint(0, 9)) for _ in range(10))
    if ok(d): nhs.append(d)
while len(bad) < 60:
    d = ''.join(str(r.randint(0, 9)) for _ in range(10))
    if not ok(d): bad.append(d)
print('NHS', ' '.join(nhs)); print('BAD', ' '.join(bad))
