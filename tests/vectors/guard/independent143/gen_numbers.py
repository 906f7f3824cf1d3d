"""Draw the digits used in this corpus (the only randomness allowed).

Prints modulus-11-valid NHS numbers (to be typed into hand-written lines and
marked) and 10-digit numbers that FAIL modulus 11 (for order, parcel, ticket,
batch and job numbers, left unmarked). Stdlib only, fixed seed.
"""
import random

SEED = "independent143-numbers-5108"
WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2]


def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, WEIGHTS))
    c = 11 - (total % 11)
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def main():
    rng = random.Random(SEED)
    valid, invalid = [], []
    while len(valid) < 40:
        nine = str(rng.randint(4, 7)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(nine)
        if c is not None:
            valid.append(nine + str(c))
    while len(invalid) < 30:
        nine = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(nine)
        last = rng.randint(0, 9)
        if c is None or last != c:
            invalid.append(nine + str(last))
    print("valid NHS numbers:")
    for v in valid:
        print(" ", v)
    print("10-digit numbers failing modulus 11:")
    for v in invalid:
        print(" ", v)


if __name__ == "__main__":
    main()
