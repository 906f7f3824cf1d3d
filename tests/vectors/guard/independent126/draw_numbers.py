"""Draw the 10-digit numbers used in the corpus (the only randomness).

Run once; the printed numbers were typed by hand into the source lines.
valid:   pass the NHS modulus 11 check (used as marked nhs_number spans)
invalid: fail it (used unmarked as order / parcel / ticket / batch / job numbers)
"""
import random

def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])

rng = random.Random("independent126-numbers-4817")
valid, invalid = [], []
while len(valid) < 40 or len(invalid) < 25:
    d = "".join(str(rng.randrange(10)) for _ in range(10))
    if d[0] == "0":
        continue
    if mod11_ok(d):
        if len(valid) < 40:
            valid.append(d)
    elif len(invalid) < 25:
        invalid.append(d)
print("valid:", " ".join(valid))
print("invalid:", " ".join(invalid))
