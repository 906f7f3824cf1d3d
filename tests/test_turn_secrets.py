"""coturn's rotating secret (server/turn_secrets.py): the app writes coturn's own userdb table,
the newest secret makes the credentials, and a rotation drops every older one. The browser
test with a real coturn is tests/browser/test_media_turn.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from server import cli, turn_secrets
from server.config import Config, ConfigError

URLS = "turn:127.0.0.1:3478?transport=udp"


def secrets_in(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return [tuple(row) for row in conn.execute("SELECT realm, value FROM turn_secret")]


async def test_the_first_secret_is_made_and_a_rotation_replaces_it(tmp_path: Path) -> None:
    db = tmp_path / "turndb"
    config = Config.from_env({"BALINT_TURN_URLS": URLS, "BALINT_TURN_SECRET_DB": str(db),
                              "BALINT_TURN_REALM": "turn.example.org"})
    first = await turn_secrets.current(config)
    assert await turn_secrets.current(config) == first
    assert secrets_in(db) == [("turn.example.org", first)]
    assert await turn_secrets.rotate(config) is True
    second = await turn_secrets.current(config)
    assert second != first and secrets_in(db) == [("turn.example.org", second)]


async def test_the_newest_secret_wins_and_other_realms_are_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "turndb"
    with sqlite3.connect(db) as conn:
        conn.execute(turn_secrets.SCHEMA)  # coturn made the file first
        conn.executemany("INSERT INTO turn_secret VALUES (?, ?)",
                         [("a.test", "1.old"), ("a.test", "2.new"), ("b.test", "9.theirs")])
    config = Config.from_env({"BALINT_TURN_URLS": URLS, "BALINT_TURN_SECRET_DB": str(db),
                              "BALINT_TURN_REALM": "a.test"})
    assert await turn_secrets.current(config) == "2.new"
    await turn_secrets.rotate(config)
    assert ("b.test", "9.theirs") in secrets_in(db)
    assert [v for realm, v in secrets_in(db) if realm == "a.test"] == \
        [await turn_secrets.current(config)]


async def test_a_static_secret_cannot_be_rotated() -> None:
    config = Config.from_env({"BALINT_TURN_URLS": URLS, "BALINT_TURN_SECRET": "s3cret"})
    assert await turn_secrets.current(config) == "s3cret"
    assert await turn_secrets.rotate(config) is False


@pytest.mark.parametrize(("env", "says"), [
    ({"BALINT_TURN_URLS": URLS}, "BALINT_TURN_SECRET_DB"),
    ({"BALINT_TURN_SECRET_DB": "/tmp/x", "BALINT_TURN_SECRET": "s"}, "not both"),
    ({"BALINT_TURN_SECRET_DB": "/tmp/x"}, "BALINT_TURN_REALM"),
])
def test_the_settings_say_what_is_missing(env: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        Config.from_env(env)


def test_the_operator_rotates_the_secret_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`balint rotate-turn-secret` makes coturn's userdb if it is missing (so the app's user
    owns it, deploy/README.md) and changes the secret; with a static secret it says why not."""
    db = tmp_path / "turndb"
    monkeypatch.setenv("BALINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BALINT_TURN_URLS", URLS)
    monkeypatch.setenv("BALINT_TURN_SECRET_DB", str(db))
    monkeypatch.setenv("BALINT_TURN_REALM", "turn.example.org")
    assert cli.main(["rotate-turn-secret"]) == 0
    (first,) = secrets_in(db)
    assert cli.main(["rotate-turn-secret"]) == 0
    (second,) = secrets_in(db)
    assert first != second and "rotated" in capsys.readouterr().out
    monkeypatch.delenv("BALINT_TURN_SECRET_DB")
    monkeypatch.setenv("BALINT_TURN_SECRET", "s3cret")
    assert cli.main(["rotate-turn-secret"]) == 0
    assert "nothing to rotate" in capsys.readouterr().out
