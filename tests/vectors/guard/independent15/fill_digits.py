"""One-off filler, run once over the drafts: replace {NHS:fmt} with random
digits passing NHS modulus 11 and {BAD:fmt} with random 10-digit numbers
failing it.  fmt is 10 (no separator), 334 / 3 3 4 (spaces) or 3-3-4.
Nothing is left to fill now; kept to show how the digits were drawn."""
import random
import re
import sys

from build import nhs_ok

rng = random.SystemRandom()


def digits(good: bool) -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if nhs_ok(d) == good:
            return d


def fmt(d: str, f: str) -> str:
    if f == "10":
        return d
    sep = "-" if "-" in f else " "
    return d[:3] + sep + d[3:6] + sep + d[6:]


def sub(m: re.Match) -> str:
    return fmt(digits(m.group(1) == "NHS"), m.group(2))


if __name__ == "__main__":
    for p in sys.argv[1:]:
        with open(p, encoding="utf-8") as fh:
            s = fh.read()
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(re.sub(r"\{(NHS|BAD):([0-9 \-]+)\}", sub, s))
