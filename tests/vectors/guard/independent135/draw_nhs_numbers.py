"""Draw modulus-11-valid NHS numbers for hand placement in the corpus.

This is the only randomness used in writing the corpus. The numbers it prints
were typed into sentences written by hand; nothing is inserted automatically.
"""
import random

SEED = "independent135-nhs-4817"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - (total % 11)
    if c == 11:
        c = 0
    return c


def main(n=40):
    rng = random.Random(SEED)
    out = []
    while len(out) < n:
        first9 = "".join(str(rng.randint(0, 9)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c == 10:
            continue
        out.append(first9 + str(c))
    for x in out:
        print(x[:3], x[3:6], x[6:])


if __name__ == "__main__":
    main()
