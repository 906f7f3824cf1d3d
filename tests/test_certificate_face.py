"""What a certificate says for an e-portfolio: the name chosen for certificates, each session's
start and end, and a QR code whose link holds the whole certificate after the '#'."""

from __future__ import annotations

import base64
import copy
import json
import zlib
from datetime import datetime

from tests.conftest import Cast
from tests.support import ApiClient
from tests.test_certificates import attend, certificate, verify


async def test_name_on_certificates_and_session_times(cast: Cast) -> None:
    await attend(cast, 75)
    api = cast.trainee.api
    _, reply = await api.get("/api/me/certificate-name")
    assert reply["data"] == {"certificate_name": None, "display_name": "Tom",
                             "on_certificates": "Tom"}
    status, reply = await api.request("PUT", "/api/me/certificate-name",
                                      {"certificate_name": "  Dr Thomas Okoro "})
    assert status == 200 and reply["data"]["on_certificates"] == "Dr Thomas Okoro"
    doc = await certificate(cast.trainee, cast.group_id)
    body = doc["certificate"]
    assert body["trainee"] == "Dr Thomas Okoro"
    [session] = body["sessions"]
    start, end = datetime.fromisoformat(session["start"]), datetime.fromisoformat(session["end"])
    assert start.utcoffset() is not None and end > start
    assert (await verify(cast.server, doc))["valid"]
    # The group still sees the display name.
    _, me = await api.get("/api/me")
    assert me["data"]["user"]["display_name"] == "Tom"
    status, reply = await api.request("PUT", "/api/me/certificate-name",
                                      {"certificate_name": "x" * 121})
    assert status == 400
    _, reply = await api.request("PUT", "/api/me/certificate-name", {"certificate_name": ""})
    assert reply["data"]["on_certificates"] == "Tom"


async def test_qr_code_holds_the_certificate_in_the_fragment(cast: Cast) -> None:
    await attend(cast, 75)
    doc = await certificate(cast.trainee, cast.group_id)
    stranger = ApiClient(cast.server.url)
    status, reply = await stranger.post("/api/certificate-qr", doc)
    assert status == 200, reply
    qr = reply["data"]
    assert qr["svg"].startswith("<svg") and "<script" not in qr["svg"]
    prefix = cast.server.url + "/#/verify/"
    assert qr["link"].startswith(prefix)
    packed = qr["link"][len(prefix):]
    raw = zlib.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)), -15)
    assert json.loads(raw) == doc
    changed = copy.deepcopy(doc)
    changed["certificate"]["total_minutes"] += 1
    status, reply = await stranger.post("/api/certificate-qr", changed)
    assert status == 400 and reply["error"]["code"] == "not_a_valid_certificate"
    await stranger.close()
