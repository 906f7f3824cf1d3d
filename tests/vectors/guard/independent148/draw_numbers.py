"""Draw the 10-digit numbers typed into the corpus (the only randomness used).

Prints modulus-11-valid NHS numbers (to be typed into lines as identifiers) and
modulus-11-invalid 10-digit numbers (to be typed in as order, parcel, ticket,
batch or job numbers, which must not look like NHS numbers). Stdlib only.
"""
import random

SEED = "independent148-numbers-5317"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def valid(num):
    if len(num) != 10 or not num.isdigit():
        return False
    c = check_digit(num[:9])
    return c is not None and c == int(num[9])


def main():
    rng = random.Random(SEED)
    good, bad = [], []
    while len(good) < 40:
        first9 = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(first9)
        if c is not None:
            good.append(first9 + str(c))
    while len(bad) < 30:
        n = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if not valid(n):
            bad.append(n)
    print("valid:")
    for g in good:
        print(" ", g, f"{g[:3]} {g[3:6]} {g[6:]}")
    print("invalid:")
    for b in bad:
        print(" ", b)


if __name__ == "__main__":
    main()
