"""Draw 10-digit numbers for hand-written lines (the only randomness in this corpus).

Prints NHS-valid numbers (modulus 11) to be typed into lines as NHS numbers, and
10-digit numbers that fail modulus 11, to be typed in as order/parcel/ticket/job numbers.
Stdlib only; seeded so the draw can be repeated.
"""
import random

SEED = "independent138-numbers-5203"


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def main() -> None:
    rng = random.Random(SEED)
    valid, invalid = [], []
    while len(valid) < 45 or len(invalid) < 25:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if nhs_ok(d):
            if len(valid) < 45:
                valid.append(d)
        elif len(invalid) < 25:
            invalid.append(d)
    print("valid (NHS numbers):")
    for v in valid:
        print(" ", v)
    print("invalid (order/parcel/ticket numbers):")
    for v in invalid:
        print(" ", v)


if __name__ == "__main__":
    main()
