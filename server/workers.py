"""`balint serve --workers N`: N server processes on consecutive ports, sharing one store
through Redis, behind a reverse proxy (deploy/nginx.conf). A worker that dies is restarted;
stopping the supervisor stops them all.

This is for a single host without systemd; deploy/ also has a systemd template unit that does
the same job, one unit per worker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType

from server.config import Config

RESTART_PAUSE_SECONDS = 1.0


def _start(config: Config, index: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BALINT_PORT": str(config.port + index),
        "BALINT_WORKER": f"{config.worker}-{index}",
    }
    return subprocess.Popen([sys.executable, "-m", "server", "serve", "--no-invite"], env=env)


def supervise(config: Config, count: int) -> int:
    """Run `count` workers until SIGTERM or SIGINT; returns the exit status."""
    if not config.clustered:
        print("balint: --workers needs BALINT_REDIS_URL (the workers share state through "
              "Redis); see deploy/README.md", file=sys.stderr)
        return 2
    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children = {i: _start(config, i) for i in range(count)}
    ports = ", ".join(str(config.port + i) for i in range(count))
    print(f"{count} workers on {config.host} ports {ports}; put deploy/nginx.conf in front",
          flush=True)
    while not stopping:
        time.sleep(0.2)
        for i, child in list(children.items()):
            if child.poll() is not None and not stopping:
                print(f"worker {i} exited with {child.returncode}; restarting", flush=True)
                time.sleep(RESTART_PAUSE_SECONDS)
                children[i] = _start(config, i)
    for child in children.values():
        child.send_signal(signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0
