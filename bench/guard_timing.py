"""How long the browser guard takes to load: the measures `bench/guard_report.py --browser` prints.

The target is the time from importing web/guard.js to its first check, on this machine. It is
taken here in a Chromium that no tool drives, as a user's is: on 2026-12-07 the same pages took
44 ms in such a browser and 96 ms in one driven by Playwright (its DevTools client attached to
every page, and its own switches), which is how the tests run Chromium. Both are printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMING_RUNS = 5
SAMPLE = "Her daughter Chloe rang about her NHS number 943 476 5919."
SAMPLE_FINDINGS = 2  # the name and the NHS number: a check that ran with its name data

# Time from importing the module (which fetches and reads the name data) to the first answer,
# in a page that has loaded nothing yet: the import, the wait for `ready`, one detect(). Returns
# [total ms, ms to the name data's being read (guard.js's own measure), findings].
_FIRST_CHECK_BODY = """
  const t0 = performance.now();
  const m = await import('/static/guard.js');
  await m.ready;
  const found = m.detect(SAMPLE).length;
  const total = performance.now() - t0;
  const [data] = performance.getEntriesByName('guard name data');
  return [total, data ? data.duration : 0, found];
""".replace("SAMPLE", json.dumps(SAMPLE))
JS_FIRST_CHECK = f"async () => {{{_FIRST_CHECK_BODY}}}"

# The same in a page of its own, for a browser no tool drives: it waits for its own load to
# settle (as page.goto does), measures, posts the figures and goes where the answer says.
FIRST_CHECK_PAGE = f"""<!doctype html><title>guard load</title><script type="module">
await new Promise((resolve) => setTimeout(resolve, 300));
const figures = await (async () => {{{_FIRST_CHECK_BODY}}})();
const answer = await fetch('/timing', {{ method: 'POST', body: JSON.stringify(figures) }});
const next = await answer.text();
if (next) location.href = next;
</script>"""

# The same two measures before the name data was packed and loaded in the background (2026-12-05,
# load about 1.5): for the comparison the report prints.
BEFORE = (
    "Before (2026-12-05): 66 ms from importing guard.js to the first check (the data behind a"
    " top-level await, its lists plain), name data 809 KiB, 274 KiB gzipped"
)


def static_app() -> web.Application:
    """A blank page and web/ under /static: the guard and nothing else of the app, its name
    lists served by the app's own handler (gzipped once, server/http/name_data.py)."""
    from server.http.name_data import NAME_DATA, name_data, packed_name_data

    async def blank(_: web.Request) -> web.Response:
        return web.Response(text="<!doctype html><title>guard</title>", content_type="text/html")

    app = web.Application()
    app[NAME_DATA] = packed_name_data(ROOT / "web")
    app.router.add_get("/", blank)
    app.router.add_get("/static/guard_names.json", name_data)
    app.router.add_static("/static", ROOT / "web")
    return app


@dataclass(frozen=True)
class FirstCheck:
    median_ms: float
    data_ms: float  # median time to the name data's being read
    runs: tuple[float, ...]  # each page's, in order


def first_check(figures: list[list[float]]) -> FirstCheck:
    wrong = [f for f in figures if int(f[2]) != SAMPLE_FINDINGS]
    if wrong:
        raise RuntimeError(
            f"a page's first check found {wrong[0][2]} of the sample's {SAMPLE_FINDINGS} findings:"
            " its time would not be a whole check's"
        )
    return FirstCheck(
        statistics.median(f[0] for f in figures),
        statistics.median(f[1] for f in figures),
        tuple(f[0] for f in figures),
    )


@contextlib.asynccontextmanager
async def _headless(*args: str) -> AsyncIterator[None]:
    """Headless Chromium on a profile of its own, started with `args`, killed on leaving."""
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        browser = await asyncio.create_subprocess_exec(
            CHROMIUM, "--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={profile}", *args,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            yield
        finally:
            browser.kill()
            await browser.wait()


@contextlib.asynccontextmanager
async def _sites(app: web.Application, count: int) -> AsyncIterator[list[str]]:
    """`app` on `count` loopback addresses (127.0.0.1, .2, ...): each a site of its own to the
    browser, so each page gets a renderer process of its own and finds nothing in the cache."""
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        for n in range(1, count + 1):
            await web.TCPSite(runner, f"127.0.0.{n}", 0).start()
        yield [f"http://{host}:{port}/first-check" for host, port in runner.addresses]
    finally:
        await runner.cleanup()


async def unattended_first_check(runs: int = TIMING_RUNS) -> FirstCheck:
    """Import to first check in headless Chromium with no DevTools client, `runs` fresh pages.
    The browser opens one more page first, as it starts, which is not counted: a user's browser
    is running before they open the app."""
    figures: asyncio.Queue[list[float]] = asyncio.Queue()
    urls: list[str] = []
    posted = 0

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=FIRST_CHECK_PAGE, content_type="text/html")

    async def timing(request: web.Request) -> web.Response:
        nonlocal posted
        posted += 1
        await figures.put(json.loads(await request.text()))
        return web.Response(text=urls[posted] if posted < len(urls) else "")

    app = static_app()
    app.router.add_get("/first-check", page)
    app.router.add_post("/timing", timing)
    async with _sites(app, runs + 1) as addresses:
        urls.extend(addresses)
        async with _headless(urls[0]), asyncio.timeout(60):  # a browser that never reports
            got = [await figures.get() for _ in urls]
    return first_check(got[1:])


async def driven_first_check(runs: int = TIMING_RUNS) -> FirstCheck:
    """The same measure in Chromium driven by Playwright, as the tests drive it: fresh pages."""
    from playwright.async_api import async_playwright

    from tests.support import serve_on_loopback

    runner, port = await serve_on_loopback(static_app())
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                got = []
                for _ in range(runs):  # each in a fresh page, nothing loaded yet
                    page = await browser.new_page()
                    await page.goto(f"http://127.0.0.1:{port}/")
                    got.append(await page.evaluate(JS_FIRST_CHECK))
                    await page.close()
            finally:
                await browser.close()
    finally:
        await runner.cleanup()
    return first_check(got)


# In the real app: when, after navigating to a room's address, the guard had its name data read
# and detect() ready (web/guard.js's own measure), and what the name data cost on the wire.
JS_APP_GUARD_READY = """async () => {
  for (let i = 0; i < 400 && !performance.getEntriesByName('guard name data').length; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const [ready] = performance.getEntriesByName('guard name data');
  const data = performance.getEntriesByType('resource')
    .find((e) => e.name.endsWith('/static/guard_names.json'));
  return [ready ? ready.startTime + ready.duration : -1, data ? data.transferSize : -1];
}"""


@dataclass(frozen=True)
class AppLoad:
    ready_ms: float  # median over TIMING_RUNS first visits, from navigation start
    first_bytes: int  # the name data's bytes on the wire, first visit
    again_bytes: int  # and on a second visit with the browser's cache
    runs: tuple[float, ...]  # each first visit's


UNWATCHED_LOAD_S = 3.0  # the room page and its guard are in well within this here


class _DevTools:
    """The browser's own DevTools connection, no page's: it opens contexts and pages and, once
    a page has loaded unwatched, attaches to it to read the page's own measures."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.calls = 0

    async def call(self, method: str, session: str | None = None, **params: Any) -> Any:
        self.calls += 1
        message: dict[str, Any] = {"id": self.calls, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self.ws.send_json(message)
        while True:  # events from attached pages come too; they are not read
            answer = await self.ws.receive_json()
            if answer.get("id") == self.calls:
                if "error" in answer:
                    raise RuntimeError(f"DevTools {method}: {answer['error']}")
                return answer["result"]

    async def read_page(self, context: str, url: str, js: str) -> Any:
        """Open `url` in `context`, let it load with nothing attached, then evaluate `js`."""
        target = await self.call("Target.createTarget", url=url, browserContextId=context)
        await asyncio.sleep(UNWATCHED_LOAD_S)
        session = (
            await self.call("Target.attachToTarget", targetId=target["targetId"], flatten=True)
        )["sessionId"]
        got = await self.call(
            "Runtime.evaluate", session, expression=f"({js})()", awaitPromise=True,
            returnByValue=True,
        )
        return got["result"]["value"]


async def _devtools_socket(http: Any, port: int) -> str:
    """The browser's DevTools websocket, once Chromium has opened its port."""
    import aiohttp

    for _ in range(600):  # 30 s
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(f"http://127.0.0.1:{port}/json/version") as answer:
                return str((await answer.json())["webSocketDebuggerUrl"])
        await asyncio.sleep(0.05)
    raise RuntimeError("Chromium did not open its DevTools port")


@contextlib.asynccontextmanager
async def _unattended_browser() -> AsyncIterator[_DevTools]:
    """Headless Chromium with its DevTools port open and nothing attached to any page."""
    import aiohttp

    from tests.support import free_port

    port = free_port()
    async with (
        _headless(f"--remote-debugging-port={port}", "about:blank"),
        aiohttp.ClientSession() as http,
    ):
        socket = await _devtools_socket(http, port)
        async with http.ws_connect(socket, max_msg_size=0) as ws:
            yield _DevTools(ws)


@contextlib.asynccontextmanager
async def _room(web_dir: Path) -> AsyncIterator[str]:
    """The real server on loopback, serving `web_dir`: a room's address."""
    from server.clock import FakeClock
    from tests.support import LiveServer, loopback_config

    with tempfile.TemporaryDirectory() as tmp:
        config = dataclasses.replace(loopback_config(Path(tmp)), web_dir=web_dir)
        server = await LiveServer(config, FakeClock(time.time())).start()
        try:
            yield f"{server.url}/#/room/1"
        finally:
            await server.stop()


async def unattended_app_load(web_dir: Path = ROOT / "web") -> AppLoad:
    """The real server and the real room page, as `app_load` below, in a Chromium that has
    nothing attached to the page while it loads: the page's own measures are read after. The
    first visit, as the browser starts, is not counted."""
    async with _room(web_dir) as room, _unattended_browser() as devtools:
        first: list[Any] = []
        for visit in range(TIMING_RUNS + 1):
            made = await devtools.call("Target.createBrowserContext")  # an empty cache
            context = made["browserContextId"]
            first.append(await devtools.read_page(context, room, JS_APP_GUARD_READY))
            if visit < TIMING_RUNS:  # the last context stays for a visit again
                await devtools.call("Target.disposeBrowserContext", browserContextId=context)
        _, again = await devtools.read_page(context, room, JS_APP_GUARD_READY)
    ready = [t for t, _ in first[1:]]
    if min(ready) < 0:
        raise RuntimeError("a room page's guard never became ready")
    return AppLoad(statistics.median(ready), int(first[-1][1]), int(again), tuple(ready))


async def app_load(web_dir: Path = ROOT / "web") -> AppLoad:
    """The real server (gzip, ETag) and the real page: navigation to a room's address, to the
    guard being ready; each first visit in a fresh browser context, then one visit again.
    Driven by Playwright: it reads the page's own measures."""
    from playwright.async_api import async_playwright

    async with _room(web_dir) as room, async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            first: list[Any] = []
            for _ in range(TIMING_RUNS):
                context = await browser.new_context()  # an empty cache
                page = await context.new_page()
                await page.goto(room)
                first.append(await page.evaluate(JS_APP_GUARD_READY))
                await page.close()
            page = await context.new_page()  # the last context: a second visit
            await page.goto(room)
            _, again = await page.evaluate(JS_APP_GUARD_READY)
            await context.close()
        finally:
            await browser.close()
    ready = tuple(t for t, _ in first)
    return AppLoad(statistics.median(ready), int(first[-1][1]), int(again), ready)
