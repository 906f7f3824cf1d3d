#!/usr/bin/env python3
"""Draw random 10-digit strings and say which pass the NHS modulus 11 check.

Standard library only. Seed: independent174-digits-4827.
"""
import random

SEED = "independent174-digits-4827"


def nhs_ok(digits):
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def main():
    rng = random.Random(SEED)
    passing, failing = [], []
    while len(passing) < 60 or len(failing) < 30:
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        if s[0] == "0":
            continue
        (passing if nhs_ok(s) else failing).append(s)
    print("PASS (use as NHS numbers):")
    for s in passing[:60]:
        print(" ", s, s[:3], s[3:6], s[6:])
    print("FAIL (use as order/ticket/batch/job numbers):")
    for s in failing[:30]:
        print(" ", s)


if __name__ == "__main__":
    main()
