"""Voice and video signaling (issue 22) through real socket.io clients on the real server: the
server relays WebRTC messages between admitted people in one open session and refuses
everyone else with the right code; it hands TURN credentials (coturn's REST scheme) only to
them; a facilitator can ask a member's page to turn its microphone off."""

from __future__ import annotations

import base64
import hashlib
import hmac
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from server import turn_secrets
from server.actions import groups
from server.actions.media import turn_credential
from server.clock import FakeClock
from server.payloads import GroupSettings
from server.permissions import OPERATOR
from tests.conftest import Cast
from tests.session_support import add_person, close_people, code, connect, enter
from tests.support import LiveServer, Person, loopback_config

SECRET = "a-coturn-static-auth-secret"
TURN = ("turn:127.0.0.1:3478?transport=udp",)
SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """The real server, with TURN configured as in deploy/turnserver.conf."""
    config = loopback_config(tmp_path / "data").with_(
        turn_secret=SECRET, turn_urls=TURN, turn_ttl_seconds=300)
    live = await LiveServer(config, FakeClock(time.time())).start()
    try:
        yield live
    finally:
        await live.stop()


def offer(sid: str, to: str, **extra: Any) -> dict[str, Any]:
    return {"session_id": sid, "to": to, "peer": "page-1", "kind": "offer", "sdp": SDP, **extra}


async def test_an_offer_and_a_candidate_reach_only_the_person_they_are_for(cast: Cast) -> None:
    sid = cast.session_id
    tom, _ = await enter(cast.trainee, cast.server, sid)
    tara, _ = await enter(cast.trainee2, cast.server, sid)
    fiona, _ = await enter(cast.facilitator, cast.server, sid)
    await tom.ok("media_signal", offer(sid, cast.trainee2.user_id))
    got = await tara.wait_for_event("media_signal")
    assert got == {"session_id": sid, "from": cast.trainee.user_id, "peer": "page-1",
                   "kind": "offer", "sdp": SDP}
    candidate = {"candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
                 "sdpMid": "0", "sdpMLineIndex": 0}
    await tara.ok("media_signal", {"session_id": sid, "to": cast.trainee.user_id, "peer": "p2",
                                   "kind": "candidate", "candidate": candidate})
    assert (await tom.wait_for_event("media_signal"))["candidate"] == candidate
    await tom.ok("media_signal", {"session_id": sid, "to": cast.facilitator.user_id,
                                  "peer": "page-1", "kind": "state",
                                  "state": {"mic": False, "camera": True}})
    assert (await fiona.wait_for_event("media_signal"))["state"] == {"mic": False, "camera": True}
    await fiona.barrier()
    # Nobody else heard Tom's offer to Tara.
    assert [s["kind"] for s in fiona.received("media_signal")] == ["state"]


async def test_signaling_is_refused_with_codes_for_everyone_not_admitted(cast: Cast) -> None:
    """Acceptance 4: an outsider, a programme lead, a member who has not joined, a member
    still in the waiting room, and a removed member are each refused, with their own code."""
    sid = cast.session_id
    extra: list[Person] = []
    try:
        fiona, _ = await enter(cast.facilitator, cast.server, sid)
        tom, _ = await enter(cast.trainee, cast.server, sid)
        to_tom = offer(sid, cast.trainee.user_id)
        olly = await connect(cast.outsider, cast.server)
        assert code(await olly.call("media_signal", to_tom)) == "not_a_member"
        lee = await connect(cast.lead, cast.server)
        assert code(await lee.call("media_signal", to_tom)) == "lead_not_in_rooms"
        tara = await connect(cast.trainee2, cast.server)
        assert code(await tara.call("media_signal", to_tom)) == "not_in_room"
        assert code(await tara.call("media_credentials", {"session_id": sid})) == "not_in_room"

        await groups.change_settings(cast.server.svc, OPERATOR, cast.group_id,
                                     GroupSettings(auto_admit=False))
        wes_p = await add_person(cast, "wes", "Wes", extra=extra)
        wes, waiting = await enter(wes_p, cast.server, sid)
        assert waiting["status"] == "waiting" and "media" not in waiting
        assert code(await wes.call("media_signal", to_tom)) == "not_admitted"
        assert code(await wes.call("media_credentials", {"session_id": sid})) == "not_admitted"
        # Nor can anyone reach Wes before he is let in.
        assert code(await tom.call("media_signal", offer(sid, wes_p.user_id))) == \
            "peer_not_in_room"

        await fiona.ok("remove", {"session_id": sid, "user_id": cast.trainee.user_id})
        await tom.wait_for_event("removed")
        assert code(await tom.call("media_signal", offer(sid, cast.facilitator.user_id))) == \
            "removed"
        assert code(await tom.call("media_credentials", {"session_id": sid})) == "removed"
        assert code(await fiona.call("media_signal", offer(sid, cast.trainee.user_id))) == \
            "peer_not_in_room"
        await tom.barrier()
        assert tom.received("media_signal") == []
    finally:
        await close_people(extra)


async def test_nobody_signals_in_a_session_that_has_ended(cast: Cast) -> None:
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, cast.server, sid)
    tom, _ = await enter(cast.trainee, cast.server, sid)
    await fiona.ok("flow", {"session_id": sid, "action": "end"})
    assert code(await tom.call("media_signal", offer(sid, cast.facilitator.user_id))) in (
        "session_not_open", "not_in_room")


@pytest.mark.parametrize(("change", "expected"), [
    ({"kind": "shout"}, "bad_signal"),
    ({"sdp": None}, "bad_payload"),
    ({"sdp": "x" * 40_000}, "too_long"),
    ({"peer": ""}, "bad_payload"),
    ({"to": 7}, "bad_payload"),
    ({"kind": "candidate", "candidate": {"candidate": 3}}, "bad_payload"),
])
async def test_a_malformed_signal_is_refused_at_the_edge(cast: Cast, change: dict[str, Any],
                                                         expected: str) -> None:
    sid = cast.session_id
    tom, _ = await enter(cast.trainee, cast.server, sid)
    assert code(await tom.call("media_signal", offer(sid, cast.trainee2.user_id) | change)) == \
        expected


def check_credential(media: dict[str, Any]) -> int:
    """The credential is coturn's REST one for our secret; returns its expiry."""
    (server,) = media["ice_servers"]
    assert server["urls"] == list(TURN)
    expected = base64.b64encode(hmac.new(SECRET.encode(), server["username"].encode(),
                                         hashlib.sha1).digest()).decode()
    assert server["credential"] == expected
    expiry, label = server["username"].split(":")
    assert len(label) == 16 and "tom" not in label.lower()
    return int(expiry)


async def test_admitted_members_get_a_short_turn_credential_and_a_removed_one_none(
        cast: Cast) -> None:
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, cast.server, sid)
    tom, joined = await enter(cast.trainee, cast.server, sid)
    expiry = check_credential(joined["media"])
    assert time.time() + 250 < expiry <= time.time() + 301
    assert joined["media"]["refresh_in"] == 200 and joined["media"]["relay_only"] is False
    again = await tom.ok("media_credentials", {"session_id": sid})
    assert check_credential(again) >= expiry
    await fiona.ok("remove", {"session_id": sid, "user_id": cast.trainee.user_id})
    await tom.wait_for_event("removed")
    assert code(await tom.call("media_credentials", {"session_id": sid})) == "removed"
    # Every page closes its calls to Tom at once; a static secret has nothing to rotate.
    assert (await fiona.wait_for_event("media_removed"))["user_id"] == cast.trainee.user_id
    await fiona.barrier()
    assert fiona.received("media_credentials_renew") == []


async def test_a_facilitator_turns_microphones_off_and_only_members_hear_it(cast: Cast) -> None:
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, cast.server, sid)
    tom, _ = await enter(cast.trainee, cast.server, sid)
    tara, _ = await enter(cast.trainee2, cast.server, sid)
    assert code(await tom.call("mute_microphones", {"session_id": sid,
                                                    "user_id": cast.trainee2.user_id})) == \
        "facilitators_only"
    assert await fiona.ok("mute_microphones", {"session_id": sid,
                                               "user_id": cast.trainee.user_id}) == {"muted": 1}
    assert (await tom.wait_for_event("microphone_muted"))["by"] == "Fiona"
    await tara.barrier()
    assert tara.received("microphone_muted") == []
    # Everyone's page is told whose microphone is off, to stop playing him (docs/protocol.md).
    assert tara.received("microphones_muted") == [{"session_id": sid,
                                                   "user_ids": [cast.trainee.user_id]}]
    assert code(await fiona.call("mute_microphones", {
        "session_id": sid, "user_id": cast.facilitator.user_id})) == "facilitator_protected"
    assert await fiona.ok("mute_microphones", {"session_id": sid}) == {"muted": 2}
    await tara.wait_for_event("microphone_muted")
    await fiona.barrier()
    assert fiona.received("microphone_muted") == []


async def test_a_removal_closes_calls_and_rotates_coturns_userdb_secret(
        cast: Cast, tmp_path: Path) -> None:
    """With coturn's userdb (server/turn_secrets.py) removing Tom changes the secret: the
    others are told to close their calls to him and to fetch fresh passes, made with the new
    secret, while the one Tom holds was made with a secret coturn no longer has."""
    svc = cast.server.svc
    svc.config = svc.config.with_(turn_secret="", turn_secret_db=tmp_path / "turndb",
                                  turn_realm="balint.test")
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, cast.server, sid)
    tom, joined = await enter(cast.trainee, cast.server, sid)
    old_secret = await turn_secrets.current(svc.config)
    (toms,) = joined["media"]["ice_servers"]
    expiry, label = toms["username"].split(":")
    assert toms["credential"] == turn_credential(old_secret, label, int(expiry))[1]
    await fiona.ok("remove", {"session_id": sid, "user_id": cast.trainee.user_id})
    assert (await fiona.wait_for_event("media_removed"))["user_id"] == cast.trainee.user_id
    assert (await fiona.wait_for_event("media_credentials_renew")) == {"session_id": sid}
    new_secret = await turn_secrets.current(svc.config)
    assert new_secret != old_secret
    with sqlite3.connect(tmp_path / "turndb") as conn:
        assert [r[0] for r in conn.execute("SELECT value FROM turn_secret")] == [new_secret]
    (fresh,) = (await fiona.ok("media_credentials", {"session_id": sid}))["ice_servers"]
    expiry, label = fresh["username"].split(":")
    assert fresh["credential"] == turn_credential(new_secret, label, int(expiry))[1]
    await tom.barrier()
    assert tom.received("media_credentials_renew") == []
