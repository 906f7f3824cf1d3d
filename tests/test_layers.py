"""The layers reach only downwards: read from every module's imports (ast, nothing imported).

transport (server/http, server/realtime) -> actions (server/actions) -> store (server/store);
the pure parts (flow, permissions, crypto) do no I/O; the wiring (server/keys.py) knows no
action. Imports under `if TYPE_CHECKING:` count too: they close circles for the type checker
and mislead a reader just the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parent.parent / "server"

# Modules that talk to the outside world (network, files, processes, the database, the event
# loop), and our own modules built on them. `os` is allowed: the crypto needs os.urandom.
IO = ("aiohttp", "aiosqlite", "sqlite3", "socketio", "engineio", "redis", "asyncio", "socket",
      "subprocess", "urllib", "http", "shutil", "pathlib", "io",
      "server.store", "server.keys", "server.cluster", "server.offload",
      "server.actions", "server.http", "server.realtime")
TRANSPORT = ("server.http", "server.realtime")

RULES: list[tuple[str, str, tuple[str, ...]]] = [
    # (which modules, why, what they may not import)
    ("server/actions/", "actions know no transport", (*TRANSPORT, "server.app", "server.cli")),
    ("server/store/", "the store knows nothing above it",
     ("server.actions", *TRANSPORT, "server.app", "server.cli")),
    ("server/keys.py", "the wiring module knows no action", ("server.actions", *TRANSPORT)),
    ("server/flow.py", "the flow is pure", IO),
    ("server/permissions.py", "the permissions table is pure", IO),
    ("server/crypto/", "the crypto is pure", IO),
]


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for each import in the file, relative ones resolved."""
    try:
        package = ".".join(path.relative_to(SERVER.parent).with_suffix("").parts[:-1])
    except ValueError:
        package = ""  # a module outside the tree (the checker's own test)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            # `from server import library_hooks` imports server.library_hooks.
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            found.append((node.lineno, base))
    return found


def _under(module: str, prefixes: tuple[str, ...]) -> str | None:
    return next((p for p in prefixes if module == p or module.startswith(p + ".")), None)


def violations(where: str, forbidden: tuple[str, ...]) -> list[str]:
    target = SERVER.parent / where
    files = sorted(target.rglob("*.py")) if where.endswith("/") else [target]
    assert files, f"no modules at {where}: update RULES"
    out = []
    for path in files:
        for line, module in imported(path):
            hit = _under(module, forbidden)
            if hit:
                out.append(f"{path.relative_to(SERVER.parent)}:{line} imports {module}")
    return sorted(set(out))


@pytest.mark.parametrize(("where", "why", "forbidden"), RULES, ids=[r[0] for r in RULES])
def test_layer_rule_holds(where: str, why: str, forbidden: tuple[str, ...]) -> None:
    found = violations(where, forbidden)
    assert found == [], f"{why}:\n" + "\n".join(found)


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    """The rule would catch what it is for: an action importing the HTTP session, a
    TYPE_CHECKING import included."""
    module = tmp_path / "x.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from server.http.session import token\n"
                      "from server import cluster\nimport asyncio.locks\n")
    found = [m for _, m in imported(module)]
    assert _under("server.http.session.token", TRANSPORT) == "server.http"
    assert "server.http.session" in found and "server.cluster" in found
    assert "asyncio.locks" in found
