"""Draw modulus-11-valid NHS-format numbers (the only randomness in this corpus).

The printed digits were typed by hand into source lines written around them.
"""
import random

rng = random.Random("independent154-nhs-7319")


def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    return 0 if c == 11 else c


out = []
while len(out) < 40:
    nine = str(rng.randint(4, 7)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    c = check_digit(nine)
    if c == 10:
        continue
    out.append(nine + str(c))

for n in out:
    print(n[:3], n[3:6], n[6:])
