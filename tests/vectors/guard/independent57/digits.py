import random
r = random.Random(5757)
def ok(d):
    s = sum(int(d[i])*(10-i) for i in range(9)); c = 11 - s % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(d[9])
good, bad = [], []
while len(good) < 40 or len(bad) < 40:
    d = ''.join(str(r.randrange(10)) for _ in range(10))
    if d[0] == '0': continue
    (good if ok(d) else bad).append(d)
print('NHS', ' '.join(good[:40])); print('CLEAN', ' '.join(bad[:40]))
