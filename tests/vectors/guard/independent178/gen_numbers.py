#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

Standard library only. Seed: independent178-digits-4619.
The numbers printed here were typed into the corpus by hand: those that pass as
NHS numbers, some that fail as order, ticket, batch or job numbers.
"""
import random

SEED = "independent178-digits-4619"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def passes(s):
    if len(s) != 10 or not s.isdigit():
        return False
    c = check_digit(s[:9])
    return c is not None and c == int(s[9])


def main():
    rng = random.Random(SEED)
    good, bad = [], []
    while len(good) < 45 or len(bad) < 25:
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        (good if passes(s) else bad).append(s)
    print("PASS (use as NHS numbers):")
    for s in good[:45]:
        print(" ", s[:3], s[3:6], s[6:])
    print("FAIL (use as order/ticket/batch/job numbers):")
    for s in bad[:25]:
        print(" ", s)


if __name__ == "__main__":
    main()
