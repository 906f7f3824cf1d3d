"""Draw NHS-style 10-digit numbers for hand-typing into the corpus (stdlib only).

This is the only randomness used in writing corpus independent167: it prints
modulus-11-valid numbers (for marked NHS numbers) and modulus-11-failing ones
(for order, parcel, ticket, batch and job numbers that must stay unmarked).
"""
import random


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    c = 11 - total % 11
    return 0 if c == 11 else c  # 10 means no valid check digit


def main():
    rng = random.Random("independent167-draw-2207")
    valid, invalid = [], []
    while len(valid) < 40 or len(invalid) < 30:
        first9 = "".join(str(rng.randrange(10)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c != 10 and len(valid) < 40:
            valid.append(first9 + str(c))
        elif len(invalid) < 30:
            bad = (c + 1 + rng.randrange(9)) % 10 if c != 10 else rng.randrange(10)
            invalid.append(first9 + str(bad))
    print("valid:", " ".join(valid))
    print("invalid:", " ".join(invalid))


if __name__ == "__main__":
    main()
