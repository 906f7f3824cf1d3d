"""Draw the NHS numbers (modulus 11 valid) and the clean 10-digit numbers
(modulus 11 invalid) that were then typed by hand into source lines.
This seeded draw is the only randomness used in the corpus."""
import random

def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    chk = 11 - s % 11
    if chk == 11:
        chk = 0
    return chk != 10 and chk == int(d[9])

rng = random.Random("independent160-nhs-draw-4417")
valid, invalid = [], []
while len(valid) < 45 or len(invalid) < 40:
    d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
    if mod11_ok(d):
        if len(valid) < 45:
            valid.append(d)
    elif len(invalid) < 40:
        invalid.append(d)
print("valid NHS numbers:")
for v in valid: print(" ", v)
print("clean (failing) 10-digit numbers:")
for v in invalid: print(" ", v)
