"""Draw NHS numbers (modulus 11 valid) for hand-typing into corpus lines.

This is the only randomness used in writing the corpus. Run once; the printed
numbers were then typed, by hand, into sentences in source/*.txt, in whatever
grouping suited the sentence.
"""
import random

SEED = "independent156-nhs-draw-8213"


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
        first9 = "".join(str(rng.randrange(10)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c is None:
            continue
        num = first9 + str(c)
        if num not in out:
            out.append(num)
    for num in out:
        print(num[:3], num[3:6], num[6:])


if __name__ == "__main__":
    main()
