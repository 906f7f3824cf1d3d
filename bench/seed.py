"""Seed a fresh data directory for the benchmark with the project's own actions, before the
server starts: one programme, one group per room (auto-admit on) with an open session, the
members of each group with a signed-in cookie each, and one extra "history" room holding
`history` messages whose members have already accepted the ground rules.

Everything goes through `server.actions` (invitations accepted as a new member would, sessions
started as a sign-in would), so the rows are exactly what the real paths write; only the HTTP
and socket round trips are skipped, which makes 5,000 accounts a matter of seconds.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from server import payloads  # noqa: E402
from server.actions import accounts, entry, groups, rooms  # noqa: E402
from server.cli import _with_services  # noqa: E402
from server.config import Config  # noqa: E402
from server.keys import Services  # noqa: E402
from server.permissions import OPERATOR  # noqa: E402

PASSWORD = "bench-password-not-secret"


async def _member(svc: Services, group_id: str, username: str) -> tuple[accounts.User, str]:
    link = await accounts.create_invitation(svc, OPERATOR, kind="group", group_id=group_id,
                                            role="member")
    user = await accounts.accept_invitation(
        svc, accounts.token_from_link(link), current_user=None, username=username,
        display_name=f"Bench {username}", password=PASSWORD)
    cookie, _ = await accounts.start_session(svc, user)
    return user, cookie


async def _room(svc: Services, programme_id: str, name: str, members: int) -> dict[str, Any]:
    group_id = await groups.create_group(svc, OPERATOR, programme_id, f"Bench group {name}")
    await groups.change_settings(svc, OPERATOR, group_id,
                                 payloads.GroupSettings(auto_admit=True))
    session_id = await groups.open_session(svc, OPERATOR, group_id, f"Bench session {name}")

    # One at a time, on purpose: run concurrently, accept_invitation's first read sometimes
    # misses the invitation written just before (the shared reader connection can hold an older
    # WAL snapshot while another coroutine's cursor is still open), and fails invite_unknown.
    people = [await _member(svc, group_id, f"b{name}m{i:03d}") for i in range(members)]
    return {"session_id": session_id, "group_id": group_id,
            "users": [u for u, _ in people], "cookies": [c for _, c in people]}


async def _seed(svc: Services, n_rooms: int, members: int, history: int,
                text_chars: int) -> dict[str, Any]:
    programme_id = await groups.create_programme(svc, OPERATOR, "Bench programme")
    made = [await _room(svc, programme_id, f"{r:04d}", members) for r in range(n_rooms)]
    hist = await _room(svc, programme_id, "hist", members)
    for user in hist["users"]:
        await entry.accept_rules(svc, user, hist["session_id"])
    room_entry = None
    pad = "x" * max(0, text_chars - 20)
    for i in range(history):
        user = hist["users"][i % len(hist["users"])]
        room_entry = await rooms.enter(svc, user, hist["session_id"])
        await rooms.post(svc, user, room_entry, payloads.Send(
            room_entry.session_id, f"seed{i:08d}", f"history {i} {pad}"))
    strip = [{"session_id": r["session_id"], "cookies": r["cookies"]} for r in made]
    return {"rooms": strip,
            "history_room": {"session_id": hist["session_id"], "cookies": hist["cookies"],
                             "messages": history}}


def seed(data_dir: Path, n_rooms: int, members: int, history: int,
         text_chars: int) -> dict[str, Any]:
    """Create the rows in `data_dir` and return session ids and cookies for the generator."""
    config = Config.from_env({"BALINT_DATA_DIR": str(data_dir), "BALINT_SCRYPT_N": "1024",
                              "BALINT_LOG_LEVEL": "WARNING"})
    started = time.perf_counter()
    out: dict[str, Any] = asyncio.run(_with_services(
        config, lambda svc: _seed(svc, n_rooms, members, history, text_chars)))
    out["seconds"] = round(time.perf_counter() - started, 2)
    return out


if __name__ == "__main__":
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        result = seed(Path(tmp), int(sys.argv[1]), int(sys.argv[2]), 200, 120)
        print(json.dumps({"seconds": result["seconds"], "rooms": len(result["rooms"])}))
