"""Draw modulus-11-valid NHS numbers for hand-typing into corpus lines.

This is the only randomness used to write the corpus. Seeded, stdlib only.
"""
import random

WEIGHTS = range(10, 1, -1)


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, WEIGHTS))
    c = 11 - total % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def draw(n, seed="independent121-nhs-7342"):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        first9 = "".join(str(rng.randint(0, 9)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    return out


if __name__ == "__main__":
    for i, num in enumerate(draw(40), 1):
        print(f"{i:2d} {num[:3]} {num[3:6]} {num[6:]}")
