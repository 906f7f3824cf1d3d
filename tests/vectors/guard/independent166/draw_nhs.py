"""Draw NHS-number digit strings (modulus 11 valid) for hand-written lines.

This is the only randomness used in writing the corpus. Run once; the digits
printed were typed by hand into sentences in source/*.txt.
"""
import random

SEED = "independent166-nhs-draw-2291"


def check_digit(first9):
    total = sum(int(d) * (10 - i) for i, d in enumerate(first9))
    r = 11 - (total % 11)
    if r == 11:
        return 0
    if r == 10:
        return None
    return r


def main():
    rng = random.Random(SEED)
    out = []
    while len(out) < 50:
        first9 = "".join(str(rng.randint(0, 9)) for _ in range(9))
        if first9[0] == "0":
            continue
        cd = check_digit(first9)
        if cd is None:
            continue
        out.append(first9 + str(cd))
    for n in out:
        print(n)


if __name__ == "__main__":
    main()
