"""Draw NHS-style 10-digit numbers for the independent123 corpus (stdlib only).

This is the only randomness used in writing the corpus. It prints:
  * VALID numbers: pass the NHS modulus 11 check (typed into lines as NHS numbers)
  * INVALID numbers: 10 digits that fail modulus 11 (typed into lines as order,
    parcel, ticket, batch and job numbers that are not identifiers)
"""
import random

SEED = 1230417


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def is_valid(ten):
    if len(ten) != 10 or not ten.isdigit():
        return False
    c = check_digit(ten[:9])
    return c is not None and c == int(ten[9])


def main():
    rng = random.Random(SEED)
    valid, invalid = [], []
    while len(valid) < 45:
        first9 = rng.choice("4674") + "".join(rng.choice("0123456789") for _ in range(8))
        c = check_digit(first9)
        if c is not None:
            valid.append(first9 + str(c))
    while len(invalid) < 35:
        ten = rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(9))
        if not is_valid(ten):
            invalid.append(ten)
    print("VALID (NHS numbers):")
    for v in valid:
        print(" ", v, f"{v[:3]} {v[3:6]} {v[6:]}")
    print("INVALID (not NHS numbers):")
    for v in invalid:
        print(" ", v)


if __name__ == "__main__":
    main()
