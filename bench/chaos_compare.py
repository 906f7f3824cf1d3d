"""The chaos test's verdict: each client's transcript against the store (pure, no I/O).

A message is known by its author and client id (the key the server deduplicates on) and carries
a digest of its text, never the text. `compare` counts, for one room:

- lost: an acknowledged message missing from the store, or from a client's transcript;
- dup: a second copy of a message in the store or on a client (the same key, the same seq, or
  the same author and text under another client id), whether it was acknowledged or not (a send
  whose answer never came may be absent, or present once);
- out_of_order: a client's transcript whose order differs from the store's, a message a client
  holds under another seq than the store's, an acknowledgement whose seq the store does not
  confirm, or one author's acknowledged messages stored in another order than they were sent;
- gaps: a stored message that was never acknowledged and is missing from a client (the store
  holds it, so every member must see it);
- corrupt: a text that differs from what its author sent;
- phantom: a message a client holds that the store does not (or that nobody sent);
- holes: seq numbers missing from the store's sequence 1..N.

Every count but `abandoned_stored` (information: sends whose answer never came, yet stored) is
a failure.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, fields

Key = tuple[str, str]  # (author_id, client_id)


@dataclass(frozen=True)
class Entry:
    """One message as a client or the store holds it: position, identity, and a text digest."""

    seq: int
    author_id: str
    client_id: str
    digest: str

    @property
    def key(self) -> Key:
        return (self.author_id, self.client_id)


@dataclass
class Tally:
    lost: int = 0
    dup: int = 0
    out_of_order: int = 0
    gaps: int = 0
    corrupt: int = 0
    phantom: int = 0
    holes: int = 0
    abandoned_stored: int = 0

    FAILURES = ("lost", "dup", "out_of_order", "gaps", "corrupt", "phantom", "holes")

    def failures(self) -> dict[str, int]:
        """The counts that must be zero and are not."""
        return {name: getattr(self, name) for name in self.FAILURES if getattr(self, name)}

    def add(self, other: Tally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def compare(store: list[Entry], sent: dict[Key, str], acked: dict[Key, int],
            transcripts: dict[str, list[Entry]], ack_order: dict[str, list[Key]] | None = None,
            abandoned: set[Key] | None = None) -> Tally:
    """Judge one room.

    `store`: the room's messages read back from the server, in the order it returned them.
    `sent`: every key a client ever sent, with the digest of its text.
    `acked`: every acknowledged key with the seq its acknowledgement carried.
    `transcripts`: each member client's messages, in the order it applied them.
    `ack_order`: per author, the keys in the order their acknowledgements arrived (each author
    sends one message at a time, so this is also the order they were sent).
    `abandoned`: sends given up without an answer (the client "closed the tab").
    """
    tally = Tally()
    position: dict[Key, int] = {}
    store_seq: dict[Key, int] = {}
    for i, entry in enumerate(store):
        position.setdefault(entry.key, i)
        store_seq.setdefault(entry.key, entry.seq)
        if entry.key not in sent or entry.digest != sent[entry.key]:
            if entry.key in sent:
                tally.corrupt += 1
            else:
                tally.phantom += 1
    # The store itself: one copy of each message, numbered 1..N in order.
    tally.dup += _copies(store)
    seqs = [e.seq for e in store]
    tally.out_of_order += sum(1 for a, b in itertools.pairwise(seqs) if b <= a)
    if seqs:
        tally.holes += max(seqs) - len(set(seqs))
    for key, seq in acked.items():
        if key not in store_seq:
            tally.lost += 1
        elif store_seq[key] != seq:
            tally.out_of_order += 1
    for keys in (ack_order or {}).values():
        stored = [store_seq[k] for k in keys if k in store_seq]
        tally.out_of_order += sum(1 for a, b in itertools.pairwise(stored) if b <= a)
    tally.abandoned_stored += sum(1 for k in abandoned or () if k in store_seq and k not in acked)

    for transcript in transcripts.values():
        held = Counter(e.key for e in transcript)
        tally.dup += _copies(transcript)
        tally.lost += sum(1 for key in acked if key not in held)
        tally.gaps += sum(1 for key in store_seq if key not in acked and key not in held)
        seen: set[Key] = set()
        previous = -1
        for entry in transcript:
            if entry.key in seen:
                continue
            seen.add(entry.key)
            if entry.key not in position:
                tally.phantom += 1
                continue
            if position[entry.key] <= previous or entry.seq != store_seq[entry.key]:
                tally.out_of_order += 1
            previous = max(previous, position[entry.key])
            if entry.key in sent and entry.digest != sent[entry.key]:
                tally.corrupt += 1
    return tally


def _copies(entries: list[Entry]) -> int:
    """Extra copies: a key or a seq held twice, or one author's text under a second client id
    (texts are random, so the same text twice from one author is one message stored twice)."""
    same_key = sum(n - 1 for n in Counter(e.key for e in entries).values())
    same_seq = sum(n - 1 for n in Counter(e.seq for e in entries).values())
    ids_per_text: dict[tuple[str, str], set[str]] = {}
    for e in entries:
        ids_per_text.setdefault((e.author_id, e.digest), set()).add(e.client_id)
    same_text = sum(len(ids) - 1 for ids in ids_per_text.values())
    return same_key + same_seq + same_text
