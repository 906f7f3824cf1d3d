"""Draw modulus-11-valid NHS numbers for hand-typing into the corpus.

This is the only randomness used in corpus independent164. The numbers it
prints were copied by hand into sentences written around them. With --check it
instead reports whether given 10-digit strings pass the modulus 11 check (used
to make sure the order/parcel/ticket numbers typed as clean text fail it).
"""
import random
import sys

SEED = "independent164-nhs-5821"


def mod11_ok(digits):
    digits = [int(c) for c in digits if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == digits[9]


def draw(n):
    rng = random.Random(SEED)
    out = []
    while len(out) < n:
        first = [rng.randint(0, 9) for _ in range(9)]
        if first[0] == 0:
            continue
        total = sum(d * w for d, w in zip(first, range(10, 1, -1)))
        check = 11 - (total % 11)
        if check == 11:
            check = 0
        if check == 10:
            continue
        out.append("".join(map(str, first)) + str(check))
    return out


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        for s in sys.argv[2:]:
            print(s, "PASSES" if mod11_ok(s) else "fails")
    else:
        for i, num in enumerate(draw(45), 1):
            print(f"{i:2d} {num[:3]} {num[3:6]} {num[6:]}")
