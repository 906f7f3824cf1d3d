"""Socket.io packets nobody can read get a clear refusal, not a traceback in the log.

python-socketio decodes each packet before any handler runs, and raises on a malformed one:
JSON that does not parse or nests deeper than Python's parser can go, an event that is not a
name, an unknown packet type, binary attachments that do not add up. Raised there, the error
reaches the log as a traceback and the sender never hears back. It would also run our own
`on_connect` and `on_disconnect` for a client that sends an event called "connect" or
"disconnect". `ReadablePacket`, the server's serializer, turns every such packet into the event
UNREADABLE, keeping its acknowledgement id, and `refuse_unreadable` answers it with
`bad_payload` like any other bad payload.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from engineio import json as engineio_json
from socketio import packet

from server.errors import bad_request, failed

log = logging.getLogger("balint.realtime")

UNREADABLE = "unreadable"
# socket.io's own events: a client may never send them as events of its own.
RESERVED = frozenset({"connect", "disconnect", "connect_error"})
FROM_CLIENTS = frozenset({packet.CONNECT, packet.DISCONNECT, packet.EVENT, packet.ACK,
                          packet.BINARY_EVENT, packet.BINARY_ACK})


class _Json:
    """engine.io's JSON (it refuses integers of more than 100 digits), with nesting too deep
    for Python's parser reported as bad input instead of RecursionError."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(*args: Any, **kwargs: Any) -> Any:
        try:
            return engineio_json.loads(*args, **kwargs)
        except RecursionError:
            raise ValueError("nested too deeply") from None


def _is_event(data: Any) -> bool:
    return (isinstance(data, list) and bool(data) and isinstance(data[0], str)
            and data[0] not in RESERVED)


class ReadablePacket(packet.Packet):
    """The server's packets; a packet from a client that cannot be read becomes UNREADABLE."""

    json = _Json

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kwargs.get("encoded_packet") is not None and not kwargs["encoded_packet"]:
            self._unreadable()  # an empty message: the base class would not decode it at all

    def decode(self, encoded_packet: Any) -> int:
        try:
            attachments = int(super().decode(encoded_packet) or 0)
        except (ValueError, TypeError, IndexError, AttributeError):
            return self._unreadable()
        binary = self.packet_type in (packet.BINARY_EVENT, packet.BINARY_ACK)
        if (self.packet_type not in FROM_CLIENTS
                or (self.packet_type in (packet.EVENT, packet.BINARY_EVENT)
                    and not _is_event(self.data))
                # A binary packet without attachments would wait for one forever, taking the
                # sender's next packet for it.
                or (binary and (attachments < 1 or (self.namespace or "/") != "/"))):
            return self._unreadable()
        return attachments

    def add_attachment(self, attachment: Any) -> bool:
        try:
            return bool(super().add_attachment(attachment))
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, RecursionError):
            # The placeholders and the attachments do not match. The packet keeps its binary
            # type (the server dispatches binary events and acks by it) and is complete now.
            log.info("event=packet outcome=refused code=bad_packet")
            self.data = [UNREADABLE]
            return True

    def _unreadable(self) -> int:
        log.info("event=packet outcome=refused code=bad_packet")
        self.packet_type = packet.EVENT
        self.data = [UNREADABLE]
        return 0


async def refuse_unreadable(sid: str, *args: Any) -> dict[str, Any]:
    """The answer to a packet that could not be read (or to a client sending UNREADABLE)."""
    return failed(bad_request("We could not read that request. Please reload the page.",
                              "bad_payload"))
