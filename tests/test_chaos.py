"""The chaos test, short: the real server killed and clients dropped while they post, and the
verdict's own checks shown to catch a planted loss, duplicate or reordering (`make chaos` runs
the long version: bench/chaos.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench import chaos
from bench.chaos_client import Client, Person, Room
from bench.chaos_compare import Entry, Key, compare

ALICE, BOB = "user-alice", "user-bob"


def room_of(n: int) -> tuple[list[Entry], dict[Key, str], dict[Key, int]]:
    """A store of n messages from two authors, all acknowledged, and what was sent."""
    store = [Entry(seq, (ALICE, BOB)[seq % 2], f"client-id-{seq:04d}", f"digest-{seq}")
             for seq in range(1, n + 1)]
    sent = {e.key: e.digest for e in store}
    acked = {e.key: e.seq for e in store}
    return store, sent, acked


def test_a_faithful_room_passes() -> None:
    """Every client holding the store's messages once, in order, is no failure at all."""
    store, sent, acked = room_of(8)
    tally = compare(store, sent, acked, {"a": list(store), "b": list(store)})
    assert tally.failures() == {}


def _plant(fault: str) -> tuple[list[Entry], dict[Key, str], dict[Key, int],
                                dict[str, list[Entry]], dict[str, list[Key]]]:
    store, sent, acked = room_of(8)
    # Each author sent their messages in the order of the faithful store.
    send_order = {a: [e.key for e in store if e.author_id == a] for a in (ALICE, BOB)}
    good = list(store)
    bad = list(store)
    if fault == "client_duplicate":
        bad.insert(4, bad[3])
    elif fault == "client_loss":
        del bad[5]
    elif fault == "client_swap":
        bad[2], bad[3] = bad[3], bad[2]
    elif fault == "client_wrong_seq":
        bad[6] = replace(bad[6], seq=99)
    elif fault == "store_duplicate":
        store = [*store, replace(store[1], seq=9)]
        good = bad = list(store)
    elif fault == "stored_again_under_another_id":
        again = replace(store[1], seq=9, client_id="client-id-again")
        store = [*store, again]
        sent[again.key] = again.digest
        good = bad = list(store)
    elif fault == "store_loss":
        store = store[:3] + store[4:]
        good = bad = [e for e in good if e in store]
    elif fault == "ack_renumbered":
        acked[store[2].key] = 7
    elif fault == "store_reordered_for_author":
        # Alice sent seq 2 before seq 4, yet the store says the reverse.
        acked[store[1].key], acked[store[3].key] = 4, 2
        store[1], store[3] = replace(store[3], seq=2), replace(store[1], seq=4)
        good = bad = list(store)
    elif fault == "unacked_stored_missing":
        del acked[store[4].key]
        del bad[4]
    elif fault == "unacked_twice":
        del acked[store[4].key]
        bad.append(bad[4])
    elif fault == "text_changed":
        bad[1] = replace(bad[1], digest="other")
    elif fault == "store_hole":
        store = [replace(e, seq=e.seq + (e.seq >= 5)) for e in store]
        acked = {e.key: e.seq for e in store}
        good = bad = list(store)
    return store, sent, acked, {"good": good, "bad": bad}, send_order


@pytest.mark.parametrize(("fault", "counted"), [
    ("client_duplicate", "dup"),
    ("client_loss", "lost"),
    ("client_swap", "out_of_order"),
    ("client_wrong_seq", "out_of_order"),
    ("store_duplicate", "dup"),
    ("stored_again_under_another_id", "dup"),
    ("store_loss", "lost"),
    ("ack_renumbered", "out_of_order"),
    ("store_reordered_for_author", "out_of_order"),
    ("unacked_stored_missing", "gaps"),
    ("unacked_twice", "dup"),
    ("text_changed", "corrupt"),
    ("store_hole", "holes"),
])
def test_the_verdict_catches_a_planted_fault(fault: str, counted: str) -> None:
    """A loss, duplicate, reordering, changed text or hole planted in a transcript is counted."""
    store, sent, acked, transcripts, send_order = _plant(fault)
    failures = compare(store, sent, acked, transcripts, send_order).failures()
    assert failures.get(counted, 0) >= 1, failures


def test_a_send_never_answered_may_be_absent_or_present_once() -> None:
    """An unacknowledged message nobody stored is fine; stored and held once is fine too."""
    store, sent, acked = room_of(6)
    never_stored = (ALICE, "client-id-lost-tab")
    sent[never_stored] = "digest-x"
    del acked[store[2].key]  # stored, but its answer never came
    tally = compare(store, sent, acked, {"a": list(store)}, abandoned={never_stored,
                                                                       store[2].key})
    assert tally.failures() == {}
    assert tally.abandoned_stored == 1


def test_the_client_applies_each_seq_once_and_stops_at_a_gap(tmp_path: Path) -> None:
    """Live copies of what a client holds are dropped; a jump waits for history to fill it."""
    run = chaos.Run(chaos.Options(), tmp_path)
    client = Client(run, Room(0, "session"), Person("u", "c", "member"), False)

    def msg(seq: int) -> dict[str, object]:
        return {"seq": seq, "author_id": "a", "id": f"client-id-{seq}", "text": f"t{seq}"}

    client.apply([msg(1), msg(2), msg(2), msg(1), msg(3)])
    client.apply([msg(5)])  # seq 4 is still on its way
    assert [e.seq for e in client.transcript] == [1, 2, 3]
    assert client.gap_while_joining  # not joined yet: the join's history will fill it
    client.apply([msg(4), msg(5)], contiguous=True)
    assert [e.seq for e in client.transcript] == [1, 2, 3, 4, 5]
    assert run.report.live_copies_dropped == 2


async def test_nothing_lost_or_twice_when_clients_drop_and_the_server_is_killed(
        tmp_path: Path) -> None:
    """12 clients in 3 rooms post 300 messages through 10 drops and a SIGKILL (plus one more
    before the check): every acknowledged message once and in order on every member, and the
    facilitator's phase, presenter, lock and mutes as last acknowledged."""
    opts = chaos.Options(rooms=3, members=3, quiet=1, messages=300, drops=10, kills=1,
                         rate=1.8, time_limit=120, data_dir=tmp_path, silent=True)
    report = await chaos.run(opts)
    summary = chaos.table(report, opts)
    assert report.ok, f"{report.failures()} {report.problems} {report.state_mismatches}\n{summary}"
    assert report.clients == 12
    assert report.acked >= 300
    assert sum(report.drops.values()) >= 10
    assert report.kills == 2
    assert report.state_checks >= 6
    assert report.facilitator_actions >= 3
