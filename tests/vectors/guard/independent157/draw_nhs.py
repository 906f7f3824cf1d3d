"""Draw NHS-number digits for independent157 (the only randomness used).

Prints modulus-11-valid 10-digit numbers from a seeded generator. The author
typed these digits by hand into lines written around them.
"""
import random

rng = random.Random("independent157-nhs-4821")


def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


out = []
while len(out) < 44:
    nine = "".join(str(rng.randrange(10)) for _ in range(9))
    if nine[0] == "0":
        continue
    c = check_digit(nine)
    if c is None:
        continue
    out.append(nine + str(c))
for n in out:
    print(n[:3], n[3:6], n[6:])
