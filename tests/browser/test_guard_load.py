"""Tara opens a room: the confidentiality guard is loaded from the page's start, on its own, so
it is ready before the room is; its name lists cross the wire once, gzipped, and not again on her
next visit (web/index.html, server/http/name_data.py). Tom's lists are slow to come: the room
does not wait for them, and neither does the guard's check skip names meanwhile
(web/guard.js's `ready`, web/guard_ui.js)."""

from __future__ import annotations

import asyncio

from playwright.async_api import Browser, Route, expect

from tests.browser.conftest import ServerProcess
from tests.browser.test_story import fiona_admits

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


async def test_the_room_opens_before_the_name_lists_and_a_name_sent_meanwhile_is_caught(
    live_server: ServerProcess, chromium: Browser
) -> None:
    fiona, tom = await fiona_admits(chromium, live_server, "tom", "Tom")

    # Tom's connection is slow today: the guard's name lists are held back until we let them go.
    lists_asked = asyncio.Event()
    let_go = asyncio.Event()

    async def slow(route: Route) -> None:
        lists_asked.set()
        await let_go.wait()
        await route.continue_()

    await tom.route("**/static/guard_names.json", slow)
    sent: list[str] = []
    tom.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(str(f))))
    await tom.reload()
    # The room is there, and he can write, while the lists are still on their way.
    await asyncio.wait_for(lists_asked.wait(), 10)
    box = tom.get_by_label("Your message")
    await expect(box).to_be_editable()
    await expect(tom.get_by_role("status").first).to_have_text("Connected")
    assert not let_go.is_set()

    # A first name, no title: only the name lists know it. He sends at once.
    checking = tom.get_by_text("Checking for anything that could identify a patient")
    await box.fill("Her daughter Chloe rang me again about the results.")
    await box.press("Enter")
    await expect(checking).to_be_visible()
    await asyncio.sleep(0.3)
    assert not any("Chloe" in frame for frame in sent), "sent before the guard could check it"
    await tom.screenshot(path="/tmp/shots-guardload/room-checking.png")

    let_go.set()
    warning = tom.get_by_role("alert").filter(has_text="This may identify a patient")
    await expect(warning).to_contain_text("name: Chloe")
    await expect(warning).to_contain_text("Nothing has been sent")
    await expect(checking).to_be_hidden()
    await expect(box).to_be_focused()
    assert not any("Chloe" in frame for frame in sent)
    assert await fiona.locator(".transcript .text").count() == 0

    # With the lists in, a clean message goes at once.
    await box.fill("She came back again, and I felt stuck.")
    await box.press("Enter")
    await expect(fiona.locator(".transcript .text")).to_have_text(
        ["She came back again, and I felt stuck."])
    await tom.screenshot(path="/tmp/shots-guardload/room-after-lists.png")
