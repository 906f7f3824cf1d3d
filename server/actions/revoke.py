"""Closing the sockets of sign-ins that have ended (sign-out, password change, expiry).

A socket checks the sign-in cookie once, when it connects; deleting the sign-in afterwards does
not reach it. So whoever ends a sign-in closes its sockets too: a stolen cookie that already had
a socket open loses it at the moment the owner signs out or changes their password, and the
sweeper ends expired sign-ins the same way (within BALINT_SWEEP_SECONDS of their end). Sockets are
matched to sign-ins by the cookie they connected with (hashed, as the store keeps it), and every
worker closes the ones it holds.
"""

from __future__ import annotations

from typing import Any

from server import ids
from server.actions import rooms
from server.cookie import socket_token
from server.keys import Services


def _signed_in_with(environ: dict[str, Any] | None) -> str | None:
    """The sign-in a socket connected with, named as `token_ref` names it."""
    token = socket_token(environ)
    return token_ref(token) if token else None


async def close_sockets(svc: Services, user_id: str, *, only: str | None = None,
                        keep: str | None = None) -> None:
    """Close this person's sockets opened with the sign-in hashed `only` (every sign-in when
    None), except those of the sign-in hashed `keep`, on this worker and on the others."""
    await close_sockets_here(svc, user_id, only=only, keep=keep)
    await svc.cluster.tell("close_sockets", user=user_id, only=only, keep=keep)


async def close_sockets_here(svc: Services, user_id: str, *, only: str | None = None,
                             keep: str | None = None) -> None:
    for sid, _ in list(svc.sio.manager.get_participants("/", rooms.user_room(user_id))):
        signed_in = _signed_in_with(svc.sio.get_environ(sid))
        if (only is None or signed_in == only) and (keep is None or signed_in != keep):
            await svc.sio.disconnect(sid)


async def end_expired_sign_ins(svc: Services, now: float) -> int:
    """Delete the sign-ins past their end and close their sockets; returns how many."""
    async with svc.db.write() as conn:
        async with conn.execute(
            "DELETE FROM auth_sessions WHERE expires_at <= ? RETURNING token_hash, user_id",
            (now,),
        ) as cur:
            rows = list(await cur.fetchall())
    for row in rows:
        await close_sockets(svc, row["user_id"], only=bytes(row["token_hash"]).hex())
    return len(rows)


def token_ref(token: str) -> str:
    """How a sign-in is named between workers: its hash, never the cookie itself."""
    return ids.token_hash(token).hex()
