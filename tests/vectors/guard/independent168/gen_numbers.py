"""Draw the digits used in this corpus (the only randomness in it).

Prints NHS-number-shaped digit strings that pass the modulus 11 check
(typed by hand into marked lines) and 10-digit strings that fail it
(typed by hand as order, parcel, ticket, batch and job numbers).
Standard library only; seeded, so the output is reproducible.
"""
import random


def mod11_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(d[9])


def main():
    rng = random.Random("independent168-digits-4826")
    valid, invalid = [], []
    while len(valid) < 40:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and mod11_ok(d):
            valid.append(d)
    while len(invalid) < 30:
        d = "".join(rng.choice("0123456789") for _ in range(10))
        if d[0] != "0" and not mod11_ok(d):
            invalid.append(d)
    print("valid (mod 11 passes):")
    for d in valid:
        print(" ", d, d[:3], d[3:6], d[6:])
    print("invalid (mod 11 fails):")
    for d in invalid:
        print(" ", d)


if __name__ == "__main__":
    main()
