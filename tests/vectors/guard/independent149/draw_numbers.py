"""Draw NHS-number digits (modulus 11 valid) and decoy 10-digit numbers (modulus 11 invalid).

The only randomness used in writing this corpus. Output was copied by hand into source lines.
"""
import random

def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c

def valid(ten):
    c = check_digit(ten[:9])
    return c is not None and c == int(ten[9])

rng = random.Random("independent149-numbers-5831")
nhs, decoy = [], []
while len(nhs) < 40:
    nine = "".join(str(rng.randrange(10)) for _ in range(9))
    if nine[0] == "0":
        continue
    c = check_digit(nine)
    if c is None:
        continue
    nhs.append(nine + str(c))
while len(decoy) < 30:
    ten = "".join(str(rng.randrange(10)) for _ in range(10))
    if ten[0] != "0" and not valid(ten):
        decoy.append(ten)
print("NHS:", *nhs)
print("DECOY:", *decoy)
