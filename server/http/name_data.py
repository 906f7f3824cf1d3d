"""web/guard_names.json, the browser guard's name lists: gzipped once, then served from memory.

The file is about 810 KB as text and 275 KB gzipped. aiohttp's on-the-fly compression gzipped it
afresh on every request, on the event loop; here it is packed once, in a thread, as the server
starts (and again should the file change), and each request only writes the bytes out.

Caching: `no-cache` with a strong ETag, so a browser that has the lists asks again on each page
load and gets a 304 with no body (a second visit transfers no data). Not a max-age: the lists
and web/guard.js change together at a deploy, and a browser keeping old lists with new code
would read them wrongly for as long as the max-age ran.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gzip
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from server.keys import CONFIG

FILE_NAME = "guard_names.json"


@dataclass(frozen=True)
class Packed:
    raw: bytes
    gzipped: bytes
    tag: str  # the ETag of the raw bytes (without quotes); the gzipped one adds ".gz"


@dataclass
class PackedFile:
    """One file, kept in memory as it is and gzipped; read again only when it changes."""

    path: Path
    _stamp: tuple[int, int] | None = None
    _packed: Packed | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self) -> Packed:
        """The packed file; FileNotFoundError when it is not there."""
        async with self._lock:
            stat = await asyncio.to_thread(self.path.stat)
            stamp = (stat.st_mtime_ns, stat.st_size)
            if self._packed is None or stamp != self._stamp:
                self._packed = await asyncio.to_thread(_pack, self.path, *stamp)
                self._stamp = stamp
            return self._packed


# One packing per version of the file per process, however many apps it runs (the tests start
# hundreds; a worker one): gzip takes about 50 ms of CPU.
@functools.lru_cache(maxsize=4)
def _pack(path: Path, mtime_ns: int, size: int) -> Packed:
    raw = path.read_bytes()
    # Level 6: as small as 9 for this file (273 KiB), in half the time. mtime=0: the same file
    # gives the same bytes, whenever and wherever it is packed.
    return Packed(raw, gzip.compress(raw, 6, mtime=0), hashlib.sha256(raw).hexdigest()[:32])


NAME_DATA = web.AppKey("guard_name_data", PackedFile)


def packed_name_data(web_dir: Path) -> PackedFile:
    return PackedFile(web_dir / FILE_NAME)


async def pack_at_start(app: web.Application) -> AsyncIterator[None]:
    """Pack the lists as the server starts, in the background: the first browser to ask then
    does not wait for the gzip (a tenth of a second or more), and starting does not either."""

    async def pack() -> None:
        with contextlib.suppress(FileNotFoundError):  # a server without web/ still starts
            await app[NAME_DATA].get()

    task = asyncio.get_running_loop().create_task(pack())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def name_data(request: web.Request) -> web.StreamResponse:
    """GET /static/guard_names.json: gzipped when the browser takes gzip (every browser does)."""
    packed_file = request.app.get(NAME_DATA) or packed_name_data(request.app[CONFIG].web_dir)
    try:
        packed = await packed_file.get()
    except FileNotFoundError:
        raise web.HTTPNotFound() from None
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "").lower()
    tag = f"{packed.tag}.gz" if gzipped else packed.tag
    headers = {"Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if any(e.value in (tag, "*") for e in request.if_none_match or ()):
        response = web.Response(status=304, headers=headers)
    else:
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        body = packed.gzipped if gzipped else packed.raw
        response = web.Response(body=body, content_type="application/json", headers=headers)
    response.etag = tag
    return response
