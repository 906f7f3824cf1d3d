"""Attendance certificates: canonical JSON, Ed25519 signatures, key rotation and /api/verify."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from server import payloads, signing_keys
from server.crypto import certificates
from server.crypto.certificates import CHANGED, CanonicalError, canonical
from tests.conftest import Cast
from tests.support import ApiClient, LiveServer, Member, Person

ROOT = Path(__file__).resolve().parents[1]
CHANGED_REASON = "The signature does not match: the certificate was changed after it was issued."


def test_canonical_json_is_sorted_compact_utf8_and_whole_numbers_only() -> None:
    """One byte string per value: what both signer and checker sign."""
    assert canonical({"b": 1, "a": "Zoë", "c": [True, None]}) == \
        '{"a":"Zoë","b":1,"c":[true,null]}'.encode()
    for bad in ({"minutes": 1.5}, {1: "x"}, {"x": float("nan")}):
        with pytest.raises(CanonicalError):
            canonical(bad)


def test_a_signature_covers_every_field_but_not_the_layout() -> None:
    """Re-indenting keeps a certificate valid; changing, adding or re-keying anything does not."""
    key = certificates.new_key()
    doc = certificates.sign({"trainee": "Tom", "minutes": 55}, key)
    keys = {doc["signature"]["key_id"]: certificates.raw_public(key)}
    assert certificates.verify(payloads.certificate(doc), keys).valid
    relaid = json.loads(json.dumps(doc, indent=4))  # re-indented, as an e-portfolio might
    assert certificates.verify(payloads.certificate(relaid), keys).valid
    for change in ({"minutes": 56}, {"trainee": "Tim"}, {"extra": 1}):
        changed = copy.deepcopy(doc)
        changed["certificate"].update(change)
        verdict = certificates.verify(payloads.certificate(changed), keys)
        assert (verdict.valid, verdict.code, verdict.reason) == (False, *CHANGED)
    assert certificates.verify(payloads.certificate(doc), {}).code == "unknown_key"
    hello = payloads.certificate({"hello": 1})
    assert certificates.verify(hello, keys).code == "not_a_certificate"
    assert CHANGED[1] == CHANGED_REASON


async def attend(cast: Cast, minutes: int) -> None:
    """Fiona and Tom meet for `minutes`; the session ends."""
    server, sid = cast.server, cast.session_id
    members = []
    for person in (cast.facilitator, cast.trainee):
        m: Member = await person.connect(server)
        await m.ok("accept_rules", {"session_id": sid})
        await m.ok("join", {"session_id": sid})
        members.append(m)
    server.clock.advance(minutes * 60)
    await members[0].ok("flow", {"session_id": sid, "action": "end"})


async def certificate(person: Person, group_id: str) -> dict[str, Any]:
    status, reply = await person.api.get(f"/api/me/certificates/{group_id}")
    assert status == 200, reply
    document: dict[str, Any] = reply["data"]
    return document


async def verify(server: LiveServer, document: Any) -> dict[str, Any]:
    stranger = ApiClient(server.url)  # an assessor needs no account
    try:
        status, reply = await stranger.post("/api/verify", document)
    finally:
        await stranger.close()
    assert status == 200, reply
    result: dict[str, Any] = reply["data"]
    return result


async def test_a_certificate_verifies_and_a_changed_one_fails_clearly(cast: Cast) -> None:
    """The trainee's certificate names them, their group, programme, dates and minutes; it
    verifies; a changed minute count, date or key id fails with a reason a person can read."""
    await attend(cast, 75)
    doc = await certificate(cast.trainee, cast.group_id)
    body = doc["certificate"]
    assert (body["trainee"], body["group"], body["programme"]) == (
        "Tom", "Tuesday Balint group", "North Thames GP Training")
    assert [s["minutes"] for s in body["sessions"]] == [75] and body["total_minutes"] == 75
    assert body["sessions_attended"] == body["sessions_expected"] == 1
    result = await verify(cast.server, doc)
    assert result["valid"] and result["certificate"] == body

    more = copy.deepcopy(doc)
    more["certificate"]["sessions"][0]["minutes"] = 90
    result = await verify(cast.server, more)
    assert (result["valid"], result["code"], result["reason"]) == (
        False, "signature_mismatch", CHANGED_REASON)
    moved = copy.deepcopy(doc)
    moved["certificate"]["sessions"][0]["date"] = "2020-01-01"
    assert (await verify(cast.server, moved))["reason"] == CHANGED_REASON
    fractional = copy.deepcopy(doc)
    fractional["certificate"]["total_minutes"] = 75.5
    assert (await verify(cast.server, fractional))["code"] == "signature_mismatch"
    stranger_key = copy.deepcopy(doc)
    stranger_key["signature"]["key_id"] = "0123456789abcdef"
    result = await verify(cast.server, stranger_key)
    assert result["code"] == "unknown_key" and "never published" in result["reason"]
    result = await verify(cast.server, {"certificate": "hello"})
    assert result["code"] == "not_a_certificate"

    async with cast.trainee.api.http.get(
            f"{cast.server.url}/api/me/certificates/{cast.group_id}?download=1") as resp:
        assert resp.headers["Content-Disposition"].startswith('attachment; filename="attendance')
        downloaded = json.loads(await resp.read())
    assert (await verify(cast.server, downloaded))["valid"]
    key_file = cast.server.config.data_dir / signing_keys.FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Someone outside the group gets no certificate for it.
    status, reply = await cast.outsider.api.get(f"/api/me/certificates/{cast.group_id}")
    assert (status, reply["error"]["code"]) == (403, "not_a_member")


async def test_a_certificate_signed_before_key_rotation_still_verifies(cast: Cast) -> None:
    """`balint rotate-certificate-key` makes a new current key; old certificates still verify
    and the old private key is gone from the file."""
    await attend(cast, 60)
    before = await certificate(cast.trainee, cast.group_id)
    env = {**os.environ, "BALINT_DATA_DIR": str(cast.server.config.data_dir),
           "PYTHONPATH": str(ROOT)}
    cli = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server", "rotate-certificate-key", env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(cli.communicate(), 60)
    assert cli.returncode == 0
    new_id = out.decode().strip()
    assert new_id and new_id != before["signature"]["key_id"]
    after = await certificate(cast.trainee, cast.group_id)
    assert after["signature"]["key_id"] == new_id
    assert (await verify(cast.server, before))["valid"]
    assert (await verify(cast.server, after))["valid"]

    anyone = ApiClient(cast.server.url)
    status, reply = await anyone.get("/api/certificate-keys")
    await anyone.close()
    assert status == 200
    keys = reply["data"]["keys"]
    assert [(k["key_id"], k["current"]) for k in keys] == [
        (before["signature"]["key_id"], False), (new_id, True)]
    assert all(k["algorithm"] == "Ed25519" and "private" not in json.dumps(k) for k in keys)
    stored = json.loads((cast.server.config.data_dir / signing_keys.FILE_NAME).read_text())
    assert [("private_key" in k) for k in stored["keys"]] == [False, True]
