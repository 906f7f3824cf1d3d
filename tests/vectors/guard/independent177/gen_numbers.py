#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

The only randomness used in writing this corpus. Standard library only.
Seed: independent177-digits-4829
"""
import random

SEED = "independent177-digits-4829"


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
    passed, failed = [], []
    while len(passed) < 45 or len(failed) < 20:
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        (passed if nhs_ok(s) else failed).append(s)
    print("PASS (use as NHS numbers):")
    for s in passed[:45]:
        print(" ", s)
    print("FAIL (use as order/ticket/batch/job numbers):")
    for s in failed[:20]:
        print(" ", s)


if __name__ == "__main__":
    main()
