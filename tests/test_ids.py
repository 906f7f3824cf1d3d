"""Ids go on command lines and into URLs: never an option-looking first character."""

from __future__ import annotations

import re

from server.ids import new_id


def test_ids_never_start_with_a_dash_and_stay_random() -> None:
    ids = [new_id() for _ in range(20000)]
    assert all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]{15}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    # Without the rule about 1 in 64 would start with "-"; the others still vary freely.
    assert len({i[0] for i in ids}) == 63
