# one-off: fill {NHS:fmt} / {BAD:fmt} placeholders with random digits (run once per draft file)
import random, re, sys
sys.path.insert(0, '.')
from build import nhs_ok
rng = random.SystemRandom()
def digits(good):
    while True:
        d = str(rng.randint(1, 9)) + ''.join(str(rng.randint(0, 9)) for _ in range(9))
        if nhs_ok(d) == good:
            return d
def fmt(d, f):
    if f == '10':
        return d
    sep = '-' if '-' in f else ' '
    return d[:3] + sep + d[3:6] + sep + d[6:]
def sub(m):
    return fmt(digits(m.group(1) == 'NHS'), m.group(2))
for p in sys.argv[1:]:
    s = open(p).read()
    s2 = re.sub(r'\{(NHS|BAD):([0-9 \-]+)\}', sub, s)
    open(p, 'w').write(s2)
