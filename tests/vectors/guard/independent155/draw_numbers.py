"""Draw 10-digit numbers for the corpus (the only randomness used).

Valid ones pass the NHS modulus 11 check and were typed into lines as NHS
numbers; invalid ones fail it and were typed in as order/ticket/batch numbers.
"""
import random

def check_digit(nine):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    return 0 if c == 11 else c  # 10 means no valid number

rng = random.Random("independent155-nhs-draw-2291")
valid, invalid = [], []
while len(valid) < 40:
    nine = "".join(str(rng.randint(0, 9)) for _ in range(9))
    if nine[0] == "0":
        continue
    c = check_digit(nine)
    if c != 10:
        valid.append(nine + str(c))
while len(invalid) < 30:
    nine = "".join(str(rng.randint(0, 9)) for _ in range(9))
    if nine[0] == "0":
        continue
    c = check_digit(nine)
    wrong = [d for d in range(10) if d != c]
    invalid.append(nine + str(rng.choice(wrong)))
print("valid:", " ".join(valid))
print("invalid:", " ".join(invalid))
