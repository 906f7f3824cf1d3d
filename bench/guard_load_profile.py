"""Where the browser guard's load time goes: each step on its own, in fresh Chromium pages.

    python bench/guard_load_profile.py

Fetching the name data, decoding it, importing the name finder, indexing the lists, the first
and a second check, each timed one after the other (median of 5 pages), then the report's own
measure (import guard.js to the first check) and the resource timings of its fetches, against
the same static server as `bench/guard_report.py --browser`. Numbers only, no sentence.

First, the floor this machine's Chromium sets, whatever the guard does: importing a module of one
line, then fetching the name data alone, in a fresh page. Importing guard.js, then its name
finder and data side by side, cannot take less than the two together.

The pages are driven by Playwright, so that each step can be timed and read: every figure here
is about twice what a browser no tool drives takes (bench/guard_timing.py), and shows where the
time goes, not how much of it a user waits.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.guard_timing import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    JS_FIRST_CHECK,
    TIMING_RUNS,
    static_app,
)

SAMPLE = "Her daughter Chloe rang about her NHS number 943 476 5919."
STEPS = """async (sample) => {
  const out = {}; let t = performance.now();
  const lap = (k) => { const n = performance.now(); out[k] = n - t; t = n; };
  const r = await fetch('/static/guard_names.json');
  const text = await r.text(); lap('fetch the data');
  const data = JSON.parse(text); lap('JSON decode');
  const names = await import('/static/guard_names.js'); lap('import guard_names.js');
  names.useNameData(data); lap('useNameData (index the lists)');
  names.findNames(sample); lap('first findNames');
  names.findNames('I bumped into Mary Smith in Tesco.'); lap('second findNames');
  const g = await import('/static/guard.js'); await g.ready; lap('import guard.js (data again)');
  g.detect(sample); lap('first detect (compiles the rules)');
  g.detect('Order 1234567890 for Mary Smith.'); lap('second detect');
  return out;
}"""
# A fresh page's first module import and first fetch of the data, with nothing to run.
FLOOR = """async () => {
  let t = performance.now();
  await import('/empty.js');
  const importing = performance.now() - t;
  t = performance.now();
  await (await fetch('/static/guard_names.json')).text();
  return [importing, performance.now() - t];
}"""
RESOURCES = """() => performance.getEntriesByType('resource').map(
  (e) => [e.name.split('/').pop(), e.startTime, e.responseEnd, e.transferSize])"""


async def main() -> None:
    from aiohttp import web
    from playwright.async_api import async_playwright

    from tests.support import serve_on_loopback

    async def empty(_: web.Request) -> web.Response:
        return web.Response(text="export {};", content_type="text/javascript")

    app = static_app()
    app.router.add_get("/empty.js", empty)
    runner, port = await serve_on_loopback(app)
    url = f"http://127.0.0.1:{port}/"
    floors: list[list[float]] = []
    steps: list[dict[str, float]] = []
    totals: list[list[float]] = []
    resources: list[Any] = []
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(TIMING_RUNS):
                page = await browser.new_page()
                await page.goto(url)
                floors.append(await page.evaluate(FLOOR))
                await page.close()
                page = await browser.new_page()
                await page.goto(url)
                steps.append(await page.evaluate(STEPS, SAMPLE))
                await page.close()
                page = await browser.new_page()
                await page.goto(url)
                totals.append(await page.evaluate(JS_FIRST_CHECK))
                resources = await page.evaluate(RESOURCES)
                await page.close()
            await browser.close()
    finally:
        await runner.cleanup()
    importing = statistics.median(i for i, _ in floors)
    fetching = statistics.median(f for _, f in floors)
    print(f"Floor: a one-line module imports in {importing:.1f} ms, the name data alone arrives in"
          f" {fetching:.1f} ms: {importing + fetching:.0f} ms before any of the guard's work")
    for key in steps[0]:
        print(f"{key:<36}{statistics.median(s[key] for s in steps):7.1f} ms")
    firsts = [t for t, *_ in totals]
    print(f"import guard.js to first check: median {statistics.median(firsts):.0f} ms"
          f" (runs: {', '.join(f'{t:.0f}' for t in firsts)})")
    for name, start, end, size in resources:
        print(f"  {name:<20} {start:6.0f} -> {end:6.0f} ms  {size / 1024:6.0f} KiB transferred")


if __name__ == "__main__":
    asyncio.run(main())
