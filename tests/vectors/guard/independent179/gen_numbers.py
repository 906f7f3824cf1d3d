#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

Standard library only. Seed: independent179-digits-4827.
"""
import random

SEED = "independent179-digits-4827"


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
    passes, fails = [], []
    while len(passes) < 50 or len(fails) < 30:
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        (passes if nhs_ok(s) else fails).append(s)
    print("PASS (use as NHS numbers):")
    for s in passes[:50]:
        print(" ", s)
    print("FAIL (may use as order/ticket/batch/job numbers):")
    for s in fails[:30]:
        print(" ", s)


if __name__ == "__main__":
    main()
