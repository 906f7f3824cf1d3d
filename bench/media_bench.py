"""Voice and video, measured in Chromium with fake devices (`make bench-media`, README).

1. Enter to first audio: a member already admitted to the session opens the room (the *Enter*
   link's page, loaded afresh), presses *Join with microphone* as soon as it shows, and we time
   until their page hears the facilitator (inbound audio packets with a sound level above
   zero, from getStats). Repeated `--joins` times; p50 and p95, and the part after the click.
2. Browser CPU per participant: N people in one room, everyone's microphone on (audio only),
   the CPU time of every Chromium process this bench started over `--seconds`, divided by N.
   One Chromium holds all N pages, as the tests do; real people each have their own computer,
   so the figure per participant is what one person's browser spends on an N-person mesh.

    PYTHONPATH=. python bench/media_bench.py [--joins 20] [--sizes 4,8] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from tests.browser.conftest import EXECUTABLE, start_server
from tests.browser.media_support import MEDIA_ARGS, join_voice, meet

TICKS = os.sysconf("SC_CLK_TCK")

# Polls in the page itself every 20 ms: the time to first audio is not rounded to our polling.
FIRST_AUDIO = """(speaker) => new Promise((resolve) => {
  const t = setInterval(async () => {
    if (!window.balintMedia) return;
    const s = (await window.balintMedia.stats())[speaker];
    if (s && s.audioIn > 0 && s.audioLevel > 0) { clearInterval(t); resolve(performance.now()); }
  }, 20);
})"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def enter_to_audio(browser: Browser, tmp: Path, joins: int) -> dict[str, float]:
    (tmp / "joins").mkdir()
    server = start_server(tmp / "joins")
    try:
        links = server.group_invites("facilitator", "member")
        contexts = [await browser.new_context() for _ in range(2)]
        room = await meet(contexts, links, ["Fiona", "Tom"])
        fiona, tom = room.pages
        await join_voice(fiona)
        url = tom.url
        totals, after_click = [], []
        for _ in range(joins):
            await tom.goto("about:blank")
            await tom.goto(url)
            # performance.now() counts from this page's navigation: the Enter of the story.
            button = tom.get_by_role("button", name="Join with microphone", exact=True)
            await expect(button).to_be_visible()
            clicked = await tom.evaluate("performance.now()")
            heard = asyncio.ensure_future(tom.evaluate(FIRST_AUDIO, room.ids[0]))
            await button.click()
            at = await asyncio.wait_for(heard, 30)
            totals.append(at)
            after_click.append(at - clicked)
        for context in contexts:
            await context.close()
    finally:
        server.stop()
    return {"p50": statistics.median(totals), "p95": percentile(totals, 0.95),
            "click_p50": statistics.median(after_click),
            "click_p95": percentile(after_click, 0.95)}


def descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        found.extend(kids)
        frontier.extend(kids)
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


async def cpu_per_participant(browser: Browser, tmp: Path, size: int,
                              seconds: float) -> dict[str, float]:
    (tmp / f"cpu{size}").mkdir()
    server = start_server(tmp / f"cpu{size}")
    contexts: list[BrowserContext] = []
    try:
        links = server.group_invites("facilitator", *["member"] * (size - 1))
        contexts = [await browser.new_context() for _ in range(size)]
        names = ["Fiona", "Tom", "Tara", "Sam", "Priya", "Omar", "Lena", "Ravi", "Ines",
                 "Jon", "Kai", "Mo"][:size]
        room = await meet(contexts, links, names)
        for page in room.pages:
            await join_voice(page)
        carried = await settle(room.pages, size)
        chromium = [p for p in descendants(os.getpid()) if "chrom" in _cmd(p)]
        before, start = cpu_seconds(chromium), time.monotonic()
        await asyncio.sleep(seconds)
        used = cpu_seconds(chromium) - before
        wall = time.monotonic() - start
    finally:
        for context in contexts:
            await context.close()
        server.stop()
    return {"cpu_percent_per_participant": 100 * used / wall / size,
            "cpu_percent_all": 100 * used / wall, "carried": carried,
            "directions": size * (size - 1), "load": os.getloadavg()[0]}


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


async def settle(pages: list[Page], size: int) -> int:
    """Until every page has a connection to each other one carrying audio (at most 90 s);
    returns how many of the size * (size - 1) directions carry audio."""
    deadline = time.monotonic() + 90
    counts: list[int] = []
    while time.monotonic() < deadline:
        counts = []
        for page in pages:
            s = await page.evaluate("window.balintMedia.stats()")
            counts.append(sum(1 for v in s.values() if v["audioIn"] > 0))
        if all(c == size - 1 for c in counts):
            break
        await asyncio.sleep(0.5)
    return sum(counts)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--joins", type=int, default=20)
    parser.add_argument("--sizes", default="4,8")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=EXECUTABLE, args=MEDIA_ARGS,
                                               headless=True)
            try:
                joins = await enter_to_audio(browser, Path(tmp), args.joins)
                print(f"Enter to first audio over {args.joins} joins: p50 {joins['p50']:.0f} ms,"
                      f" p95 {joins['p95']:.0f} ms (from the click on Join with microphone: "
                      f"p50 {joins['click_p50']:.0f} ms, p95 {joins['click_p95']:.0f} ms)",
                      flush=True)
                for size in (int(s) for s in args.sizes.split(",")):
                    cpu = await cpu_per_participant(browser, Path(tmp), size, args.seconds)
                    print(f"{size} people, audio only: browser CPU "
                          f"{cpu['cpu_percent_per_participant']:.1f}% of a core per "
                          f"participant ({cpu['cpu_percent_all']:.0f}% for all {size} pages); "
                          f"{cpu['carried']} of {cpu['directions']} directions carried audio; "
                          f"machine load average {cpu['load']:.1f}", flush=True)
            finally:
                await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
