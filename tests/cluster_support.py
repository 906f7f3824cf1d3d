"""A real scale-out deployment on loopback: redis-server, `balint serve --workers N`, and nginx
with deploy/nginx/balint.conf in front (only its listen port changed).

Everything is a real process from Debian's packages and the project's CLI; `.ci/run` installs
redis-server and nginx when the machine lacks them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_ports(count: int) -> int:
    """A first port such that `count` consecutive ports are free now."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + count >= 65535:
            continue
        try:
            held = []
            for port in range(first, first + count):
                s = socket.socket()
                held.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise RuntimeError("no run of free ports")


def wait_for_port(port: int, within: float = 20.0, process: subprocess.Popen[bytes] | None = None,
                  what: str = "") -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {within} s")


@dataclass
class Deployment:
    tmp: Path
    data_dir: Path
    env: dict[str, str]
    redis_port: int
    first_worker_port: int
    workers: int
    proxy_port: int
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """Through nginx, as people reach it."""
        return f"http://127.0.0.1:{self.proxy_port}"

    def worker_url(self, index: int) -> str:
        """Straight to one worker, to put a member on a worker of the test's choosing."""
        return f"http://127.0.0.1:{self.first_worker_port + index}"

    def worker_pids(self) -> list[int]:
        """The supervisor's children: the worker processes."""
        sup = self.processes["workers"].pid
        children = Path(f"/proc/{sup}/task/{sup}/children").read_text().split()
        return [int(pid) for pid in children]

    def worker_pid(self, index: int) -> int:
        """The pid of the worker listening on worker_url(index)."""
        port = self.first_worker_port + index
        for pid in self.worker_pids():
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            if f"BALINT_PORT={port}".encode() in environ:
                return pid
        raise LookupError(f"no worker on port {port}")

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.tmp.glob("*.log")))

    def stop(self) -> None:
        for name in ("nginx", "workers", "redis"):
            process = self.processes.get(name)
            if process is None or process.poll() is not None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _nginx_conf(tmp: Path, deployment: Deployment) -> Path:
    site = (ROOT / "deploy" / "nginx" / "balint.conf").read_text()
    upstreams = tmp / "balint-workers.conf"
    upstreams.write_text("".join(
        f"server 127.0.0.1:{deployment.first_worker_port + i} max_fails=1 fail_timeout=5s;\n"
        for i in range(deployment.workers)))
    site = site.replace("/etc/nginx/balint-workers.conf", str(upstreams))
    site, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{deployment.proxy_port};", site)
    assert listens == 1, "deploy/nginx/balint.conf should listen once"
    (tmp / "balint.conf").write_text(site)
    temp = tmp / "nginx-temp"
    temp.mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n"
        + "".join(f"  {kind}_temp_path {temp}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"  include {tmp}/balint.conf;\n}}\n")
    return main


def start(tmp: Path, data_dir: Path, workers: int = 2) -> Deployment:
    """Start Redis, N workers on the (already seeded) data directory, and nginx."""
    redis_port = free_ports(1)
    first = free_ports(workers)
    proxy_port = free_ports(1)
    env = {**os.environ, "BALINT_DATA_DIR": str(data_dir), "BALINT_HOST": "127.0.0.1",
           "BALINT_PORT": str(first), "BALINT_SCRYPT_N": "1024", "BALINT_LOG_LEVEL": "DEBUG",
           "BALINT_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
           "BALINT_PUBLIC_URL": f"http://127.0.0.1:{proxy_port}",
           "BALINT_TRUSTED_PROXY": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
    d = Deployment(tmp, data_dir, env, redis_port, first, workers, proxy_port)
    try:
        d.processes["redis"] = subprocess.Popen(
            [REDIS, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=(tmp / "redis.log").open("wb"),
            stderr=subprocess.STDOUT)
        wait_for_port(redis_port, process=d.processes["redis"], what="redis-server")
        d.processes["workers"] = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--workers", str(workers), "--no-invite"],
            cwd=ROOT, env=env, stdout=(tmp / "workers.log").open("wb"),
            stderr=subprocess.STDOUT)
        for i in range(workers):
            wait_for_port(first + i, process=d.processes["workers"], what="the workers")
        conf = _nginx_conf(tmp, d)
        d.processes["nginx"] = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
            stdout=(tmp / "nginx.log").open("wb"), stderr=subprocess.STDOUT)
        wait_for_port(proxy_port, process=d.processes["nginx"], what="nginx")
    except BaseException:
        d.stop()
        raise
    return d


async def healthy(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(url + "/healthz") as resp:
            return resp.status == 200
    except aiohttp.ClientError:
        return False
