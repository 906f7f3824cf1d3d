"""Draw random 10-digit strings and report which pass the NHS modulus 11 check.

Standard library only. Seed: independent173-digits-5082.
The numbers printed are typed into the corpus by hand: passing ones as NHS
numbers, some failing ones as order, ticket, batch or job numbers.
"""
import random

SEED = "independent173-digits-5082"


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
    while len(passing) < 45 or len(failing) < 20:
        s = "".join(str(rng.randrange(10)) for _ in range(10))
        (passing if nhs_ok(s) else failing).append(s)
    print("PASS (use as NHS numbers):")
    for s in passing[:45]:
        print(" ", s)
    print("FAIL (use as order/ticket/batch/job numbers):")
    for s in failing[:20]:
        print(" ", s)


if __name__ == "__main__":
    main()
