"""Video sized to the group and the network (issue 22, web/media_quality.js,
docs/media-quality.md): the pure decisions, checked in Chromium, and the same decisions applied
to real RTCRtpSenders: the picture shrinks when a fifth person joins and when the network is
short, grows back when it recovers, and the voice's sender is never touched."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page

pytestmark = pytest.mark.browser

IMPORT = "const q = await import('/static/media_quality.js');"


async def run(page: Page, body: str, arg: Any = None) -> Any:
    return await page.evaluate(f"async (arg) => {{ {IMPORT} {body} }}", arg)


async def test_the_step_follows_the_groups_size_and_the_network(static_page: Page) -> None:
    """The size of the group sets the first step; a short or lossy network steps down, a
    recovered one steps back up, slowly."""
    tiers = await run(static_page, "return arg.map(q.sizeTier);", [1, 3, 4, 7, 8, 11])
    assert tiers == [0, 0, 1, 1, 2, 2]  # 2-4 people: 360p; 5-8: 180p; 9 and more: 90p
    encodings = await run(static_page, "return [0, 1, 2, 4].map((t) => q.encodingFor(t, 360));")
    assert [(e.get("maxBitrate"), e.get("scaleResolutionDownBy"), e.get("maxFramerate"))
            for e in encodings[:3]] == [(600_000, 1, 24), (250_000, 2, 15), (120_000, 4, 10)]
    assert encodings[3] == {"active": False}  # the last step pauses the picture, not the voice

    # Samples every 2 s: one bad sample steps down at once; four good ones in a row step up.
    path = await run(static_page, """
        let s = { extra: 0, good: 0 };
        const out = [];
        const feed = (sample) => { s = q.nextState(s, { peers: 3, ...sample }); out.push(s.tier); };
        feed({ available: 2_000_000, loss: 0 });   // plenty: 360p
        feed({ available: 400_000, loss: 0 });     // under 650 kbps: 180p
        feed({ available: 2_000_000, loss: 0.1 }); // 10% lost: 90p
        for (let i = 0; i < 3; i++) feed({ available: 2_000_000, loss: 0 }); // not yet
        feed({ available: 2_000_000, loss: 0 });   // the fourth good sample: 180p
        for (let i = 0; i < 4; i++) feed({ available: 500_000, loss: 0 }); // no room for 360p
        for (let i = 0; i < 9; i++) feed({ available: 10_000, loss: 0.5 }); // never below "off"
        return out;""")
    assert path == [0, 1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4]


async def test_real_senders_change_when_a_fifth_person_joins(static_page: Page) -> None:
    """One camera (a canvas) and one voice sent on five connections: with four people the
    picture is 360p; when a fifth joins every video sender drops to 180p, and a short network
    takes it to 90p; the audio senders keep their encodings untouched throughout."""
    seen = await run(static_page, """
        const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 360 });
        canvas.getContext('2d').fillRect(0, 0, 10, 10);
        const video = canvas.captureStream(24).getVideoTracks()[0];
        const audio = new AudioContext().createMediaStreamDestination().stream.getAudioTracks()[0];
        const pcs = [0, 1, 2, 3].map(() => {
            const pc = new RTCPeerConnection();
            pc.addTransceiver(audio, { direction: 'sendrecv' });
            pc.addTransceiver(video, { direction: 'sendrecv' });
            return pc;
        });
        let people = 4;
        const control = new q.QualityControl({ connections: () => pcs.slice(0, people - 1),
                                               captureHeight: () => 360 });
        const read = (kind) => pcs.slice(0, people - 1).map((pc) => pc.getTransceivers()
            .find((t) => t.receiver.track.kind === kind).sender.getParameters().encodings[0]);
        const out = {};
        await control.update();
        out.four = read('video');
        people = 5;
        await control.update();
        out.five = read('video');
        await control.update({ available: 200_000, loss: 0 });
        out.short = read('video');
        out.audio = read('audio');
        // A real connection's statistics give the estimate the control reads.
        const [a, b] = [new RTCPeerConnection(), new RTCPeerConnection()];
        a.addTransceiver(audio); a.addTransceiver(video);
        a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
        b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
        await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
        await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
        for (let i = 0; i < 50 && q.measure(await a.getStats()).available === null; i++) {
            await new Promise((r) => setTimeout(r, 100));
        }
        out.measured = q.measure(await a.getStats());
        [...pcs, a, b].forEach((pc) => pc.close());
        return out;""")
    pick = ("maxBitrate", "scaleResolutionDownBy", "maxFramerate")

    def shape(encodings: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
        return {tuple(e.get(k) for k in pick) for e in encodings}

    assert shape(seen["four"]) == {(600_000, 1, 24)} and len(seen["four"]) == 3
    assert shape(seen["five"]) == {(250_000, 2, 15)} and len(seen["five"]) == 4
    assert shape(seen["short"]) == {(120_000, 4, 10)}
    assert shape(seen["audio"]) == {(None, None, None)}
    assert seen["measured"]["available"] > 0 and seen["measured"]["loss"] == 0
