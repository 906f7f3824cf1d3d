#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

Standard library only. The seed is fixed so the draw can be repeated.
Numbers that pass were typed by hand into lines as NHS numbers; some that
fail were typed by hand as order, ticket, batch or job numbers.
"""
import random

SEED = "independent175-digits-4182"


def nhs_ok(digits: str) -> bool:
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
    rng = random.Random(SEED)
    passing, failing = [], []
    while len(passing) < 45 or len(failing) < 25:
        s = "".join(rng.choice("0123456789") for _ in range(10))
        if s[0] == "0":
            continue
        (passing if nhs_ok(s) else failing).append(s)
    print("PASS (use as NHS numbers):")
    for s in passing[:45]:
        print(" ", s, f"{s[:3]} {s[3:6]} {s[6:]}")
    print("FAIL (use as order/ticket/batch/job numbers):")
    for s in failing[:25]:
        print(" ", s)


if __name__ == "__main__":
    main()
