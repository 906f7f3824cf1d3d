"""The guard's name lists (web/guard_names.json) go to the browser gzipped once, and a browser
that has them gets a 304 instead of the 810 KB again (server/http/name_data.py)."""

from __future__ import annotations

import gzip
import json
import runpy
from pathlib import Path

import aiohttp

from server.guard_lists import unpacked
from tests.support import LiveServer

ROOT = Path(__file__).resolve().parent.parent

URL = "/static/guard_names.json"


async def test_the_name_lists_go_out_gzipped_and_a_second_visit_gets_no_body(
    server: LiveServer,
) -> None:
    raw = (server.config.web_dir / "guard_names.json").read_bytes()
    # auto_decompress off: the bytes as they cross the wire.
    async with aiohttp.ClientSession(auto_decompress=False) as http:
        async with http.get(server.url + URL, headers={"Accept-Encoding": "gzip, br"}) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Encoding"] == "gzip"
            assert resp.headers["Content-Type"].startswith("application/json")
            assert resp.headers["Cache-Control"] == "no-cache"
            assert "Accept-Encoding" in resp.headers["Vary"]
            body = await resp.read()
            tag = resp.headers["ETag"]
        assert len(body) < 300_000 < len(raw)
        assert gzip.decompress(body) == raw
        # Packed once: the next request gets the very same bytes and tag.
        async with http.get(server.url + URL, headers={"Accept-Encoding": "gzip"}) as resp:
            assert await resp.read() == body
            assert resp.headers["ETag"] == tag
        # The browser's revalidation on a later page load: nothing to transfer.
        async with http.get(
            server.url + URL, headers={"Accept-Encoding": "gzip", "If-None-Match": tag}
        ) as resp:
            assert resp.status == 304
            assert await resp.read() == b""
            assert resp.headers["ETag"] == tag
        # A client without gzip gets the file as it is, under its own tag.
        async with http.get(server.url + URL, headers={"Accept-Encoding": "identity"}) as resp:
            assert resp.status == 200
            assert "Content-Encoding" not in resp.headers
            assert await resp.read() == raw
            assert resp.headers["ETag"] != tag
            assert "nosniff" in resp.headers["X-Content-Type-Options"]
    assert json.loads(raw)["first"]


def test_a_front_coded_list_unpacks_to_its_words() -> None:
    """bench/make_guard_names.py packs the long lists; server/guard_lists.py unpacks them to the
    very same words (the browser searches them packed: tests/browser/test_guard_parity.py)."""
    builder = runpy.run_path(str(ROOT / "bench" / "make_guard_names.py"))
    words = ["a", "ab", "abc", "abd", "b", "x" * 30, "x" * 31 + "y", "x" * 40, "zz"]
    words += [f"w{a}{b}" for a in "abcdefghij" for b in "klmnopqrst"]  # several buckets
    packed = builder["front_coded"](words)
    assert unpacked(packed) == frozenset(words)
    assert unpacked(" ".join(sorted(words))) == frozenset(words)  # a plain list reads the same
    assert len(packed) < len(" ".join(words))
    data = json.loads((ROOT / "web" / "guard_names.json").read_text(encoding="utf-8"))
    for key in builder["LONG_LISTS"]:
        assert builder["front_coded"](unpacked(data[key])) == data[key], key  # packed as built
