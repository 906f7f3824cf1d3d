"""The send queue engine.io keeps for each connected socket, lighter than `asyncio.Queue`.

engine.io gives every socket an `asyncio.Queue` of packets waiting to be written, and its writer
waits on it with `asyncio.wait_for(queue.get(), ...)`. That costs on two counts (bench/README.md):

- memory: an idle `asyncio.Queue` holds four deques (items, getters, putters, and the `join`
  event's waiters), about 2.9 KiB per connected member, and `wait_for` keeps a task around the
  pending `get()` coroutine, about 1 KiB more;
- CPU: that task is created, scheduled and torn down again for every packet a socket is sent.

`SendQueue` keeps the same contract engine.io relies on (`put`, `put_nowait`, `get`,
`get_nowait` raising `asyncio.QueueEmpty`, `task_done`, `join`, unbounded, first in first out)
with nothing allocated while it is idle. `get()` returns a future rather than a coroutine, so
`wait_for` waits on it directly and needs no task. A packet put while a reader waits goes to
that reader's future at once.

engine.io asks for its queues through `AsyncServer.create_queue`, a public method made to be
overridden; `EngineIOServer` does that (server/library_hooks.py, with the websocket that writes
directly: both lean on engine.io's internals).

Writing straight to an idle websocket: for each packet, engine.io's writer task is woken, sets
up a fresh `wait_for` (a future, a timer and its callbacks) for the next one, and calls the
write. With ten people in a room that is ten task switches per chat message. When the
socket's writer is idle, has nothing queued, and the connection takes the bytes at once (its
send buffer is empty), `SendQueue.put` writes a message packet itself instead, as the writer
would have. Anything else (pings, a closing packet, a packet behind others, a large one, a
client slow to read, a socket still upgrading from long-polling) takes the queue as before,
so packets still leave in the order they were sent and a slow reader never holds up the room.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from engineio import packet as eio_packet

if TYPE_CHECKING:
    from server.library_hooks import DirectWebSocket

# Longer packets go through the writer task: aiohttp compresses a frame of more than 16 KiB in a
# thread, which would make the sender wait. 3,000 characters are at most 12 KiB of UTF-8.
DIRECT_MAX_CHARS = 3000


class SendQueue:
    __slots__ = ("_drained", "_getter", "_items", "_more_getters", "_unfinished", "direct")

    def __init__(self) -> None:
        self._items: deque[Any] | None = None  # only while packets wait for a busy writer
        # engine.io has one reader at a time; a second (a long-poll overlapping an upgrade)
        # waits in _more_getters, so the usual case costs no list.
        self._getter: asyncio.Future[Any] | None = None
        self._more_getters: list[asyncio.Future[Any]] | None = None
        self._unfinished = 0
        self._drained: asyncio.Future[None] | None = None
        # The socket's websocket while it has one (DirectWebSocket sets and clears it).
        self.direct: DirectWebSocket | None = None

    def qsize(self) -> int:
        return len(self._items) if self._items else 0

    def empty(self) -> bool:
        return not self._items

    def put_nowait(self, item: Any) -> None:
        self._unfinished += 1
        while self._getter is not None:
            getter = self._getter
            more = self._more_getters
            self._getter = more.pop(0) if more else None
            if not more:
                self._more_getters = None
            # A reader whose wait timed out or was cancelled has gone; the next one takes it.
            if not getter.done():
                getter.set_result(item)
                return
        if self._items is None:
            self._items = deque()
        self._items.append(item)

    async def put(self, item: Any) -> None:
        getter = self._getter
        # Written here only while the writer waits for a packet with none ahead of this one.
        if (self.direct is not None and getter is not None and not getter.done()
                and self._items is None and item is not None
                and item.packet_type == eio_packet.MESSAGE
                and await self.direct.send_now(item)):
            return
        self.put_nowait(item)

    def get_nowait(self) -> Any:
        items = self._items
        if not items:
            raise asyncio.QueueEmpty
        item = items.popleft()
        if not items:
            self._items = None
        return item

    def get(self) -> asyncio.Future[Any]:
        """A future for the next item: already done when one is waiting. Cancelling it (as
        `wait_for` does on a timeout) takes nothing out of the queue."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self._items:
            future.set_result(self.get_nowait())
        else:
            if self._getter is None:
                self._getter = future
            elif self._more_getters is None:
                self._more_getters = [future]
            else:
                self._more_getters.append(future)
        return future

    def task_done(self) -> None:
        if self._unfinished <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished -= 1
        if self._unfinished == 0 and self._drained is not None:
            if not self._drained.done():
                self._drained.set_result(None)
            self._drained = None

    async def join(self) -> None:
        if self._unfinished == 0:
            return
        if self._drained is None:
            self._drained = asyncio.get_running_loop().create_future()
        await asyncio.shield(self._drained)
