"""Draw NHS-number-shaped digit strings that pass the modulus 11 check.

This is the only randomness used in writing corpus independent142. The
numbers it prints were typed by hand into sentences written around them.
"""
import random

SEED = "independent142-nhs-5190"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def draw(n):
    rng = random.Random(SEED)
    out = []
    while len(out) < n:
        first9 = str(rng.randint(4, 7)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    return out


if __name__ == "__main__":
    for num in draw(40):
        print(num[:3], num[3:6], num[6:])
