"""The room's rules for the presenter, the floor, raised hands and pause signals, as a Balint
leader expects them, through real socket.io clients on the real server."""

from __future__ import annotations

from typing import Any

from server.actions.moderation import PAUSE_SEEN
from tests.conftest import Cast
from tests.session_support import Client, code, enter, send


async def flow(client: Client, sid: str, action: str, **kw: Any) -> dict[str, Any]:
    view: dict[str, Any] = await client.ok("flow", {"session_id": sid, "action": action, **kw})
    return view


async def room(cast: Cast) -> tuple[str, Client, Client, Client]:
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, cast.server, sid)
    tom, _ = await enter(cast.trainee, cast.server, sid)
    tara, _ = await enter(cast.trainee2, cast.server, sid)
    return sid, fiona, tom, tara


async def to_presentation(fiona: Client, sid: str, presenter: str) -> None:
    await flow(fiona, sid, "start")
    await flow(fiona, sid, "advance")
    await flow(fiona, sid, "choose_presenter", user_id=presenter)
    await flow(fiona, sid, "advance")


async def test_pausing_chat_for_members_never_silences_the_presenter_while_they_speak(
        cast: Cast) -> None:
    """Tom presents, answers questions and returns while chat is paused for members; Tara
    waits; during discussion Tom listens whatever is set."""
    sid, fiona, tom, tara = await room(cast)
    await to_presentation(fiona, sid, cast.trainee.user_id)
    await fiona.ok("mute", {"session_id": sid, "muted": True})
    assert (await send(tom, sid, "She came in again on Monday"))["ok"]
    assert code(await send(tara, sid, "Oh no")) == "muted"
    await flow(fiona, sid, "advance")  # clarifying questions: the presenter answers
    assert (await send(tom, sid, "About two years"))["ok"]
    await flow(fiona, sid, "advance")  # discussion
    assert code(await send(tom, sid, "Can I just say")) == "presenter_listening"
    await fiona.ok("mute", {"session_id": sid, "muted": False})
    assert code(await send(tom, sid, "Can I just say")) == "presenter_listening"
    await fiona.ok("mute", {"session_id": sid, "muted": True})
    await flow(fiona, sid, "return_early")
    assert (await send(tom, sid, "What struck me was the silence"))["ok"]
    # A mute of one person is the facilitator's explicit choice, presenter or not.
    await fiona.ok("mute", {"session_id": sid, "user_id": cast.trainee.user_id, "muted": True})
    refused = await send(tom, sid, "And another thing")
    assert code(refused) == "muted" and "muted you" in refused["error"]["message"]


async def test_the_words_above_a_silenced_message_box_are_the_servers_refusals(
        cast: Cast) -> None:
    """The join acknowledgement's `silenced` are the very words a refused send carries: the
    room shows them before anyone tries, and keeps no copy of its own."""
    sid = cast.session_id
    fiona, _ = await enter(cast.facilitator, cast.server, sid)
    tom, words = await enter(cast.trainee, cast.server, sid)
    tara, _ = await enter(cast.trainee2, cast.server, sid)
    silenced = words["silenced"]
    await to_presentation(fiona, sid, cast.trainee.user_id)
    await fiona.ok("mute", {"session_id": sid, "muted": True})
    assert (await send(tara, sid, "Oh no"))["error"]["message"] == silenced["chat_paused"]
    await fiona.ok("mute", {"session_id": sid, "user_id": cast.trainee2.user_id, "muted": True})
    assert (await send(tara, sid, "Oh no"))["error"]["message"] == silenced["muted"]
    await flow(fiona, sid, "advance")
    await flow(fiona, sid, "advance")  # discussion: the presenter listens
    refused = await send(tom, sid, "Can I just say")
    assert refused["error"]["message"] == silenced["presenter_listening"]


async def test_the_floor_lets_one_member_speak_while_chat_is_paused(cast: Cast) -> None:
    """Tara raises her hand while chat is paused; given the floor she may write, until the
    facilitator takes it back or the group moves on."""
    sid, fiona, tom, tara = await room(cast)
    await flow(fiona, sid, "start")
    await fiona.ok("mute", {"session_id": sid, "muted": True})
    assert code(await send(tara, sid, "May I?")) == "muted"
    await tara.ok("hand", {"session_id": sid, "raised": True})
    await fiona.ok("give_floor", {"session_id": sid, "user_id": cast.trainee2.user_id})
    event = await tom.wait_for_event("flow", lambda d: d["floor_name"] == "Tara")
    assert event["floor_user_id"] == cast.trainee2.user_id
    assert (await send(tara, sid, "Thank you, I wanted to say one thing"))["ok"]
    assert code(await send(tom, sid, "Me too")) == "muted"
    await fiona.ok("give_floor", {"session_id": sid, "user_id": None})
    assert code(await send(tara, sid, "And also")) == "muted"
    # The floor lapses when the group moves on.
    await tara.ok("hand", {"session_id": sid, "raised": True})
    await fiona.ok("give_floor", {"session_id": sid, "user_id": cast.trainee2.user_id})
    view = await flow(fiona, sid, "advance")
    assert view["floor_user_id"] is None
    assert code(await send(tara, sid, "Still me")) == "muted"


async def test_the_presenter_cannot_raise_a_hand(cast: Cast) -> None:
    """While presenting the floor is Tom's, and in discussion he listens: no hand either way."""
    sid, fiona, tom, tara = await room(cast)
    await to_presentation(fiona, sid, cast.trainee.user_id)
    assert code(await tom.call("hand", {"session_id": sid, "raised": True})) == \
        "presenter_has_floor"
    await flow(fiona, sid, "advance")
    await flow(fiona, sid, "advance")  # discussion
    assert code(await tom.call("hand", {"session_id": sid, "raised": True})) == \
        "presenter_listening"
    assert (await tara.ok("hand", {"session_id": sid, "raised": True}))["position"] >= 1
    # Lowering stays possible.
    assert (await tom.ok("hand", {"session_id": sid, "raised": False}))["raised"] is False


async def test_a_raised_hands_place_stays_current(cast: Cast) -> None:
    """Tom is second in the queue; when Tara ahead of him is chosen, he hears he is first."""
    sid, fiona, tom, tara = await room(cast)
    await flow(fiona, sid, "start")
    await flow(fiona, sid, "advance")
    assert (await tara.ok("hand", {"session_id": sid, "raised": True}))["position"] == 1
    assert (await tom.ok("hand", {"session_id": sid, "raised": True}))["position"] == 2
    await flow(fiona, sid, "choose_presenter", user_id=cast.trainee2.user_id)
    assert (await tom.wait_for_event("hand", lambda d: d["position"] == 1))["raised"] is True


async def test_a_pause_signal_is_answered_privately(cast: Cast) -> None:
    """Tom asks for a pause; Fiona answers with a short private reply: Tom alone hears it, and
    the signal leaves the facilitators' list."""
    sid, fiona, tom, tara = await room(cast)
    await tom.ok("pause_signal", {"session_id": sid, "note": "need a minute"})
    signal = await fiona.wait_for_event("pause_signal")
    assert signal["id"] and signal["note"] == "need a minute"
    # Members cannot answer (nor see) pause signals.
    assert code(await tara.call("pause_answer", {"session_id": sid, "pause_id": signal["id"]})) \
        == "facilitators_only"
    await fiona.ok("pause_answer", {"session_id": sid, "pause_id": signal["id"],
                                    "reply": "Of course. Take the time you need."})
    reply = await tom.wait_for_event("pause_reply")
    assert reply == {"session_id": sid, "from_name": "Fiona", "message": PAUSE_SEEN,
                     "text": "Of course. Take the time you need."}
    assert (await fiona.wait_for_event("pauses"))["pauses"] == []
    await tara.barrier()
    assert not tara.received("pause_reply") and not tara.received("pauses")
    # Answered once: a second answer is refused, and a rejoin no longer lists it.
    assert code(await fiona.call("pause_answer", {"session_id": sid,
                                                  "pause_id": signal["id"]})) == "pause_unknown"
    data = await fiona.ok("join", {"session_id": sid})
    assert data["facilitator"]["pauses"] == []
    # Seen without words: the member hears that it was seen.
    await tom.ok("pause_signal", {"session_id": sid})
    second = await fiona.wait_for_event("pause_signal", lambda d: d["id"] != signal["id"])
    await fiona.ok("pause_answer", {"session_id": sid, "pause_id": second["id"]})
    await tom.wait_for(lambda: len(tom.received("pause_reply")) == 2)
    assert tom.received("pause_reply")[-1]["text"] is None
