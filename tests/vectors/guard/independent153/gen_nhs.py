"""Draw NHS-number-shaped digit strings for hand-written lines (stdlib only).

The only randomness used in writing this corpus. Seeded so it can be re-run.
Prints valid numbers (modulus 11 passes) which were then typed by hand into
sentences, each grouped however the sentence called for.
"""
import random

SEED = "independent153-nhs-4817"


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
    for s in out:
        print(s[:3], s[3:6], s[6:])


if __name__ == "__main__":
    main()
