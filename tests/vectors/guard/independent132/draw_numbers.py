"""Seeded draw of digits used when hand-writing the corpus (the only randomness).

Prints 40 NHS numbers that pass the modulus 11 check and 30 ten-digit
numbers that fail it (for order / parcel / ticket / batch numbers).
"""
import random

def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    return c  # 10 means no valid number

def passes(ten):
    c = check_digit(ten[:9])
    return c != 10 and c == int(ten[9])

rng = random.Random("independent132-draw-6203")
valid, invalid = [], []
while len(valid) < 40:
    nine = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    c = check_digit(nine)
    if c != 10:
        valid.append(nine + str(c))
while len(invalid) < 30:
    ten = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
    if not passes(ten):
        invalid.append(ten)
print("valid:", " ".join(valid))
print("invalid:", " ".join(invalid))
