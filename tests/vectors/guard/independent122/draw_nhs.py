"""Draw NHS numbers (modulus 11 valid) for hand-typing into source lines.

This is the only randomness used in writing the corpus. Run: python3 draw_nhs.py
"""
import random

SEED = "independent122-nhs-5307"


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
        first9 = str(rng.randint(4, 7)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    for x in out:
        print(x)


if __name__ == "__main__":
    main()
