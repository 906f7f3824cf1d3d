"""Draw digits for the corpus: valid NHS numbers (modulus 11) and 10-digit
numbers that fail modulus 11 (for order/parcel/ticket numbers).
This is the only randomness used in writing the corpus. Stdlib only."""
import random

SEED = "independent139-digits-5207"


def nhs_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def main():
    rng = random.Random(SEED)
    good, bad = [], []
    while len(good) < 45 or len(bad) < 30:
        d = "".join(str(rng.randint(0, 9)) for _ in range(10))
        if d[0] == "0":
            continue
        if nhs_ok(d):
            if len(good) < 45:
                good.append(d)
        elif len(bad) < 30:
            bad.append(d)
    print("valid:", " ".join(good))
    print("fail:", " ".join(bad))


if __name__ == "__main__":
    main()
