#!/usr/bin/env python3
"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

Standard library only. This is the only randomness used in the corpus: the
passing strings were typed by hand into lines as NHS numbers, and some failing
ones were typed by hand as order, ticket, batch or job numbers.
"""
import random

SEED = "independent176-digits-4729"
DRAWS = 480


def passes_mod11(digits: str) -> bool:
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
    for _ in range(DRAWS):
        s = "".join(rng.choice("0123456789") for _ in range(10))
        print(s, "PASS" if passes_mod11(s) else "fail")


if __name__ == "__main__":
    main()
