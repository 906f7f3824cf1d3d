"""Run once (done): pick the split seed among 'corpus9-<n>' that divides each kind's
spans and the clean lines most evenly. Once chosen, the seed is fixed in build.py,
so a line's half depends only on its own text and stays put as lines are added."""
import hashlib
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
rows = json.loads((HERE / "tune.json").read_text()) + json.loads((HERE / "heldout.json").read_text())


def worst(seed: str) -> float:
    c: dict[int, Counter[str]] = {0: Counter(), 1: Counter()}
    for r in rows:
        b = hashlib.sha256((seed + "\x00" + r["text"]).encode()).digest()[0] & 1
        c[b]["clean"] += not r["spans"]
        for s in r["spans"]:
            c[b][s["kind"]] += 1
    keys = set(c[0]) | set(c[1])
    return max(abs(c[0][k] - c[1][k]) / (c[0][k] + c[1][k]) for k in keys)


best = min((f"corpus9-{n}" for n in range(5000)), key=worst)
print(best, round(worst(best), 4))
