"""One-off helper: replace {NHS} and {BAD10} placeholders in source files with numbers.
{NHS} -> a valid NHS number (formats rotate); {BAD10} -> 10 digits failing mod-11."""
import random, re, sys
from pathlib import Path
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
def check(d):
    t = sum(int(x) * w for x, w in zip(d, range(10, 1, -1)))
    c = 11 - t % 11
    return 0 if c == 11 else c
def nhs():
    while True:
        d = [rng.randint(0, 9) for _ in range(9)]
        d[0] = rng.choice([4, 4, 6, 7, 9, 4])
        c = check(d)
        if c != 10:
            return "".join(map(str, d)) + str(c)
def bad():
    while True:
        d = [rng.randint(0, 9) for _ in range(9)]
        if d[0] == 0: continue
        c = check(d)
        wrong = (c + rng.randint(1, 9)) % 10
        if c == 10 or wrong != c:
            return "".join(map(str, d)) + str(wrong if c != 10 else rng.randint(0, 9))
def fmt(s):
    r = rng.random()
    if r < 0.45: return f"{s[:3]} {s[3:6]} {s[6:]}"
    if r < 0.75: return s
    if r < 0.92: return f"{s[:3]}-{s[3:6]}-{s[6:]}"
    return f"{s[:3]}  {s[3:6]} {s[6:]}"
p = Path(sys.argv[1]); t = p.read_text()
t = re.sub(r"\{NHS\}", lambda m: fmt(nhs()), t)
t = re.sub(r"\{BAD10\}", lambda m: bad(), t)
p.write_text(t)
