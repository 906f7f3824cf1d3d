"""Browser fixtures: the real server as a subprocess (started by its CLI) and a real Chromium.

Chromium is Debian's /usr/bin/chromium when present (browsers cannot be downloaded here), else
the one `playwright install chromium` put in place (see the Makefile).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.support import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BALINT_CHROMIUM", "/usr/bin/chromium")
# None lets Playwright use the build `playwright install chromium` fetched (see the Makefile).
EXECUTABLE = CHROMIUM if Path(CHROMIUM).exists() else None
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]


@dataclass
class ServerProcess:
    url: str
    data_dir: Path
    log_path: Path
    first_invite: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    def cli(self, *args: str) -> str:
        """Run a `balint` command against this server's data directory; return its output."""
        done = subprocess.run([sys.executable, "-m", "server", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=60, check=True)
        return done.stdout.strip()

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def group_invites(self, *roles: str) -> list[str]:
        """A programme and a group made from the CLI, and one invitation link per role."""
        programme = self.cli("create-programme", "North Thames")
        group = self.cli("create-group", "--programme", programme, "Tuesday group")
        return [self.cli("invite", "--group", group, "--role", role) for role in roles]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(tmp: Path, *, cwd: Path = ROOT, extra_env: dict[str, str] | None = None,
                 port: int = 0) -> ServerProcess:
    port = port or free_port()
    data_dir = tmp / "data"
    env = {**os.environ, "BALINT_DATA_DIR": str(data_dir), "BALINT_PORT": str(port),
           "BALINT_HOST": "127.0.0.1", "BALINT_SCRYPT_N": "1024", "BALINT_LOG_LEVEL": "DEBUG",
           "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    log_path = tmp / "server.log"
    out_path = tmp / "server.out"
    with log_path.open("wb") as log, out_path.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "server", "serve"], cwd=cwd, env=env,
                                   stdout=out, stderr=log)
    deadline = time.monotonic() + 30
    invite = None
    while time.monotonic() < deadline:
        text = out_path.read_text(encoding="utf-8")
        found = re.search(r"invitation \(single use\): (\S+)", text)
        if found and "running at" in text:
            invite = found.group(1)
            break
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + log_path.read_text())
        time.sleep(0.05)
    if invite is None:
        process.kill()
        raise RuntimeError("server did not start in 30 s")
    # "running at" is printed as the app starts, a moment before the port listens.
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), 1):
                break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    return ServerProcess(f"http://127.0.0.1:{port}", data_dir, log_path, invite, process, env)


@asynccontextmanager
async def launched(args: list[str]) -> AsyncIterator[Browser]:
    """Debian's Chromium with these flags, closed again on the way out."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=EXECUTABLE, args=args, headless=True)
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
async def chromium() -> AsyncIterator[Browser]:
    async with launched(CHROMIUM_ARGS) as browser:
        yield browser


@pytest.fixture
async def static_page(chromium: Browser, live_server: ServerProcess) -> AsyncIterator[Page]:
    """A page on the real app's origin, for tests that import web/ modules directly."""
    context = await chromium.new_context()
    page = await context.new_page()
    await page.goto(live_server.url + "/#/sign-in")
    try:
        yield page
    finally:
        await context.close()
