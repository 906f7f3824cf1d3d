"""The only randomness in this corpus: draws NHS-number-shaped digits.

Prints modulus-11-valid numbers (to be typed into lines as NHS numbers) and
10-digit numbers that FAIL modulus 11 (to be typed in as order, parcel, ticket,
batch or job numbers). Stdlib only; fixed seed so the draw is reproducible.
"""
import random

SEED = "independent147-nhs-draw-5281"


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


def main():
    rng = random.Random(SEED)
    valid, invalid = [], []
    while len(valid) < 40:
        d = "".join(str(rng.randint(0, 9)) for _ in range(10))
        d = str(rng.randint(3, 7)) + d[1:]
        if mod11_ok(d):
            valid.append(d)
    while len(invalid) < 30:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if not mod11_ok(d):
            invalid.append(d)
    print("valid (NHS numbers):")
    for d in valid:
        print(" ", d, f"{d[:3]} {d[3:6]} {d[6:]}")
    print("invalid (other 10-digit numbers):")
    for d in invalid:
        print(" ", d)


if __name__ == "__main__":
    main()
