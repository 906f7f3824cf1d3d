"""Draw modulus-11-valid NHS numbers for hand-written lines (the only randomness in this corpus)."""
import random

WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2]


def check_digit(first9):
    total = sum(int(d) * w for d, w in zip(first9, WEIGHTS))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def draw(n, seed="independent163-nhs-7319"):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        first9 = "".join(str(rng.randint(0, 9)) for _ in range(9))
        if first9[0] == "0":
            continue
        c = check_digit(first9)
        if c is None:
            continue
        out.append(first9 + str(c))
    return out


if __name__ == "__main__":
    for num in draw(40):
        print(num, f"{num[:3]} {num[3:6]} {num[6:]}")
