# run ONCE: replaces NHSA/NHSB/NHSC placeholders with random valid NHS numbers
# (spaced 3-3-4, plain, dashed) and BADTEN with random 10-digit numbers failing mod 11.
import glob, os, random, re, sys
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source"))
sys.path.insert(0, "..")
from build import mod11_ok
rng = random.Random(240524)
def valid():
    while True:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] != "0" and mod11_ok(d):
            return d
def bad():
    while True:
        d = "".join(str(rng.randrange(10)) for _ in range(10))
        if d[0] != "0" and not mod11_ok(d):
            return d
for p in sorted(glob.glob("*.txt")):
    s = open(p).read()
    s = re.sub(r"NHSA", lambda m: (lambda d: d[:3]+" "+d[3:6]+" "+d[6:])(valid()), s)
    s = re.sub(r"NHSB", lambda m: valid(), s)
    s = re.sub(r"NHSC", lambda m: (lambda d: d[:3]+"-"+d[3:6]+"-"+d[6:])(valid()), s)
    s = re.sub(r"BADTEN", lambda m: bad(), s)
    open(p, "w").write(s)
