"""Tara opens a room: the confidentiality guard is loaded from the page's start, on its own, so
it is ready before the room is; its name lists cross the wire once, gzipped, and not again on her
next visit (web/index.html, server/http/name_data.py)."""

from __future__ import annotations

from playwright.async_api import Browser

from tests.browser.conftest import ServerProcess

# The guard's own measure (web/guard.js), the app's start, and what the name lists cost.
JS_LOAD = """async () => {
  for (let i = 0; i < 400 && !performance.getEntriesByName('guard name data').length; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const [ready] = performance.getEntriesByName('guard name data');
  const lists = performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('/static/guard_names.json'));
  // api.js: the first module app.js imports, asked for only once app.js has arrived.
  const api = performance.getEntriesByType('resource')
    .find((e) => e.name.endsWith('/static/api.js'));
  return {
    ready: ready ? ready.startTime + ready.duration : null,
    fetches: lists.length,
    wire: lists.map((e) => e.transferSize),
    decoded: lists.map((e) => e.decodedBodySize),
    listsAsked: lists.length ? lists[0].startTime : null,
    appImportsAsked: api ? api.startTime : null,
  };
}"""


async def test_the_guard_loads_once_from_the_start_and_not_again_next_visit(
    live_server: ServerProcess, chromium: Browser
) -> None:
    context = await chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(f"{live_server.url}/#/room/1")
        # She is not signed in: the app shows her the sign-in, so it started, guard and all.
        await page.get_by_role("button", name="Sign in").first.wait_for()
        first = await page.evaluate(JS_LOAD)
        assert first["ready"] is not None, "the guard never became ready"
        # Asked for with the page, before the app's own modules, not four imports deep after them.
        assert first["listsAsked"] < first["appImportsAsked"], first
        # One fetch of the lists: guard.js took the page's preloaded response, not a second copy,
        # and it came gzipped (under 300 KB for about 810 KB of lists).
        assert first["fetches"] == 1, first
        assert first["wire"][0] < 300_000 < first["decoded"][0], first

        again = await context.new_page()
        await again.goto(f"{live_server.url}/#/room/1")
        await again.get_by_role("button", name="Sign in").first.wait_for()
        second = await again.evaluate(JS_LOAD)
        assert second["ready"] is not None
        # The browser asked whether the lists changed and got a 304: headers only, no lists.
        assert second["fetches"] == 1 and second["wire"][0] < 2_000, second
    finally:
        await context.close()
