#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

The only source of randomness used for this corpus. Standard library only.
Numbers that pass were typed by hand into lines as NHS numbers; some that fail
were typed by hand as order, ticket, batch or job numbers.
"""
import random
import sys

SEED = "independent180-digits-4817"


def nhs_check(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    rng = random.Random(SEED)
    for _ in range(count):
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        print(s, "PASS" if nhs_check(s) else "fail")


if __name__ == "__main__":
    main()
