"""What msgpack would save: the CPU to encode one chat message's socket.io packet as JSON (what
every client gets now) and as msgpack (python-socketio's `serializer="msgpack"`), and its size.

    .venv/bin/python -m pip install msgpack    # not a project dependency
    .venv/bin/python bench/encode_cost.py

The server encodes a room's packet once and writes the same bytes to every member
(server/realtime/fanout.py), so a saving here is divided by the room's size per delivery.
"""

from __future__ import annotations

import timeit

from socketio.packet import Packet

# A message as server/actions/rooms.py sends it, with bench/loadgen.py's 120-character text.
MESSAGE = {"seq": 1234, "id": "r00042s0000123", "channel": "group",
           "author_id": "u_8f3a9c2d1e4b5a6f", "author_name": "Bench member42",
           "text": "t=123456789012 " + "x" * 105, "redacted": False, "at": 1764000000.123}


def cost(cls: type[Packet], number: int = 50_000) -> tuple[float, int]:
    """Microseconds per encoded packet (best of five runs) and its size in bytes."""
    def encode() -> object:
        return cls(2, namespace="/", data=["message", MESSAGE]).encode()

    size = len(encode())  # type: ignore[arg-type]
    best = min(timeit.repeat(encode, number=number, repeat=5))
    return best / number * 1e6, size


def main() -> None:
    kinds: list[tuple[str, type[Packet]]] = [("JSON", Packet)]
    try:
        from socketio.msgpack_packet import MsgPackPacket
        kinds.append(("msgpack", MsgPackPacket))
    except ImportError:
        print("msgpack is not installed: pip install msgpack to compare")
    for name, cls in kinds:
        us, size = cost(cls)
        print(f"{name:8s} {us:6.2f} us per message packet, {size} bytes; "
              f"{us / 10:5.2f} us per delivery in a room of 10")


if __name__ == "__main__":
    main()
