"""Tiny seeded helper used once to draw digits for NHS numbers (pass modulus 11)
and clean 10-digit numbers (fail modulus 11). The digits were then typed by hand
into lines written around them."""
import random
r = random.Random(7070)
def ok(d):
    s = sum(int(d[i]) * (10 - i) for i in range(9)); c = 11 - s % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(d[9])
nhs, clean = [], []
while len(nhs) < 45 or len(clean) < 60:
    d = ''.join(str(r.randint(0, 9)) for _ in range(10))
    if d[0] == '0':
        continue
    (nhs if ok(d) else clean).append(d)
print('NHS', ' '.join(nhs[:45])); print('CLEAN', ' '.join(clean[:60]))
