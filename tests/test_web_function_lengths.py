"""The house rule in the web client too: no function over ~80 lines.

Counted by tests/web_function_lengths.mjs (node, which `make run` needs anyway)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "web_function_lengths.mjs"
LIMIT = 80

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")


def over_limit(*files: str) -> list[str]:
    """Lines `<length>  <file>:<line>  <name>` for each function longer than LIMIT."""
    out = subprocess.run(["node", str(SCRIPT), "--max", str(LIMIT), *files],
                         capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def test_no_web_function_is_longer_than_the_limit() -> None:
    assert over_limit(*sorted(str(p) for p in (ROOT / "web").glob("*.js"))) == []


def test_the_count_finds_a_long_function(tmp_path: Path) -> None:
    """The check can fail: a function of LIMIT + 1 lines is reported, braces in strings and a
    short arrow function beside it are not."""
    body = "\n".join(f"  const a{i} = '{{';" for i in range(LIMIT - 1))
    probe = tmp_path / "probe.js"
    source = f"export function tooLong() {{\n{body}\n}}\nconst ok = () => {{ return 1; }};\n"
    probe.write_text(source, encoding="utf-8")
    found = over_limit(str(probe))
    assert len(found) == 1 and found[0].split()[0] == str(LIMIT + 1)
    assert found[0].endswith("tooLong")
