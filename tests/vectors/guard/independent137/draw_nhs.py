"""Draw modulus-11-valid NHS numbers for hand placement in source lines (stdlib only, seeded)."""
import random

def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        return 0
    return None if c == 10 else c

rng = random.Random("independent137-nhs-draw")
out = []
while len(out) < 40:
    nine = "".join(str(rng.randrange(10)) for _ in range(9))
    if nine[0] == "0":
        continue
    c = check_digit(nine)
    if c is None:
        continue
    out.append(nine + str(c))
for n in out:
    print(n)
