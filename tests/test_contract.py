"""Where docs/protocol.md and the code disagreed (issue 18, item 4), checked against both."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cast
from tests.session_support import connect, enter

PROTOCOL = (Path(__file__).resolve().parents[1] / "docs" / "protocol.md").read_text()


async def test_an_unknown_socket_event_is_answered_with_an_error(cast: Cast) -> None:
    """Every event is answered {ok: false, error} on failure, an event the server does not
    know included; the socket goes on working."""
    tom = await connect(cast.trainee, cast.server)
    for event in ("no_such_event", "delete_everything", "on_join", "_session"):
        reply = await tom.call(event, {"session_id": cast.session_id})
        assert reply["ok"] is False, (event, reply)
        assert reply["error"]["code"] == "unknown_event"
        assert reply["error"]["message"]
    tom2, data = await enter(cast.trainee2, cast.server, cast.session_id)
    assert data["status"] == "admitted"
    reply = await tom2.call("no_such_event")  # no payload at all
    assert reply["error"]["code"] == "unknown_event"
    assert "`unknown_event`" in PROTOCOL


async def test_a_trainee_may_name_their_own_supervisor_by_id_but_not_anyone_elses(
        cast: Cast) -> None:
    """PUT /api/users/{id}/supervisor: the person themselves (as PUT /api/me/supervisor) or an
    administrator; anyone else's record is an administrator's business."""
    tom = cast.trainee
    status, reply = await tom.api.request("PUT", f"/api/users/{tom.user_id}/supervisor",
                                          {"name": "Dr Ruth Ames", "email": "ruth@nhs.net"})
    assert status == 200, reply
    status, reply = await tom.api.get("/api/me/supervisor")
    assert reply["data"] == {"name": "Dr Ruth Ames", "email": "ruth@nhs.net"}
    status, reply = await tom.api.request(
        "PUT", f"/api/users/{cast.trainee2.user_id}/supervisor",
        {"name": "Dr X", "email": "x@nhs.net"})
    assert (status, reply["error"]["code"]) == (403, "administrators_only")
    row = next(line for line in PROTOCOL.splitlines()
               if line.startswith("| `PUT /api/users/{id}/supervisor`"))
    assert "administrators, or the person themselves" in row
