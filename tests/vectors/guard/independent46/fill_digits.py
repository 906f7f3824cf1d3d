"""Run once: replace digit placeholders with random digits (only digits are drawn at random)."""
import random, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import nhs_valid
rng = random.Random()
def nhs():
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if nhs_valid(d):
            return d
def bad():
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        if not nhs_valid(d):
            return d
def sub(m):
    t = m.group(1)
    if t == "BAD10":
        return bad()
    d = nhs()
    if t == "NHS10":
        return d
    if t == "NHS343":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if t == "NHSDASH":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    raise SystemExit(t)
for p in sorted((Path(__file__).resolve().parent / "source").glob("*.txt")):
    s = p.read_text()
    n = re.sub(r"%(NHS10|NHS343|NHSDASH|BAD10)%", sub, s)
    if n != s:
        p.write_text(n); print("filled", p.name)
