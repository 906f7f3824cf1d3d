"""Draw modulus-11-valid NHS numbers for the corpus author to type into hand-written lines.

This is the only randomness used in writing the corpus. Stdlib only.
"""
import random

SEED = "independent152-nhs-draw-7316"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        c = 0
    return None if c == 10 else c


def main(n=60):
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
