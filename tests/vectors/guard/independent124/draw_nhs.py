"""Draw modulus-11-valid NHS numbers for the corpus author to type into lines.

This is the only randomness used in writing the corpus. Run once; the author
copied the printed numbers by hand into sentences, in varied groupings.
"""
import random

SEED = "independent124-nhs-4418"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def main(n=45):
    rng = random.Random(SEED)
    out = []
    while len(out) < n:
        first9 = str(rng.randint(4, 7)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    for num in out:
        print(num[:3], num[3:6], num[6:])


if __name__ == "__main__":
    main()
