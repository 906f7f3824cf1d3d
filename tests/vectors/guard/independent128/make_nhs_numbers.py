"""Draw modulus-11-valid NHS numbers for hand insertion into the corpus.

This is the only randomness used in writing independent128. The numbers it
prints were typed by hand into source lines; build.py re-checks every one.
"""
import random

SEED = "independent128-nhs-5083"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def main(n=40):
    rng = random.Random(SEED)
    out = []
    while len(out) < n:
        first9 = "".join(str(rng.randint(0, 9)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    for x in out:
        print(x)


if __name__ == "__main__":
    main()
