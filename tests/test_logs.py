"""Logs say what happened, never what was said: a canary through every path, and none comes out.

The real server runs as `balint serve` at DEBUG level, its stdout and stderr captured whole.
Every way a person's words, names or secrets reach the server carries a unique canary: chat,
the facilitators' channel, display and sign-in names, programme, group and session names,
ground rules, retention and attendance settings, case notes (sealed, and as broken envelopes),
pause notes, redacted messages, supervisors, attendance corrections and certificates,
passwords, invitation tokens, cookies, CSRF tokens, headers, and refused input of every kind.
Then every line of output is scanned for every canary, and every log line must be structured
(`key=value` words only) with no traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from typing import Any

import aiohttp
import pytest
import socketio

from server import ids
from server.actions import accounts
from server.notes_client import NotesClient
from tests.browser.conftest import ServerProcess
from tests.support import ApiClient

SECRET = "a perfectly ordinary password"  # not a canary: sent only to be checked
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) "
                  r"(\S+) (.*)$")
STRUCTURED = re.compile(r"^(?:[a-z_]+=\S*)(?: [a-z_]+=\S*)*$")


class Canaries:
    """Unique marks, each named for the path it travels; lower-case letters and digits so they
    also make valid sign-in names."""

    def __init__(self) -> None:
        self.by_path: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        mark = f"cnry{re.sub('[^a-z0-9]', '', path.lower())[:12]}{secrets.token_hex(6)}"
        self.by_path[path] = mark
        return mark

    def secret(self, path: str, value: str) -> str:
        """Watch for a value the server made (a token, a cookie), and for its stored hash."""
        self.by_path[path] = value
        self.by_path[f"{path} (hash)"] = ids.token_hash(value).hex()
        return value


class Room:
    """One person's socket, speaking the client's protocol."""

    def __init__(self, url: str, api: ApiClient) -> None:
        self.url, self.api = url, api
        self.sio = socketio.AsyncClient(reconnection=False)

    async def open(self, extra: dict[str, str] | None = None) -> Room:
        await self.sio.connect(self.url, transports=["websocket"], wait_timeout=5,
                               headers={"Cookie": f"balint_session={self.api.cookie()}",
                                        **(extra or {})})
        return self

    async def call(self, event: str, data: Any = None) -> dict[str, Any]:
        reply: dict[str, Any] = await self.sio.call(event, data, timeout=10)
        return reply

    async def ok(self, event: str, data: Any = None) -> Any:
        reply = await self.call(event, data)
        assert reply["ok"], (event, reply)
        return reply["data"]

    async def refused(self, event: str, data: Any = None) -> str:
        reply = await self.call(event, data)
        assert reply["ok"] is False, (event, reply)
        return str(reply["error"]["code"])


class Account(ApiClient):
    """A signed-up person's browser-like client, knowing who it signed in as."""

    user_id = ""


async def sign_up(url: str, link: str, username: str, name: str, password: str) -> Account:
    api = Account(url)
    status, reply = await api.post("/api/invitations/accept", {
        "token": accounts.token_from_link(link), "username": username, "display_name": name,
        "password": password})
    assert status == 200, reply
    api.user_id = reply["data"]["user_id"]
    return api


async def refused(api: ApiClient, method: str, path: str, body: Any = None,
                  headers: dict[str, str] | None = None) -> str:
    status, reply = await api.request(method, path, body, headers)
    assert status >= 400 and reply["ok"] is False, (path, reply)
    return str(reply["error"]["code"])


async def raw(url: str, method: str, path: str, data: bytes,
              headers: dict[str, str] | None = None) -> int:
    async with aiohttp.ClientSession() as http, http.request(
            method, url + path, data=data, headers=headers) as resp:
        return resp.status


async def drive_everything(url: str, first_invite: str, c: Canaries) -> list[ApiClient]:
    """Use every path once with canaries, the happy way and the refused way."""
    # --- accounts, invitations and names ------------------------------------------------------
    admin = await sign_up(url, first_invite, c("admin username"), c("admin display name"),
                          c("admin password"))
    _, reply = await admin.post("/api/programmes", {"name": c("programme name")})
    programme = reply["data"]["id"]
    _, reply = await admin.post("/api/groups", {"programme_id": programme,
                                                "name": c("group name")})
    group = reply["data"]["id"]

    async def invitation(role: str) -> str:
        _, reply = await admin.post(f"/api/groups/{group}/invitations", {"role": role})
        link = reply["data"]["link"]
        c.secret(f"invitation token {role} {secrets.token_hex(2)}",
                 accounts.token_from_link(link))
        return str(link)

    fac_link = await invitation("facilitator")
    _, info = await admin.post("/api/invitations/info",
                               {"token": accounts.token_from_link(fac_link)})
    assert info["ok"]
    fiona = await sign_up(url, fac_link, c("facilitator username"),
                          c("facilitator display name"), SECRET)
    tom_link = await invitation("member")
    tom = await sign_up(url, tom_link, c("member username"), c("member display name"), SECRET)
    tara = await sign_up(url, await invitation("member"), c("second member username"),
                         c("second member display name"), SECRET)
    # Refused invitations: reused, unknown, bad fields.
    assert await refused(ApiClient(url), "POST", "/api/invitations/accept", {
        "token": accounts.token_from_link(tom_link), "username": c("reused invite username"),
        "display_name": c("reused invite name"), "password": c("reused invite password")}) \
        == "invite_used"
    stranger = ApiClient(url)
    assert await refused(stranger, "POST", "/api/invitations/info",
                         {"token": c("unknown invitation token")}) == "invite_unknown"
    spare = await invitation("member")
    for body in ({"username": "x", "display_name": c("bad username name")},
                 {"username": c("weak password user"), "display_name": "Weak",
                  "password": "too short"},
                 {"username": c("control char user"), "display_name":
                  c("control char name") + "\x00"}):
        await refused(stranger, "POST", "/api/invitations/accept",
                      {"token": accounts.token_from_link(spare), "password": SECRET, **body})

    # --- sign-in, its failures and its throttle -----------------------------------------------
    for i in range(7):
        await refused(stranger, "POST", "/api/sign-in",
                      {"username": c(f"unknown username {i}"), "password": c(f"guess {i}")})
    await refused(ApiClient(url), "POST", "/api/sign-in",
                  {"username": "x" * 3, "password": c("wrong password for admin")})
    second = ApiClient(url)
    status, _ = await second.post("/api/sign-in", {"username": c.by_path["member username"],
                                                   "password": SECRET})
    assert status == 200

    # --- headers and bodies nobody should keep ------------------------------------------------
    for name in ("User-Agent", "Referer", "X-Forwarded-For", "Origin"):
        await raw(url, "GET", "/api/me", b"", {name: f"https://{c(f'header {name}')}.example/"})
    # engine.io's own refusals would quote the request: its Origin, a session id. Twice each,
    # since engine.io logs the first of a kind at ERROR and the rest at INFO.
    for i in range(2):
        assert await raw(url, "GET", "/socket.io/?EIO=4&transport=polling", b"",
                         {"Origin": f"https://{c(f'socket origin {i}')}.example"}) == 400
        assert await raw(url, "GET", f"/socket.io/?EIO=4&transport=polling&sid="
                         f"{c(f'engine.io session id {i}')}", b"") == 400
    await refused(tom, "POST", f"/api/groups/{group}/sessions", {"title": "x"},
                  {"X-CSRF-Token": c("forged csrf token")})
    await refused(tom, "POST", f"/api/groups/{group}/sessions", {"title": "x"},
                  {"Origin": f"https://{c('foreign origin')}.example"})
    assert await raw(url, "POST", "/api/sign-in", b'{"username": "' + c("bad json").encode()
                     + b'", ') == 400
    assert await raw(url, "POST", "/api/sign-in", c("not json at all").encode()
                     + b"\xff\xfe") == 400
    await refused(stranger, "GET", f"/api/groups/{c('group id in path')}/settings")
    await raw(url, "GET", f"/nothing/{c('unknown path')}?q={c('query string')}", b"")
    await raw(url, "GET", f"/static/{c('unknown static file')}.js", b"")
    await refused(stranger, "POST", "/api/programmes", {"name": c("programme by stranger")})

    # --- the facilitator's forms: sessions, settings, retention -------------------------------
    _, reply = await fiona.post(f"/api/groups/{group}/sessions", {"title": c("session title")})
    session_id = reply["data"]["id"]
    await refused(fiona, "POST", f"/api/groups/{group}/sessions",
                  {"title": c("too long title") * 20})
    status, _ = await fiona.request("PUT", f"/api/groups/{group}/settings", {
        "ground_rules": f"{c('ground rules line one')}\n{c('ground rules line two')}",
        "retention": {"chat_hours": 2, "facilitator_days": 3, "note_days": 4}})
    assert status == 200
    await refused(fiona, "PUT", f"/api/groups/{group}/settings",
                  {c("unknown setting"): c("unknown setting value")})
    await refused(fiona, "PUT", f"/api/groups/{group}/settings",
                  {"retention": {"chat_hours": c("retention as text")}})
    await refused(fiona, "PUT", f"/api/groups/{group}/settings",
                  {"durations": {c("unknown phase"): 3}})
    status, _ = await admin.request("PUT", f"/api/programmes/{programme}/retention-limits",
                                    {"max_note_days": 60})
    assert status == 200
    await refused(admin, "PUT", f"/api/programmes/{programme}/retention-limits",
                  {c("unknown limit"): 1})
    await refused(admin, "PUT", f"/api/programmes/{programme}/attendance-settings",
                  {"expected_rate": c("rate as text")})

    # --- the room ------------------------------------------------------------------------------
    fac = await Room(url, fiona).open()
    await fac.ok("join", {"session_id": session_id})
    member = await Room(url, tom).open({"User-Agent": c("socket user agent")})
    await member.ok("accept_rules", {"session_id": session_id})
    assert (await member.ok("join", {"session_id": session_id}))["status"] == "waiting"
    other = await Room(url, tara).open()
    await other.ok("accept_rules", {"session_id": session_id})
    await other.ok("join", {"session_id": session_id})
    await fac.ok("admit", {"session_id": session_id, "user_id": tom.user_id, "admit": True})
    await fac.ok("admit", {"session_id": session_id, "user_id": tara.user_id})
    await member.ok("join", {"session_id": session_id})
    await other.ok("join", {"session_id": session_id})
    await fac.ok("flow", {"session_id": session_id, "action": "start"})
    await member.ok("send", {"session_id": session_id, "client_id": "client-id-0001",
                             "text": c("chat message")})
    await member.ok("send", {"session_id": session_id, "client_id": "client-id-0001",
                             "text": c("resent chat message")})  # the same id: stored once
    redacted = await other.ok("send", {"session_id": session_id, "client_id": "client-id-0002",
                                       "text": c("redacted message")})
    await fac.ok("redact", {"session_id": session_id, "seq": redacted["seq"]})
    await fac.ok("send", {"session_id": session_id, "client_id": "client-id-0003",
                          "text": c("facilitator channel"), "channel": "facilitators"})
    await member.ok("hand", {"session_id": session_id, "raised": True})
    await member.ok("pause_signal", {"session_id": session_id, "note": c("pause note")})
    await fac.ok("give_floor", {"session_id": session_id, "user_id": tom.user_id})
    await fac.ok("mute", {"session_id": session_id, "user_id": tara.user_id, "muted": True})
    await fac.ok("mute", {"session_id": session_id, "user_id": tara.user_id, "muted": False})
    await fac.ok("history", {"session_id": session_id, "since_seq": 0})
    for event, data in (
            ("send", {"session_id": session_id, "client_id": "client-id-0004",
                      "text": c("too long message") * 400}),
            ("send", {"session_id": session_id, "client_id": c("bad client id") + "!",
                      "text": c("message with bad id")}),
            ("send", {"session_id": session_id, "client_id": "client-id-0005",
                      "text": c("control char message") + "\x00"}),
            ("send", {"session_id": session_id, "client_id": "client-id-0006",
                      "text": c("wrong channel message"), "channel": c("channel name")}),
            ("join", {"session_id": c("unknown session id")}),
            ("pause_signal", {"session_id": session_id, "note": c("too long pause") * 20}),
            ("flow", {"session_id": session_id, "action": c("unknown flow action")}),
            ("redact", {"session_id": session_id, "seq": c("seq as text")}),
            ("mute", {"session_id": session_id, "user_id": c("unknown user id"),
                      "muted": True}),
            ("history", [c("list payload")]),
            ("hand", c("string payload")),
    ):
        await (fac if event in {"flow", "redact", "mute"} else member).refused(event, data)
    await member.sio.emit(c("unknown event name"), {"text": c("unknown event payload")})
    await member.refused("history", {"session_id": "none", "since_seq": 0})  # a barrier
    # A socket with a forged cookie is refused before any event.
    forged = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await forged.connect(url, transports=["websocket"], wait_timeout=5,
                             headers={"Cookie": f"balint_session={c('forged cookie')}"})

    # --- case notes: sealed in the client; broken envelopes refused ---------------------------
    notes = NotesClient(url, fiona.http, fiona.csrf)
    await notes.create_key(c("notes passphrase"))
    note_id = await notes.write(session_id, c("note text") + "\n" + c("note body"),
                                "facilitators")
    assert (next(n.text for n in await notes.read(session_id)) or "").startswith("cnry")
    await refused(fiona, "POST", f"/api/sessions/{session_id}/notes",
                  {"note_id": "A" * 22, "audience": "group", "envelope": c("bad envelope")})
    await refused(fiona, "POST", f"/api/notes/{note_id}/readers",
                  {"envelope": c("bad reader envelope")})
    await refused(fiona, "PUT", "/api/notes/key", {"public_key": c("bad public key"),
                                                   "backup": c("bad key backup")})
    await refused(fiona, "GET", f"/api/sessions/{session_id}/notes/recipients?audience="
                  + c("bad audience"))

    # --- attendance, supervisors, certificates ------------------------------------------------
    await member.ok("hand", {"session_id": session_id, "raised": False})
    await fac.ok("flow", {"session_id": session_id, "action": "end"})
    for room in (fac, member, other):
        await room.sio.disconnect()
    status, _ = await fiona.get(f"/api/groups/{group}/register")
    assert status == 200
    status, _ = await fiona.post(f"/api/sessions/{session_id}/register/corrections", {
        "user_id": tom.user_id, "present": True, "minutes": 0,
        "reason": c("correction reason")})
    assert status == 201
    await refused(fiona, "POST", f"/api/sessions/{session_id}/register/corrections", {
        "user_id": tom.user_id, "present": True, "minutes": 99999,
        "reason": c("refused correction reason")})
    status, _ = await tom.request("PUT", "/api/me/supervisor", {
        "name": c("supervisor name"), "email": f"{c('supervisor email')}@nhs.example"})
    assert status == 200
    await refused(tom, "PUT", "/api/me/supervisor", {"name": c("supervisor bad"),
                                                     "email": c("email without at")})
    await tom.get("/api/me/attendance")
    status, cert = await tom.get(f"/api/me/certificates/{group}")
    assert status == 200
    status, _ = await stranger.post("/api/verify", cert["data"])
    assert status == 200
    forged_cert = json.loads(json.dumps(cert["data"]))
    forged_cert["certificate"]["trainee"] = c("forged certificate name")
    await stranger.post("/api/verify", forged_cert)
    _, verdict = await stranger.post("/api/verify", {"certificate": c("not a certificate")})
    assert verdict["data"]["valid"] is False
    await admin.get(f"/api/programmes/{programme}/attendance")
    async with admin.http.get(f"{url}/api/programmes/{programme}/attendance.csv"
                              f"?from={c('term from')}") as resp:
        assert resp.status == 400  # a term that is not a date
    async with admin.http.get(f"{url}/api/programmes/{programme}/attendance.csv") as resp:
        assert resp.status == 200 and c.by_path["group name"] in await resp.text()
    await admin.post(f"/api/programmes/{programme}/supervisor-notifications",
                     {"group_id": group, "pseudonym": c("pseudonym")})

    # --- terms, apologies, calendars, reminders (issue 23) ------------------------------------
    status, term = await fiona.post(f"/api/groups/{group}/terms", {
        "first_date": "2031-01-07", "start_time": "19:00", "every_weeks": 2, "count": 3,
        "minutes": 90})
    assert status == 201
    slot = term["data"]["sessions"][0]["id"]
    await refused(fiona, "PUT", f"/api/groups/{group}/schedule-settings",
                  {"timezone": c("time zone")})
    await refused(fiona, "POST", f"/api/groups/{group}/terms", {
        "first_date": c("term date"), "start_time": "19:00", "every_weeks": 2, "count": 3,
        "minutes": 90})
    status, _ = await tom.request("PUT", f"/api/scheduled/{slot}/apologies",
                                  {"reason": c("apology reason")})
    assert status == 200
    await fiona.get(f"/api/groups/{group}/schedule")
    _, feed = await tom.post("/api/me/calendar-feed")
    feed_url = feed["data"]["url"]
    c.secret("calendar feed token", feed_url.rsplit("/", 1)[1].removesuffix(".ics"))
    async with stranger.http.get(feed_url) as resp:
        assert resp.status == 200
    async with stranger.http.get(f"{url}/calendar/{c('unknown feed token')}.ics") as resp:
        assert resp.status == 404
    status, _ = await tom.request("PUT", "/api/me/reminders",
                                  {"email": f"{c('reminder email')}@nhs.example"})
    assert status == 200

    # --- password change and sign-out ---------------------------------------------------------
    await refused(tom, "POST", "/api/me/password", {
        "current_password": c("wrong current password"), "new_password": c("new password 1")})
    status, _ = await tom.post("/api/me/password", {
        "current_password": SECRET, "new_password": c("new password")})
    assert status == 200
    await refused(second, "GET", "/api/me")  # ended by the change
    await tom.post("/api/sign-out")

    people = [admin, fiona, tom, tara, second, stranger]
    for api in people:
        if api.cookie():
            c.secret(f"cookie {secrets.token_hex(2)}", api.cookie())
        if api.csrf:
            c.by_path[f"csrf token {secrets.token_hex(2)}"] = api.csrf
    return people


async def test_no_canary_reaches_any_log(live_server: ServerProcess) -> None:
    """Every path, every canary: none in the server's output, and every log line is
    structured."""
    canaries = Canaries()
    people = await drive_everything(live_server.url, live_server.first_invite, canaries)
    for api in people:
        await api.close()
    await asyncio.sleep(0.5)  # the last access-log lines
    live_server.process.terminate()
    live_server.process.wait(timeout=10)
    output = live_server.logs() + (live_server.log_path.parent / "server.out").read_text("utf-8")
    assert len(canaries.by_path) > 120
    leaked = sorted(path for path, mark in canaries.by_path.items() if mark in output)
    assert leaked == [], f"canaries in the logs: {leaked}"
    assert "Traceback" not in output

    lines = [line for line in live_server.logs().splitlines() if line.strip()]
    assert len(lines) > 100, "expected the server to log the traffic"
    unstructured = []
    for line in lines:
        found = LINE.match(line)
        if found and found.group(2) == "asyncio" and found.group(1) == "DEBUG":
            continue  # "Using selector: EpollSelector"
        if not found or not STRUCTURED.match(found.group(3).strip()):
            unstructured.append(line)
    assert unstructured == []
    assert any("event=http method=POST route=sign_in status=401" in line for line in lines)
    assert any("event=send outcome=refused code=too_long" in line for line in lines)
    assert any("engineio.server event=socket outcome=refused code=bad_origin" in line
               for line in lines)
    assert any("engineio.server event=socket outcome=refused code=bad_sid" in line
               for line in lines)


def test_engineio_lines_keep_their_kind_and_lose_their_words() -> None:
    from server.logs import EngineioRefusals

    def filtered(msg: str, *args: Any) -> str:
        record = logging.LogRecord("engineio.server", logging.ERROR, __file__, 1, msg, args,
                                   None)
        assert EngineioRefusals().filter(record)
        return record.getMessage()

    assert filtered("https://evil.example is not an accepted origin. (further occurrences "
                    "of this error will be logged with level INFO)") == (
        "event=socket outcome=refused code=bad_origin")
    assert filtered("Invalid session %s", "secret-sid") == (
        "event=socket outcome=refused code=bad_sid")
    assert filtered("message async handler error: %s", "whatever was sent") == (
        "event=socket outcome=failed code=engineio_error")


def _raw_request(url: str, request: bytes) -> tuple[str, dict[str, str], bytes]:
    """Send bytes as they are (no client would send this) and read the whole answer."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(url)
    with socket.create_connection((where.hostname or "", where.port or 80), timeout=5) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip()
               for k, v in (line.split(":", 1) for line in header_lines)}
    return status, headers, body


async def test_a_request_line_too_long_is_refused_plainly_and_logged_in_one_line(
        live_server: ServerProcess) -> None:
    """A crafted link can put thousands of characters into an API path. aiohttp refuses a
    request line over 8,190 bytes itself, before our app routes it: that answer carries the
    security headers like every other, says nothing of the path, and leaves one structured
    log line, not a traceback quoting the path."""
    canary = "tooLongCanary" + secrets.token_hex(4)
    line = b"GET /api/groups/" + canary.encode() + b"x" * 9000 + b" HTTP/1.1\r\n"
    status, headers, body = await asyncio.to_thread(
        _raw_request, live_server.url, line + b"Host: localhost\r\nConnection: close\r\n\r\n")
    assert status.startswith("HTTP/1.") and " 400 " in status + " "
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body)["error"]["code"] == "bad_request"
    assert canary.encode() not in body
    # The server still answers afterwards.
    async with aiohttp.ClientSession() as http, http.get(live_server.url + "/healthz") as resp:
        assert resp.status == 200
    await asyncio.sleep(0.3)
    output = live_server.logs()
    assert "Traceback" not in output and "Unhandled exception" not in output, output[-3000:]
    assert canary not in output
    assert "event=http method=UNKNOWN route=none status=400" in output
