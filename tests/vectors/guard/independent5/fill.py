"""Fill the random digits of NHS numbers and other 10-digit numbers, once.

The drafts in drafts/*.txt are hand-written; the only thing drawn at random is the
digits of ten-digit numbers, written there as placeholders:

    {nhs:ddd ddd dddd}   ten digits that PASS the NHS modulus-11 check
    {bad:dddddddddd}     ten digits that FAIL it (a hospital number, a tracking number...)

Every `d` becomes a digit; every other character of the format is kept as typed.
The random generator is seeded by the text of the draft line, so running this again
gives the same source/*.txt. The output, source/*.txt, is what is committed and read by
build.py.  Usage: python3 fill.py
"""
import hashlib
import pathlib
import random
import re

HERE = pathlib.Path(__file__).resolve().parent
SEED = "balint-independent5"
PLACEHOLDER = re.compile(r"\{(nhs|bad):([^}]*)\}")
WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(nine: str) -> int | None:
    """NHS check digit for nine digits, or None when the remainder makes it invalid (10)."""
    total = sum(int(d) * w for d, w in zip(nine, WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def passes(ten: str) -> bool:
    check = check_digit(ten[:9])
    return check is not None and check == int(ten[9])


def draw(kind: str, rng: random.Random) -> str:
    while True:
        first = str(rng.randint(3, 9)) if kind == "nhs" else str(rng.randint(0, 9))
        ten = first + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if kind == "nhs":
            check = check_digit(ten[:9])
            if check is None:
                continue
            return ten[:9] + str(check)
        if not passes(ten):
            return ten


def fill_line(line: str) -> str:
    rng = random.Random(hashlib.sha256((SEED + line).encode()).hexdigest())

    def one(match: re.Match[str]) -> str:
        kind, fmt = match.group(1), match.group(2)
        if fmt.count("d") != 10:
            raise SystemExit(f"placeholder needs ten d: {match.group(0)!r} in {line!r}")
        digits = iter(draw(kind, rng))
        return "".join(next(digits) if ch == "d" else ch for ch in fmt)

    return PLACEHOLDER.sub(one, line)


def main() -> None:
    (HERE / "source").mkdir(exist_ok=True)
    for draft in sorted((HERE / "drafts").glob("*.txt")):
        lines = draft.read_text(encoding="utf-8").splitlines()
        out = [fill_line(line) for line in lines]
        (HERE / "source" / draft.name).write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{draft.name}: {len(lines)} lines")


if __name__ == "__main__":
    main()
