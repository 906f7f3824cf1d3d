"""Backups and restore (issue 25): a backup opens with the deployment's key, restores what it
held, is refused plainly when wrong, and cannot bring back chat whose retention ended."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server import retention
from server.actions import sweeper
from server.backup import archive, fileformat
from server.backup.keyfile import BackupError, epoch_key, epochs_path, new_key_file, read_key_file
from server.backup.restore import restore
from server.clock import FakeClock
from server.config import Config
from tests.backup_support import chat_of, raw_bytes
from tests.conftest import Cast
from tests.support import LiveServer, loopback_config
from tests.test_notes import Notes, notes  # noqa: F401 - the fixture
from tests.test_retention import end, in_room, post, set_policy

DAY = retention.DAY


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "backup-keys" / "balint.key"
    new_key_file(path)
    return path


@pytest.fixture
async def server(tmp_path: Path, key_file: Path) -> AsyncIterator[LiveServer]:
    """The cast's server, told where the backup key is (its sweeper destroys epoch keys)."""
    config = loopback_config(tmp_path / "data").with_(backup_key_file=key_file)
    live = await LiveServer(config, FakeClock(time.time())).start()
    try:
        yield live
    finally:
        await live.stop()


def configured(cast: Cast, key_file: Path) -> Config:
    assert cast.server.config.backup_key_file == key_file
    return cast.server.config


def fresh(tmp_path: Path, config: Config, name: str = "restored") -> Config:
    return config.with_(data_dir=tmp_path / name, port=1)


async def test_a_backup_restores_its_chat_and_people_into_a_fresh_directory(
        cast: Cast, key_file: Path, tmp_path: Path) -> None:
    config = configured(cast, key_file)
    tom = await in_room(cast, "trainee")
    for text in ("first", "second", "third"):
        await post(tom, cast, text)
    path, counts = archive.take(config, tmp_path / "b.backup", cast.server.clock.now())
    assert counts["messages"] == 3 and counts["people"] == 6
    assert b"first" not in path.read_bytes()
    await post(tom, cast, "after the backup")

    target = fresh(tmp_path, config)
    report = await restore(target, path, cast.server.clock)
    assert "messages: 3" in report and "chat keys restored: 2" in report, report
    assert [t for _, t in chat_of(target.data_dir, cast.session_id)] == [
        "first", "second", "third"]
    verified = archive.verify(config, path, cast.server.clock.now())
    assert "complete" in verified and "chat keys: 2 readable" in verified


async def test_chat_in_a_backup_is_unreadable_once_the_bound_has_passed(
        cast: Cast, key_file: Path, tmp_path: Path) -> None:
    """Acceptance 3: the test holds the backup and the backup key, and cannot read the chat
    once BACKUP_CHAT_DAYS have passed; before that, it can (so the test can fail)."""
    config = configured(cast, key_file)
    await set_policy(cast, chat_hours=30 * 24)  # retention ends after the backup
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    canary = f"CANARY-{uuid.uuid4().hex}"
    await post(tom, cast, canary)
    clock = cast.server.clock
    path, _ = archive.take(config, tmp_path / "b.backup", clock.now())
    await end(fiona, cast)
    data_key = await cast.server.svc.keystore.fetch_value(
        "SELECT data_key FROM session_keys WHERE class = 'chat'")

    clock.advance((retention.BACKUP_CHAT_DAYS - 1) * DAY)
    await sweeper.sweep(cast.server.svc)
    early = await restore(fresh(tmp_path, config, "early"), path, clock)
    assert [t for _, t in chat_of(tmp_path / "early", cast.session_id)] == [canary], early

    clock.advance(DAY + 1)
    swept = await sweeper.sweep(cast.server.svc)
    assert swept.get("backup_epoch_keys") == 1
    # Everything the holder of the backup and the key can get at:
    master = read_key_file(key_file)
    opened = archive.open_backup(config, path, tmp_path, clock.now())
    assert opened.sealed is None
    day = str(opened.header["epoch_day"])
    assert epoch_key(master, key_file, day, clock.now(), create=False) is None
    plain = raw_bytes(tmp_path / "open") + fileformat.decrypt_to(
        path, tmp_path / "payload", master).raw + (tmp_path / "payload").read_bytes()
    assert data_key not in plain and canary.encode() not in plain
    assert data_key not in raw_bytes(key_file.parent), "the epoch store still holds the key"
    late = await restore(fresh(tmp_path, config, "late"), path, clock)
    assert "chat and case notes: not restored" in late, late
    assert "unreadable messages deleted: 1" in late, late
    assert chat_of(tmp_path / "late", cast.session_id) == []
    assert "no longer readable" in archive.verify(config, path, clock.now())


async def test_case_notes_in_a_backup_follow_the_same_bound(
        notes: Notes, key_file: Path, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    """Case notes are end-to-end encrypted, with no server key to destroy: their rows travel
    sealed under the day's epoch key, so they too come back for 7 days and then never."""
    cast = notes.cast
    config, clock = configured(cast, key_file), cast.server.clock
    await notes.tom.write(cast.session_id, f"NOTE-{uuid.uuid4().hex}", "me")
    envelope = str(await cast.server.svc.db.fetch_value("SELECT envelope FROM notes"))
    path, counts = archive.take(config, tmp_path / "b.backup", clock.now())
    assert counts["case_notes"] == 1
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    opened = archive.open_backup(config, path, tmp_path / "a", clock.now())
    assert envelope.encode() not in opened.db_file.read_bytes(), "the note is in the copy"

    early = await restore(fresh(tmp_path, config, "early"), path, clock)
    assert "case notes: 1" in early, early
    with sqlite3.connect(tmp_path / "early" / "balint.sqlite3") as db:
        assert db.execute("SELECT envelope FROM notes").fetchall() == [(envelope,)]
        assert db.execute("SELECT COUNT(*) FROM note_readers").fetchone()[0] == 1

    clock.advance(retention.BACKUP_CHAT_DAYS * DAY + 1)
    await sweeper.sweep(cast.server.svc)
    master = read_key_file(key_file)
    late = archive.open_backup(config, path, tmp_path / "b", clock.now())
    assert late.sealed is None
    plain = raw_bytes(tmp_path / "b") + fileformat.decrypt_to(
        path, tmp_path / "payload", master).raw + (tmp_path / "payload").read_bytes()
    assert envelope.encode() not in plain
    report = await restore(fresh(tmp_path, config, "late"), path, clock)
    assert "case notes: 0" in report and "case notes: not restored" in report, report


async def test_restoring_an_older_backup_destroys_what_expired_before_serving(
        cast: Cast, key_file: Path, tmp_path: Path) -> None:
    """Acceptance 3, second half: the chat expired after the backup; restore shreds it, and
    no byte of the restored directory holds its sealed body or its key."""
    config = configured(cast, key_file)
    await set_policy(cast, chat_hours=2)
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    await post(tom, cast, f"CANARY-{uuid.uuid4().hex}")
    await end(fiona, cast)
    svc, clock = cast.server.svc, cast.server.clock
    body = await svc.db.fetch_value("SELECT body FROM messages")
    data_key = await svc.keystore.fetch_value(
        "SELECT data_key FROM session_keys WHERE class = 'chat'")
    path, _ = archive.take(config, tmp_path / "b.backup", clock.now())
    clock.advance(2 * 3600 + 1)

    target = fresh(tmp_path, config)
    report = await restore(target, path, clock)
    assert "chat messages: 1" in report, report
    everything = raw_bytes(target.data_dir)
    assert body not in everything and data_key not in everything
    assert chat_of(target.data_dir, cast.session_id) == []


def _truncated(path: Path, tmp: Path) -> Path:
    cut = tmp / "cut.backup"
    cut.write_bytes(path.read_bytes()[:-20])
    return cut


def _newer_schema(path: Path, tmp: Path, config: Config) -> Path:
    """A backup as a later version would write it: schema one step ahead."""
    work = tmp / "newer"
    work.mkdir()
    master = read_key_file(config.backup_key_file)
    header = fileformat.decrypt_to(path, work / "payload.tar", master)
    fields = {k: v for k, v in header.fields.items()
              if k not in ("format", "key_id", "salt", "nonce_prefix", "chunk_size")}
    fields["schema"] = {**fields["schema"], "database": fields["schema"]["database"] + 1}
    out = tmp / "newer.backup"
    with (work / "payload.tar").open("rb") as src, out.open("wb") as sink:
        fileformat.write(sink, src, master, fields)
    return out


def _tampered(path: Path, tmp: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[-100] ^= 1
    out = tmp / "tampered.backup"
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("case, words", [
    ("wrong key", "made with another backup key"),
    ("truncated", "incomplete"),
    ("newer schema", "newer version of Balint Rooms (database schema"),
    ("tampered", "damaged"),
    ("not a backup", "not a Balint Rooms backup file"),
])
async def test_a_bad_backup_is_refused_plainly_and_changes_nothing(
        cast: Cast, key_file: Path, tmp_path: Path, case: str, words: str) -> None:
    """Acceptance 4: refused before anything in the data directory changes."""
    config = configured(cast, key_file)
    tom = await in_room(cast, "trainee")
    await post(tom, cast, "kept as it was")
    path, _ = archive.take(config, tmp_path / "b.backup", cast.server.clock.now())
    restoring = config
    if case == "wrong key":
        other = tmp_path / "other.key"
        new_key_file(other)
        restoring = config.with_(backup_key_file=other)
    make_bad = {"wrong key": lambda: path, "truncated": lambda: _truncated(path, tmp_path),
           "newer schema": lambda: _newer_schema(path, tmp_path, config),
           "tampered": lambda: _tampered(path, tmp_path),
           "not a backup": lambda: tmp_path / "b.backup.txt"}[case]
    (tmp_path / "b.backup.txt").write_text("hello")
    bad = make_bad()
    target = fresh(tmp_path, restoring, "existing")
    await restore(fresh(tmp_path, config, "existing"), path, cast.server.clock)
    before = {p: p.read_bytes() for p in target.data_dir.rglob("*") if p.is_file()}

    with pytest.raises(BackupError) as refused:
        await restore(target, bad, cast.server.clock, replace=True)
    assert words in str(refused.value)
    with pytest.raises(BackupError):
        archive.verify(restoring, bad, cast.server.clock.now())
    after = {p: p.read_bytes() for p in target.data_dir.rglob("*") if p.is_file()}
    assert after == before
    empty = fresh(tmp_path, restoring, "empty")
    with pytest.raises(BackupError):
        await restore(empty, bad, cast.server.clock)
    assert not empty.data_dir.exists() or not any(empty.data_dir.iterdir())


async def test_a_data_directory_in_use_is_not_overwritten_by_accident(
        cast: Cast, key_file: Path, tmp_path: Path) -> None:
    config = configured(cast, key_file)
    path, _ = archive.take(config, tmp_path / "b.backup", cast.server.clock.now())
    with pytest.raises(BackupError, match="already holds a Balint Rooms database"):
        await restore(config, path, cast.server.clock)
    with pytest.raises(BackupError, match="A server is answering"):
        await restore(config, path, cast.server.clock, replace=True)
    assert await cast.server.svc.db.fetch_value("SELECT COUNT(*) FROM users") == 6


def test_a_file_cut_at_a_chunk_boundary_is_refused_as_incomplete(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chunk opens on its own, so a copy that stops between two chunks would look whole
    without the last-chunk mark; the reader says plainly that it ends early."""
    import io

    monkeypatch.setattr(fileformat, "CHUNK", 64)
    new_key_file(tmp_path / "k")
    master = read_key_file(tmp_path / "k")
    out = io.BytesIO()
    fileformat.write(out, io.BytesIO(bytes(range(200))), master, {})
    whole = out.getvalue()
    header = fileformat.read_header(io.BytesIO(whole))
    assert b"".join(fileformat.chunks(io.BytesIO(whole[len(header.raw):]), header, master)) \
        == bytes(range(200))
    cut = whole[:len(header.raw) + 2 * (64 + fileformat.TAG)]
    with pytest.raises(BackupError, match="ends early"):
        list(fileformat.chunks(io.BytesIO(cut[len(header.raw):]), header, master))


async def test_an_unusable_epoch_store_never_stops_the_sweep(
        cast: Cast, key_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The sweeper says so in the log and still does everything else (and the server starts)."""
    epochs_path(key_file).mkdir()  # a folder where the store should be: SQLite cannot open it
    await set_policy(cast, chat_hours=1)
    fiona, tom = await in_room(cast, "facilitator"), await in_room(cast, "trainee")
    await post(tom, cast, "gone an hour after the end")
    await end(fiona, cast)
    cast.server.clock.advance(3601)
    counts = await sweeper.sweep(cast.server.svc)
    assert await cast.server.svc.db.fetch_value("SELECT COUNT(*) FROM messages") == 0, counts
    assert "event=backup_epochs outcome=failed" in caplog.text


def test_keep_removes_only_the_oldest_dated_backups(tmp_path: Path) -> None:
    names = [f"balint-2026120{d}T023000Z.backup" for d in range(1, 6)]
    for name in [*names, "notes.txt"]:
        (tmp_path / name).write_text("x")
    gone = archive.prune(tmp_path, 3)
    assert [p.name for p in gone] == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == [*names[2:], "notes.txt"]
