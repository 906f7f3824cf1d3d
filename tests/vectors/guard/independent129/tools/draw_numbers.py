"""Draw 10-digit numbers for hand-typed lines (the corpus's only randomness).

valid:   NHS numbers that pass the modulus 11 check (used as nhs_number spans)
invalid: 10-digit numbers that fail it (used as order/parcel/ticket/batch/job numbers)
"""
import random

SEED = "independent129-numbers-5713"


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


rng = random.Random(SEED)
valid, invalid = [], []
while len(valid) < 45:
    d = "".join(str(rng.randint(0, 9)) for _ in range(10))
    if d[0] != "0" and mod11_ok(d):
        valid.append(d)
while len(invalid) < 40:
    d = "".join(str(rng.randint(0, 9)) for _ in range(10))
    if d[0] != "0" and not mod11_ok(d):
        invalid.append(d)
print("valid")
for v in valid:
    print(v)
print("invalid")
for v in invalid:
    print(v)
