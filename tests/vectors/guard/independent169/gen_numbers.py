#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

Standard library only. The seed is fixed so the draw can be repeated:
    independent169-digits-4817
The passing strings were typed by hand into the corpus as NHS numbers; some of the
failing strings were typed by hand as order, ticket, batch or job numbers.
"""
import random
import sys

SEED = "independent169-digits-4817"


def nhs_check_ok(digits: str) -> bool:
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
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    rng = random.Random(SEED)
    passing, failing = [], []
    for _ in range(n):
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        (passing if nhs_check_ok(s) else failing).append(s)
    print("PASS (usable as NHS numbers):")
    for s in passing:
        print("  ", s[:3], s[3:6], s[6:])
    print("FAIL (usable as order/ticket/batch/job numbers):")
    for s in failing:
        print("  ", s)


if __name__ == "__main__":
    main()
