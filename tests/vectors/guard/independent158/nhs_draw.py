"""Draw NHS numbers (modulus 11 valid) with a fixed seed. Used once while writing; the
numbers were then typed by hand into sentences. Also checks candidate 'clean' numbers."""
import random, sys

def valid(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    chk = 11 - s % 11
    if chk == 11:
        chk = 0
    return chk != 10 and chk == int(d[9])

if __name__ == "__main__":
    if len(sys.argv) > 1:
        for a in sys.argv[1:]:
            print(a, "VALID" if valid(a) else "fails")
    else:
        rng = random.Random(158_2604)
        out = []
        while len(out) < 40:
            d = "".join(str(rng.randint(0, 9)) for _ in range(9))
            for last in range(10):
                if valid(d + str(last)):
                    out.append(d + str(last))
                    break
        print("\n".join(out))
