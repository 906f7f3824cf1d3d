"""Draw modulus-11-valid NHS numbers with a fixed seed.

This is the only randomness used in writing the corpus: the digits printed
here were typed by hand into lines written around them.
"""
import random

SEED = "independent150-nhs-4127"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        c = 0
    return None if c == 10 else c


def draw(n, seed=SEED):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        first9 = "".join(str(rng.randrange(10)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    return out


if __name__ == "__main__":
    for num in draw(40):
        print(num[:3], num[3:6], num[6:])
