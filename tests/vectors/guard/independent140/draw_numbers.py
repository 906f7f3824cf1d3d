"""Draw 10-digit numbers for the hand-written lines of this corpus.

This is the only randomness used anywhere in the corpus. It prints a list of
NHS numbers that pass the modulus 11 check (to be typed by hand into lines that
mark them as nhs_number) and a list of 10-digit numbers that fail the check
(to be typed into clean lines as order, parcel, ticket, batch or job numbers).
Standard library only.
"""
import random

SEED = "independent140-draw-2207"


def nhs_check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def passes_mod11(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = nhs_check_digit(digits[:9])
    return check is not None and check == int(digits[9])


def main():
    rng = random.Random(SEED)
    valid, invalid = [], []
    while len(valid) < 40:
        first9 = "".join(str(rng.randrange(10)) for _ in range(9))
        if first9[0] == "0":
            continue
        check = nhs_check_digit(first9)
        if check is None:
            continue
        valid.append(first9 + str(check))
    while len(invalid) < 40:
        digits = "".join(str(rng.randrange(10)) for _ in range(10))
        if digits[0] == "0" or passes_mod11(digits):
            continue
        invalid.append(digits)
    print("valid (nhs_number):")
    for v in valid:
        print(" ", v, v[:3], v[3:6], v[6:])
    print("invalid (clean 10-digit numbers):")
    for v in invalid:
        print(" ", v)


if __name__ == "__main__":
    main()
