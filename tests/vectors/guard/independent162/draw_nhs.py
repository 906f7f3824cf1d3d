"""Draw modulus-11-valid NHS numbers for hand-placement in the corpus.

This is the only randomness used in writing the corpus. The printed digits were
typed by hand into sentences written around them.
"""
import random

SEED = "independent162-nhs-draw-5309"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def main(n=40):
    rng = random.Random(SEED)
    out = []
    while len(out) < n:
        first9 = "".join(str(rng.randrange(10)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    for num in out:
        print(num)


if __name__ == "__main__":
    main()
