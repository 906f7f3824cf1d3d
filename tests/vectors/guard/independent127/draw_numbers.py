"""Draw the 10-digit numbers typed into the corpus (the only randomness used).

Prints NHS-valid numbers (modulus 11 passes) for lines that carry an NHS number,
and 10-digit numbers that fail modulus 11 for clean order/ticket/batch lines.
Standard library only; seeded so the draw can be repeated.
"""
import random

SEED = "independent127-numbers-5184"


def mod11_ok(digits: str) -> bool:
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
    while len(valid) < 40 or len(invalid) < 25:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] == "0":
            continue
        if mod11_ok(d):
            if len(valid) < 40:
                valid.append(d)
        elif len(invalid) < 25:
            invalid.append(d)
    print("valid NHS-style (mod 11 passes):")
    for v in valid:
        print(" ", v)
    print("clean 10-digit (mod 11 fails):")
    for v in invalid:
        print(" ", v)


if __name__ == "__main__":
    main()
