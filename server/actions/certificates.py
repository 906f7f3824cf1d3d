"""Attendance certificates: issued to a trainee for one group and term, signed with the
service's current Ed25519 key, and checked by anyone against the published public keys.

What a certificate says is meant for an e-portfolio: the name the trainee chose for
certificates (their display name until they set one), the group and programme, and each
attended session's start and end (UTC in the signed file; the page words them in UK time).
A printed copy carries a QR code whose link holds the whole signed document, compressed, in the
URL fragment: opening it checks the certificate without it ever reaching a server log.
"""

from __future__ import annotations

import base64
import io
import zlib
from datetime import UTC, datetime
from typing import Any

import segno

from server import attendance, payloads, signing_keys, validate
from server.actions import attendance as recorded
from server.actions.accounts import User
from server.actions.roles import group_roles
from server.crypto import certificates
from server.errors import bad_request
from server.keys import Services
from server.permissions import Action, check

MAX_NAME = 120


def _iso(when: float | None) -> str | None:
    if when is None:
        return None
    return datetime.fromtimestamp(when, UTC).replace(microsecond=0).isoformat()


async def certificate_name(svc: Services, user: User) -> dict[str, Any]:
    chosen = await svc.db.fetch_value("SELECT certificate_name FROM users WHERE id = ?",
                                      (user.id,))
    return {"certificate_name": chosen, "display_name": user.display_name,
            "on_certificates": chosen or user.display_name}


async def set_certificate_name(svc: Services, user: User,
                               data: payloads.CertificateName) -> dict[str, Any]:
    """The trainee's name as it should read on their certificates ("Dr Priya Shah"); the group
    never sees it. An empty name goes back to the display name."""
    raw = data.certificate_name.strip()
    name = validate.clean_text(raw, "name on certificates", MAX_NAME) if raw else None
    await svc.db.execute_write("UPDATE users SET certificate_name = ? WHERE id = ?",
                               (name, user.id))
    return await certificate_name(svc, user)


async def issue(svc: Services, user: User, group_id: str,
                params: dict[str, str]) -> dict[str, Any]:
    """A signed certificate of my attendance in `group_id` over the term (ended sessions)."""
    check(await group_roles(svc, user, group_id), Action.SEE_OWN_ATTENDANCE)
    now = svc.clock.now()
    start, end = attendance.term(params, now)
    records = await recorded.load(svc, [group_id], *attendance.term_bounds(start, end),
                                  ended_only=True, user_id=user.id)
    mine = recorded.own_summary(records, user.id)
    names = await svc.db.fetch_one(
        "SELECT g.name AS group_name, p.name AS programme FROM groups g"
        " JOIN programmes p ON p.id = g.programme_id WHERE g.id = ?", (group_id,))
    attended = [s for s in mine["sessions"] if s["present"]]
    body = {
        "issuer": svc.config.base_url,
        "issued_at": _iso(now),
        "trainee": (await certificate_name(svc, user))["on_certificates"],
        "group": names["group_name"] if names else "",
        "programme": names["programme"] if names else "",
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "sessions": [{"date": s["date"], "minutes": s["minutes"], "start": _iso(s["begins"]),
                      "end": _iso(s["ended_at"])} for s in attended],
        "sessions_attended": len(attended),
        "sessions_expected": mine["expected"],
        "total_minutes": sum(s["minutes"] for s in attended),
    }
    private = signing_keys.current(svc.config.data_dir, now)
    return certificates.sign(body, private)


def published(svc: Services) -> list[dict[str, Any]]:
    return [k.to_dict() for k in signing_keys.published(svc.config.data_dir)]


def verify(svc: Services, document: payloads.Certificate | None) -> dict[str, Any]:
    """Whether a pasted certificate was issued here unchanged, and if not, why not."""
    keys = {k.key_id: k.public_key for k in signing_keys.published(svc.config.data_dir)}
    verdict = certificates.verify(document, keys)
    out: dict[str, Any] = {"valid": verdict.valid, "code": verdict.code,
                           "reason": verdict.reason, "key_id": verdict.key_id}
    if verdict.valid and document is not None:
        out["certificate"] = document.certificate
    return out


def pack(document: dict[str, Any]) -> str:
    """The document for a URL fragment: canonical JSON, raw DEFLATE, base64url (the browser
    undoes it with DecompressionStream('deflate-raw'))."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = squeeze.compress(certificates.canonical(document)) + squeeze.flush()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def check_link(svc: Services, document: payloads.Certificate) -> str:
    return f"{svc.config.base_url}/#/verify/{pack(document.document())}"


def qr(svc: Services, document: payloads.Certificate | None) -> dict[str, Any]:
    """A QR code (SVG) and link that open the check page with this certificate in it. Only for
    a certificate that verifies: a printed code must never vouch for a changed one.

    segno, a maintained pure-Python QR encoder, draws it: QR encoding (Reed-Solomon, masking,
    version choice) is easy to get subtly wrong and nothing here should hand-roll it."""
    if document is None or not verify(svc, document)["valid"]:
        raise bad_request("Only an unchanged certificate issued here gets a QR code.",
                          "not_a_valid_certificate")
    link = check_link(svc, document)
    # Level L: the code holds a whole certificate (about 700 characters for a term of weekly
    # sessions), and a printed page is not a scuffed poster. The page sizes it by its modules.
    code = segno.make(link, error="l", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=2, xmldecl=False, svgclass=None, lineclass=None,
              title="QR code: opens the check page with this certificate")
    width, _ = code.symbol_size(scale=1, border=2)
    return {"svg": out.getvalue().decode("ascii"), "link": link, "modules": int(width)}
