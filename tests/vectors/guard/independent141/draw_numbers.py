"""Draw the 10-digit numbers used in this corpus (the only randomness in it).

Prints NHS numbers that pass the modulus 11 check, and "clean" 10-digit
numbers (orders, parcels, tickets, batches) that fail it. The author typed
these by hand into the sentences in source/*.txt. Standard library only.
"""
import random

SEED = "independent141-numbers-5307"


def mod11_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def main():
    rng = random.Random(SEED)
    valid, invalid = [], []
    while len(valid) < 36:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] != "0" and mod11_ok(d) and d not in valid:
            valid.append(d)
    while len(invalid) < 30:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] != "0" and not mod11_ok(d) and d not in invalid:
            invalid.append(d)
    print("valid NHS numbers:")
    for d in valid:
        print(" ", d, d[:3], d[3:6], d[6:])
    print("clean 10-digit numbers (fail modulus 11):")
    for d in invalid:
        print(" ", d)
    # a second, later draw from the same generator (added when the corpus
    # grew); drawing after the first two lists keeps them unchanged
    extra = []
    while len(extra) < 12:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] != "0" and mod11_ok(d) and d not in valid and d not in extra:
            extra.append(d)
    print("additional valid NHS numbers (second draw):")
    for d in extra:
        print(" ", d, d[:3], d[3:6], d[6:])


if __name__ == "__main__":
    main()
