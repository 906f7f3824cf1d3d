# one-off fill: random digits for NHS-valid and NHS-invalid 10-digit numbers
import random, re, sys
from pathlib import Path
rng = random.Random(2126)
def check(d):
    t = sum(int(x)*w for x, w in zip(d, range(10, 1, -1)))
    c = 11 - t % 11
    return 0 if c == 11 else c
def good():
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check(d)
        if c != 10:
            return d + str(c)
def bad():
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        c = check(d[:9])
        if c == 10 or c != int(d[9]):
            return d
def fmt(d, shape):
    if shape == "10": return d
    if shape == "3 3 4": return f"{d[:3]} {d[3:6]} {d[6:]}"
    if shape == "3-3-4": return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    if shape == "4 3 3": return f"{d[:4]} {d[4:7]} {d[7:]}"
    raise ValueError(shape)
for p in sys.argv[1:]:
    s = Path(p).read_text()
    s = re.sub(r"\{nhs ([0-9 -]+)\}", lambda m: fmt(good(), m.group(1)), s)
    s = re.sub(r"\{bad ([0-9 -]+)\}", lambda m: fmt(bad(), m.group(1)), s)
    Path(p).write_text(s)
