"""Draw the NHS-style numbers that the author then typed by hand into corpus lines.

Seeded, stdlib only, and the only randomness used in writing this corpus.
Prints 40 numbers that pass the NHS modulus 11 check (candidates for marked
nhs_number spans) and 30 ten-digit numbers that fail it (candidates for order,
parcel, IT ticket, booking and invoice numbers that are left unmarked).
Not every printed number was used.
"""
import random


def check_digit(d9):
    """Modulus 11 check digit for nine digits, or None if the number is unusable."""
    s = sum(int(c) * w for c, w in zip(d9, range(10, 1, -1)))
    c = 11 - s % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def valid(n):
    if len(n) != 10 or not n.isdigit():
        return False
    c = check_digit(n[:9])
    return c is not None and c == int(n[9])


rng = random.Random("independent161-numbers-4417")
good, bad = [], []
while len(good) < 40:
    d9 = "".join(str(rng.randint(0, 9)) for _ in range(9))
    if d9[0] == "0":
        continue
    c = check_digit(d9)
    if c is not None:
        good.append(d9 + str(c))
while len(bad) < 30:
    n = "".join(str(rng.randint(0, 9)) for _ in range(10))
    if n[0] != "0" and not valid(n):
        bad.append(n)
print("valid:", " ".join(good))
print("invalid:", " ".join(bad))
