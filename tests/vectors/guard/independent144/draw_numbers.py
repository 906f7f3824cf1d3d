"""Draw the NHS numbers (modulus 11 valid) and the decoy 10-digit numbers
(modulus 11 invalid) that were typed into the hand-written lines.
This is the only randomness used in the corpus."""
import random

def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])

rng = random.Random("independent144-numbers-5317")
valid, invalid = [], []
while len(valid) < 40:
    d = "".join(str(rng.randrange(10)) for _ in range(10))
    if d[0] != "0" and mod11_ok(d):
        valid.append(d)
while len(invalid) < 40:
    d = "".join(str(rng.randrange(10)) for _ in range(10))
    if d[0] != "0" and not mod11_ok(d):
        invalid.append(d)
# A second draw, made later from the same generator, when more were needed.
extra = []
while len(extra) < 15:
    d = "".join(str(rng.randrange(10)) for _ in range(10))
    if d[0] != "0" and mod11_ok(d):
        extra.append(d)
if __name__ == "__main__":
    print("valid:", " ".join(valid))
    print("invalid:", " ".join(invalid))
    print("extra valid:", " ".join(extra))
