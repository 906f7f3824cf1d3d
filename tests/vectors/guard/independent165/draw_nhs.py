"""Draw NHS-number-shaped digit strings that pass the modulus 11 check.

This is the only randomness used in the corpus. The numbers it prints were
typed by hand into sentences in source/*.txt; nothing reads this script's
output automatically.
"""
import random

SEED = "independent165-nhs-4417"


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def main(n=45):
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
