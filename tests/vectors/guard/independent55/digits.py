# Tiny seeded draw of digits only: NHS numbers (pass modulus 11) and clean
# 10-digit numbers (fail modulus 11). The lines around them were written by hand.
import random
r = random.Random(5507)
def ok(d):
    s = sum(int(d[i])*(10-i) for i in range(9)); c = 11 - s % 11
    c = 0 if c == 11 else c
    return c != 10 and int(d[9]) == c
good, bad = [], []
while len(good) < 90 or len(bad) < 90:
    d = ''.join(str(r.randint(0,9)) for _ in range(10))
    if ok(d) and len(good) < 90: good.append(d)
    elif not ok(d) and len(bad) < 90 and d[0] != '0': bad.append(d)
print('NHS', ' '.join(good)); print('BAD', ' '.join(bad))
