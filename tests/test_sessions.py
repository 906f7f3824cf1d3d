"""Sign-ins end when they should: after BALINT_SESSION_HOURS, on sign-out and on a password
change, and their open sockets are closed with them."""

from __future__ import annotations

from typing import Any

import pytest
import socketio

from server.actions import sweeper
from tests.conftest import Cast
from tests.session_support import connect
from tests.support import PASSWORD, ApiClient, LiveServer, Member, Person

NEW_PASSWORD = "a new and longer passphrase"


async def second_sign_in(cast: Cast, person: Person, password: str = PASSWORD) -> Person:
    """The same person signed in a second time, as from another computer."""
    api = ApiClient(cast.server.url)
    status, reply = await api.post("/api/sign-in", {"username": person.username,
                                                    "password": password})
    assert status == 200, reply
    return Person(person.username, person.display_name, api, person.user_id)


async def in_room(cast: Cast, person: Person) -> Member:
    client = await connect(person, cast.server)
    await client.ok("accept_rules", {"session_id": cast.session_id})
    await client.ok("join", {"session_id": cast.session_id})
    return client


async def socket_refused(server: LiveServer, cookie: str) -> bool:
    """True when the server refuses a socket for this cookie with `not_signed_in`."""
    client = socketio.AsyncClient(reconnection=False)
    refusals: list[Any] = []
    client.on("connect_error", refusals.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(server.url, transports=["websocket"], wait_timeout=5,
                             headers={"Cookie": f"balint_session={cookie}"})
    return [r["data"]["code"] for r in refusals] == ["not_signed_in"]


async def sign_in_status(server: LiveServer, password: str, username: str = "tom") -> int:
    api = ApiClient(server.url)
    status, _ = await api.post("/api/sign-in", {"username": username, "password": password})
    await api.close()
    return status


async def test_password_change_ends_every_other_sign_in_and_its_sockets(cast: Cast) -> None:
    """Tom changes his password at home: the laptop he left signed in at work is signed out at
    once, its open room closes, and only the new password works from then on."""
    home, work = cast.trainee, await second_sign_in(cast, cast.trainee)
    home_socket, work_socket = await in_room(cast, home), await in_room(cast, work)
    old_cookie, old_csrf, work_cookie = home.api.cookie(), home.api.csrf, work.api.cookie()

    status, reply = await home.api.post("/api/me/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert status == 200, reply
    # This browser was given a fresh sign-in: new cookie, new CSRF token, still signed in.
    assert home.api.cookie() not in ("", old_cookie) and home.api.csrf != old_csrf
    status, me = await home.api.get("/api/me")
    assert status == 200 and me["data"]["user"]["id"] == home.user_id

    # The other sign-in is over: a structured 401, and its socket has been closed.
    status, reply = await work.api.get("/api/me")
    assert status == 401 and reply["error"]["code"] == "not_signed_in"
    await work_socket.wait_for(lambda: not work_socket.sio.connected)
    assert home_socket.sio.connected
    assert (await home_socket.call("send", {"session_id": cast.session_id,
                                            "client_id": "after-change-1",
                                            "text": "still here"}))["ok"]
    # Neither ended sign-in opens a socket any more.
    assert await socket_refused(cast.server, old_cookie)
    assert await socket_refused(cast.server, work_cookie)

    assert await sign_in_status(cast.server, PASSWORD) == 401
    assert await sign_in_status(cast.server, NEW_PASSWORD) == 200
    await work.api.close()


async def test_a_wrong_current_password_changes_nothing(cast: Cast) -> None:
    """Each refusal says what to fix, and neither the password nor any sign-in changes."""
    tom = cast.trainee
    other = await second_sign_in(cast, tom)
    cases = [
        ({"current_password": "not my password", "new_password": NEW_PASSWORD},
         403, "wrong_password"),
        ({"current_password": PASSWORD, "new_password": "short"}, 400, "weak_password"),
        ({"current_password": PASSWORD, "new_password": PASSWORD}, 400, "same_password"),
        ({"current_password": PASSWORD}, 400, "bad_payload"),
        ({"current_password": PASSWORD, "new_password": 12345678901}, 400, "bad_payload"),
    ]
    for body, want_status, want_code in cases:
        status, reply = await tom.api.post("/api/me/password", body)
        assert (status, reply["error"]["code"]) == (want_status, want_code), body
        assert reply["error"]["message"]
    status, reply = await tom.api.post("/api/me/password", cases[0][0])
    assert "nothing was changed" in reply["error"]["message"]
    # A forged cross-site form carries no CSRF token; a stranger has no sign-in at all.
    status, reply = await tom.api.post("/api/me/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRF-Token": "forged"})
    assert (status, reply["error"]["code"]) == (403, "bad_csrf")
    stranger = ApiClient(cast.server.url)
    status, reply = await stranger.post("/api/me/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert (status, reply["error"]["code"]) == (401, "not_signed_in")
    await stranger.close()

    assert (await other.api.get("/api/me"))[0] == 200
    assert await sign_in_status(cast.server, PASSWORD) == 200
    assert await sign_in_status(cast.server, NEW_PASSWORD) == 401
    await other.api.close()


async def test_guessing_the_current_password_is_throttled(cast: Cast) -> None:
    """A borrowed signed-in browser cannot be used to guess the password faster than the
    sign-in page allows: 5 wrong guesses, then a clear wait, even for the right password."""
    tom = cast.trainee
    codes = []
    for i in range(8):
        _, reply = await tom.api.post("/api/me/password", {
            "current_password": f"guess number {i}", "new_password": NEW_PASSWORD})
        codes.append(reply["error"]["code"])
    assert codes == ["wrong_password"] * 5 + ["too_many_attempts"] * 3
    status, reply = await tom.api.post("/api/me/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert status == 429 and "wait 15 minutes" in reply["error"]["message"]
    # The guesses count on the sign-in page too, and the window passes.
    assert await sign_in_status(cast.server, PASSWORD) == 429
    cast.server.clock.advance(15 * 60 + 1)
    status, reply = await tom.api.post("/api/me/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert status == 200, reply
    assert await sign_in_status(cast.server, NEW_PASSWORD) == 200


async def test_sign_out_closes_the_sockets_of_that_sign_in_only(cast: Cast) -> None:
    tom = cast.trainee
    other = await second_sign_in(cast, tom)
    here, there = await in_room(cast, tom), await in_room(cast, other)
    status, _ = await tom.api.post("/api/sign-out")
    assert status == 200
    await here.wait_for(lambda: not here.sio.connected)
    assert there.sio.connected and (await other.api.get("/api/me"))[0] == 200
    await there.close()
    await other.api.close()


async def test_a_sign_in_expires_after_the_configured_hours(cast: Cast) -> None:
    """BALINT_SESSION_HOURS (12 by default): the cookie opens nothing after that."""
    tom, server = cast.trainee, cast.server
    assert server.config.session_seconds == 12 * 3600
    server.clock.advance(server.config.session_seconds - 60)
    assert (await tom.api.get("/api/me"))[0] == 200
    server.clock.advance(61)
    status, reply = await tom.api.get("/api/me")
    assert (status, reply["error"]["code"]) == (401, "not_signed_in")
    assert await socket_refused(server, tom.api.cookie())


async def test_the_sweeper_ends_expired_sign_ins_and_closes_their_sockets(cast: Cast) -> None:
    """A socket outlives nothing: once its sign-in has expired, the next sweep closes it."""
    tom, tara, server = cast.trainee, cast.trainee2, cast.server
    here = await in_room(cast, tom)
    server.clock.advance(server.config.session_seconds - 60)
    later = await second_sign_in(cast, tara)  # Tara signs in again: hers runs 12 h from now
    still = await in_room(cast, later)
    assert (await sweeper.sweep(server.svc)).get("sign_ins_ended") is None
    assert here.sio.connected
    server.clock.advance(61)
    counts = await sweeper.sweep(server.svc)
    assert counts["sign_ins_ended"] >= 2  # Tom's and Tara's first, among the cast's
    await here.wait_for(lambda: not here.sio.connected)
    assert still.sio.connected and (await later.api.get("/api/me"))[0] == 200
    tokens = await server.svc.db.fetch_value(
        "SELECT COUNT(*) FROM auth_sessions WHERE expires_at <= ?", (server.clock.now(),))
    assert tokens == 0
    await still.close()
    await later.api.close()
