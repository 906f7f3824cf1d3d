"""One way to build the app: settings come through config.py, Services from one function."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path
from typing import Any

import pytest

from server import cluster
from server.actions.rooms import Rooms
from server.app import open_services
from server.clock import FakeClock
from server.config import Config, ConfigError


def test_the_gc_threshold_is_a_setting_read_and_checked_like_every_other() -> None:
    assert Config.from_env({}).gc_gen0 == 50000
    assert Config.from_env({"BALINT_GC_GEN0": "0"}).gc_gen0 == 0
    for bad in ("-1", "lots", "10000001"):
        with pytest.raises(ConfigError, match="BALINT_GC_GEN0"):
            Config.from_env({"BALINT_GC_GEN0": bad})


async def test_services_for_a_chore_never_count_alone_and_close_their_store(
        tmp_path: Path) -> None:
    config = Config.from_env({"BALINT_DATA_DIR": str(tmp_path)})
    links = cluster.create(config)
    async with open_services(config, links, FakeClock(), chore=True) as svc:
        assert isinstance(svc.rooms, Rooms) and not svc.rooms.caches_seq
        assert await svc.db.fetch_value("SELECT 1") == 1
    with pytest.raises(RuntimeError, match="closed"):
        await svc.db.fetch_value("SELECT 1")
    async with open_services(config, links, FakeClock()) as svc:
        assert svc.rooms.caches_seq  # the one server process keeps the count itself


def test_every_subcommand_has_its_own_handler() -> None:
    """A subcommand added without a handler fails here, not by falling through to another."""
    from server import cli

    parser = cli._parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(sub.choices) >= {"serve", "create-programme", "create-group", "invite", "sweep",
                                "rotate-certificate-key", "open-session", "notes"}
    for name, command in sub.choices.items():
        handlers = [command.get_default("command_handler"), command.get_default("chore")]
        assert sum(h is not None for h in handlers) == 1, f"balint {name}: no single handler"


def test_an_unknown_subcommand_is_an_error_not_another_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    from server import cli

    with pytest.raises(SystemExit) as stopped:
        cli.main(["open-sesame", "--group", "x"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_a_subcommand_without_a_handler_stops_with_a_clear_message(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from server import cli

    parser = cli._parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    sub.add_parser("new-chore")
    monkeypatch.setattr(cli, "_parser", lambda: parser)
    with pytest.raises(SystemExit, match="new-chore has no handler"):
        cli.main(["new-chore"])


def test_the_console_reads_settings_only_through_config() -> None:
    """server/cli.py touches no environment variable itself (config.py reads them all)."""
    source = (Path(__file__).resolve().parent.parent / "server" / "cli.py").read_text()
    tree = ast.parse(source)
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
                for a in n.names}
    assert "environ" not in names and "getenv" not in names and "os" not in imported


async def test_the_console_acts_as_the_named_operator(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`balint create-programme`, `create-group` and `open-session` run their actions'
    permission checks with the operator actor (no check is skipped)."""
    import asyncio

    from server import cli
    from server.permissions import OPERATOR

    seen: list[tuple[Any, Any]] = []
    real_check = groups_module().check

    def noting_check(roles: Any, action: Any) -> None:
        seen.append((roles, action))
        real_check(roles, action)

    monkeypatch.setattr(groups_module(), "check", noting_check)
    monkeypatch.setenv("BALINT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BALINT_SCRYPT_N", "1024")
    assert await asyncio.to_thread(cli.main, ["create-programme", "North"]) == 0
    programme = capsys.readouterr().out.strip()
    assert await asyncio.to_thread(cli.main, ["create-group", "--programme", programme,
                                              "Tuesday"]) == 0
    group = capsys.readouterr().out.strip()
    assert await asyncio.to_thread(cli.main, ["open-session", "--group", group]) == 0
    assert [str(a) for _, a in seen] == ["manage_programmes", "manage_programmes",
                                         "open_session"]
    assert all(roles == OPERATOR.roles for roles, _ in seen)


def groups_module() -> Any:
    from server.actions import groups

    return groups
