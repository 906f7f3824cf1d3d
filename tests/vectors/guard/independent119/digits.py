"""The only randomness used: draw digits for NHS numbers (pass modulus 11) and
clean 10-digit numbers (fail modulus 11). The author typed the digits by hand
into lines written around them."""
import random
r = random.Random(119)
def ok(d):
    s = sum(int(d[i]) * (10 - i) for i in range(9)); c = 11 - s % 11
    if c == 11: c = 0
    return c != 10 and c == int(d[9])
good, bad = [], []
while len(good) < 70 or len(bad) < 70:
    d = ''.join(str(r.randint(0, 9)) for _ in range(10))
    if d[0] == '0': continue
    (good if ok(d) else bad).append(d)
print('GOOD', ' '.join(good[:70])); print('BAD', ' '.join(bad[:70]))
