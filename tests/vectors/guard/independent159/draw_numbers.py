"""Draw the 10-digit numbers typed into the corpus (the only randomness used).

Prints modulus-11-valid NHS numbers and 10-digit numbers that fail the check
(used as order / parcel / ticket / batch numbers). Stdlib only, seeded.
"""
import random

SEED = "independent159-numbers-4417"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    return c  # 10 means no valid number


def main():
    rng = random.Random(SEED)
    valid, invalid = [], []
    while len(valid) < 45:
        first9 = "".join(str(rng.randrange(10)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c == 10:
            continue
        valid.append(first9 + str(c))
    while len(invalid) < 30:
        first9 = "".join(str(rng.randrange(10)) for _ in range(9))
        c = check_digit(first9)
        last = rng.randrange(10)
        if c != 10 and last == c:
            continue
        invalid.append(first9 + str(last))
    print("valid NHS numbers:")
    for v in valid:
        print(" ", v, f"{v[:3]} {v[3:6]} {v[6:]}")
    print("failing 10-digit numbers:")
    for v in invalid:
        print(" ", v)


if __name__ == "__main__":
    main()
