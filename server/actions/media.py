"""Voice and video in the room (issue 22): the server signals, it never carries media.

Each browser connects to every other one directly (a full mesh), and the media is encrypted
end to end by DTLS-SRTP; the server only relays the WebRTC messages that set a connection up
(offers, answers, ICE candidates, and a person's mic/camera state) from one person in the room
to another, through the same checks as chat: the room (`_context` in server/realtime) has
already refused anyone not admitted, removed, or in a session that is not open, and the
permission table is asked here.

TURN (coturn with `use-auth-secret`, the "TURN REST API"): a credential is
`username = "<expiry>:<label>"`, `password = base64(HMAC-SHA1(secret, username))`. coturn checks
the HMAC and the expiry itself, and cannot be told to refuse a credential early; so each one is
short-lived (BALINT_TURN_TTL_SECONDS) and the room asks for a new one before it runs out, which
only an admitted member of an open session gets. A removed member's last credential stops
working at its expiry, and no new one is ever issued to them. The label is a pseudonym per
person and session (coturn logs usernames): never a name or an account id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import time
from typing import Any

from server import payloads, turn_secrets
from server.actions import rooms
from server.actions.accounts import User
from server.actions.live import ADMITTED, LiveSession
from server.errors import AppError, not_found
from server.keys import Services
from server.permissions import Action, check, is_allowed, roles_for

log = logging.getLogger("balint.media")
PEER_GONE = "That person is not in the room now."


def turn_credential(secret: str, label: str, expires_at: int) -> tuple[str, str]:
    """coturn's REST credential: the username carries its expiry, the password proves it."""
    username = f"{expires_at}:{label}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


async def ice_servers(svc: Services, entry: rooms.RoomEntry, live: LiveSession,
                      user: User) -> dict[str, Any]:
    """What a member's browser needs to reach the others: TURN servers with a fresh credential
    (none when no TURN is configured), and when to ask again."""
    check(entry.roles, Action.MEDIA_SIGNAL)
    config = svc.config
    if not config.turn_urls:
        return {"ice_servers": [], "refresh_in": None, "relay_only": False}
    secret = await turn_secrets.current(config)
    ttl = config.turn_ttl_seconds
    # coturn compares the expiry with its own wall clock, not the app's (test) clock.
    expires_at = int(time.time()) + ttl
    label = hmac.new(secret.encode(), f"{live.session_id}/{user.id}".encode(),
                     hashlib.sha256).hexdigest()[:16]
    username, credential = turn_credential(secret, label, expires_at)
    return {"ice_servers": [{"urls": list(config.turn_urls), "username": username,
                             "credential": credential}],
            # Asked again at two thirds of its life: a slow answer still finds it valid.
            "refresh_in": ttl * 2 // 3 if ttl > 0 else None, "relay_only": config.turn_relay_only}


async def removed(svc: Services, live: LiveSession, user_id: str) -> None:
    """A member was removed: every page in the room closes its connection to them at once
    (not only when presence drops them, which a server restart does too), and their relay
    pass is revoked where coturn allows it."""
    await svc.sio.emit("media_removed", {"session_id": live.session_id, "user_id": user_id},
                       room=rooms.room_name(live.session_id))
    await revoke_passes(svc)


async def revoke_passes(svc: Services) -> None:
    """Someone was removed, or a session ended: with coturn's userdb (server/turn_secrets.py)
    the secret changes, so every pass handed out so far is refused for any new allocation,
    and the people still admitted to an open session are told to ask for a fresh one. (Calls
    already relayed go on: coturn keeps the key of an allocation it has made.) With a static
    secret nothing can be revoked: the last pass works until its expiry."""
    if not await turn_secrets.rotate(svc.config):
        return
    for row in await svc.db.fetch_all("SELECT id FROM sessions WHERE state = 'open'"):
        await svc.sio.emit("media_credentials_renew", {"session_id": row["id"]},
                           room=rooms.room_name(row["id"]))
    log.info("event=turn_secret_rotated")


async def relay(svc: Services, entry: rooms.RoomEntry, live: LiveSession, user: User,
                signal: payloads.MediaSignal) -> None:
    """Pass one WebRTC message to one other admitted person in this room."""
    check(entry.roles, Action.MEDIA_SIGNAL)
    if signal.to == user.id or not live.is_admitted(signal.to):
        raise not_found("peer_not_in_room", PEER_GONE)
    out: dict[str, Any] = {"session_id": live.session_id, "from": user.id,
                           "peer": signal.peer, "kind": signal.kind}
    if signal.sdp is not None:
        out["sdp"] = signal.sdp
    if signal.candidate is not None:
        out["candidate"] = {k: v for k, v in
                            (("candidate", signal.candidate.candidate),
                             ("sdpMid", signal.candidate.sdpMid),
                             ("sdpMLineIndex", signal.candidate.sdpMLineIndex),
                             ("usernameFragment", signal.candidate.usernameFragment))
                            if v is not None}
    if signal.state is not None:
        out["state"] = {"mic": signal.state.mic, "camera": signal.state.camera}
    await svc.sio.emit("media_signal", out, room=rooms.user_room(signal.to))


async def mute_microphones(svc: Services, entry: rooms.RoomEntry, live: LiveSession,
                           user: User, user_id: str | None) -> dict[str, int]:
    """A facilitator turns off one member's microphone, or every member's (no user_id). The
    person's own page does it, and only they turn it back on: the norm of every video call."""
    check(entry.roles, Action.MUTE)
    if user_id is not None:
        person = live.participants.get(user_id)
        if person is None or person.status != ADMITTED:
            raise not_found("not_in_session", "That person is not in this session.")
        if not is_allowed(roles_for(membership_role=person.role), Action.BE_MODERATED):
            raise AppError("facilitator_protected", "Facilitators cannot mute each other.", 403)
        targets = [user_id]
    else:
        targets = [p.user_id for p in live.participants.values() if p.status == ADMITTED
                   and is_allowed(roles_for(membership_role=p.role), Action.BE_MODERATED)]
    for target in targets:
        await svc.sio.emit("microphone_muted", {"session_id": live.session_id,
                                                "by": user.display_name},
                           room=rooms.user_room(target))
    # Everyone else's page stops playing them until they turn their microphone on again
    # themselves (their page says so): in a mesh, what honest pages play is the only check.
    if targets:
        await svc.sio.emit("microphones_muted", {"session_id": live.session_id,
                                                 "user_ids": targets},
                           room=rooms.room_name(live.session_id))
    return {"muted": len(targets)}
