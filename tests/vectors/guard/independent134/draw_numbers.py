"""Seeded helper used once while writing: draws NHS numbers (modulus 11 valid)
and 'clean' 10-digit numbers (modulus 11 invalid). Output was typed into lines by hand."""
import random

def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    total = sum(int(d[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(d[9])

rng = random.Random("independent134-numbers-5821")
valid, invalid = [], []
while len(valid) < 45:
    first9 = str(rng.randint(4, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    total = sum(int(first9[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        continue
    valid.append(first9 + str(check))
while len(invalid) < 30:
    d = "".join(str(rng.randint(0, 9)) for _ in range(10))
    if d[0] != "0" and not mod11_ok(d):
        invalid.append(d)
print("VALID", *valid)
print("INVALID", *invalid)
