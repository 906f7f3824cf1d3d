"""Run ONCE over source/*.txt: replace <<NHS fmt>>, <<CHI fmt>> and <<BAD fmt>> placeholders
with random digits (the only random part of this corpus). fmt is digit-group sizes joined by the
separator, e.g. '10', '3 3 4', '3-3-4'. NHS draws pass modulus 11; BAD draws fail it (for 10
digits); CHI draws are DDMMYY plus four digits passing modulus 11, as real CHI numbers do."""
import glob
import random
import re

rng = random.Random(2525)  # reseeded per file below
PH = re.compile(r"<<(NHS|BAD|CHI) ([0-9 \-]+)>>")


def ok(d):
    t = sum(int(x) * w for x, w in zip(d[:9], range(10, 1, -1)))
    c = 11 - t % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(d[9])


def draw(kind):
    while True:
        if kind == "CHI":
            d = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(30, 99):02d}"
            d += "".join(rng.choice("0123456789") for _ in range(4))
        else:
            d = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(9))
        if (kind == "BAD") != ok(d):
            return d


def fmt(digits, spec):
    sizes = [int(x) for x in re.split(r"[ \-]", spec)]
    sep = "-" if "-" in spec else " "
    if sum(sizes) != len(digits):
        raise SystemExit(f"bad format {spec}")
    out, i = [], 0
    for s in sizes:
        out.append(digits[i:i + s])
        i += s
    return sep.join(out)


for path in glob.glob("source/*.txt"):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    rng.seed("2525:" + path)
    text = PH.sub(lambda m: fmt(draw(m.group(1)), m.group(2)), text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
