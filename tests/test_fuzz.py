"""A short fuzzing pass over every socket event and HTTP endpoint (issue 8, acceptance 2).

The same harness as `make fuzz` (tests/fuzz/), with a few thousand cases and a fixed seed:
every case gets a structured refusal or a correct answer, nothing unexpected reaches the
server's log, a refused request commits nothing, and /healthz answers after every batch.
BALINT_FUZZ_EXAMPLES changes the number of cases.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.app import create_app
from server.config import Config
from tests.fuzz import targets as t
from tests.fuzz.runner import Runner, Stats, report
from tests.fuzz.world import World

CASES = int(os.environ.get("BALINT_FUZZ_EXAMPLES", "3000"))
SEED = 20261124


def test_every_socket_event_and_route_is_fuzzed(tmp_path: Path) -> None:
    """The fuzzed lists are read from the code: a new event or route without a spec fails."""
    app = create_app(Config(data_dir=tmp_path))
    assert t.coverage_gaps(app) == []
    names = {x.name for x in t.all_targets(app)}
    assert {f"socket:{e}" for e in t.namespace_events()} <= names
    assert {"socket:send", "socket:flow", "socket:redact", "socket:connect", "socket:raw",
            "http:POST sign_in", "http:PUT change_group_settings", "http:POST notes_write",
            "http:POST verify_certificate", "http:unknown"} <= names


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, Stats]]:
    world = World(tmp_path_factory.mktemp("fuzz") / "data", SEED)
    try:
        world.run(world.start())
        assert world.server.app is not None
        stats = Runner(world, batch_size=50).run(t.all_targets(world.server.app), CASES, SEED)
        yield world, stats
    finally:
        world.close()


def test_hostile_input_gets_clean_answers(fuzzed: tuple[World, Stats]) -> None:
    """No unhandled exception, 500, unstructured answer, partial write, hang or dropped
    connection in the whole pass."""
    _, stats = fuzzed
    shown = "\n".join(str(f) for f in stats.failures[:20])
    assert not stats.failures, f"{report(stats)}\n\n{shown}"


def test_the_server_answered_its_health_check_after_every_batch(
        fuzzed: tuple[World, Stats]) -> None:
    _, stats = fuzzed
    assert stats.batches >= CASES // 50
    assert stats.health_answered == stats.health_checks == stats.batches


def test_every_target_was_exercised_and_reached_past_the_first_check(
        fuzzed: tuple[World, Stats]) -> None:
    """Cases for every event and route; and enough of them are accepted, or refused for a
    reason beyond their shape, that the fuzzing reaches the code behind the checks."""
    world, stats = fuzzed
    assert world.server.app is not None
    for target in t.all_targets(world.server.app):
        assert stats.cases[target.name] >= 2, target.name
    accepted = {name for name, outcomes in stats.outcomes.items() if outcomes["ok"]}
    assert {"socket:join", "socket:send", "socket:history", "socket:hand", "socket:lock",
            "socket:pause_signal", "socket:sequence"} <= accepted, sorted(accepted)
    assert {"http:POST sign_out", "http:POST verify_certificate", "http:GET me"} <= accepted
