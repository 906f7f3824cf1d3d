"""One way to build the app: settings come through config.py, Services from one function."""

from __future__ import annotations

from pathlib import Path

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
