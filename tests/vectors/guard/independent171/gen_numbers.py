#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

Standard library only. The seed is fixed so the draw can be repeated:
    independent171-digits-4826
The passing strings were typed by hand into lines as NHS numbers; some failing
ones were typed by hand as order, ticket, batch or job numbers.
"""
import random

SEED = "independent171-digits-4826"


def mod11_ok(digits: str) -> bool:
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
    while len(passed) < 60:
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        (passed if mod11_ok(s) else failed).append(s)
    print("PASS (usable as NHS numbers):")
    for s in passed:
        print("  ", s)
    print("FAIL (usable as order/ticket/batch/job numbers):")
    for s in failed[:40]:
        print("  ", s)


if __name__ == "__main__":
    main()
