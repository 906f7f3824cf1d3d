"""Try a fresh deployment of two workers behind nginx the way its users would use it.

For a test machine only: it creates a programme, a group and four accounts, and it kills a
worker's server process. Run it from the checkout. After `compose up` (deploy/compose.yaml), as a
user allowed to signal the container's processes (root, with a rootful engine):

    python deploy/try_deployment.py "$(docker compose -f deploy/compose.yaml exec -T worker-0 \\
        balint invite --admin)"

With systemd (deploy/README.md), give the workers' own addresses and how to kill worker-1:

    python deploy/try_deployment.py --base http://127.0.0.1 \\
        --workers http://127.0.0.1:8080,http://127.0.0.1:8081 \\
        --kill-command "systemctl kill -s KILL balint@1" "<invitation link>"

It signs in through nginx, puts a facilitator on worker-0 and a member on worker-1 (straight to
each worker's address) and a third member through nginx, then checks that presence, chat
and a facilitator's mute cross between workers; that killing worker-1 while its member posts
loses no acknowledged message and duplicates none; and that the worker comes back
(`restart: always`, or systemd's `Restart=always`). It prints what it found and exits 1 at the
first thing that fails. Nothing it prints holds a message's text or a person's name.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.actions.accounts import token_from_link
from tests.support import ApiClient, SocketClient

# Trial accounts never sign in again: each gets a fresh random password.
RUN = str(int(time.time()))[-6:]  # usernames differ from one run to the next


class Compose:
    """The workers are compose services, reached at their containers' addresses."""

    def __init__(self, engine: str, project: str, base: str) -> None:
        self.engine, self.project, self.base = engine, project, base

    def container(self, service: str) -> str:
        # docker compose v2 names containers project-service-1; podman-compose project_service_1.
        sep = "-" if self.engine == "docker" else "_"
        return f"{self.project}{sep}{service}{sep}1"

    def inspect(self, service: str) -> dict[str, Any]:
        # The engine is one of argparse's two choices; the name is built from fixed parts.
        out = subprocess.run([self.engine, "inspect", self.container(service)],  # noqa: S603
                             check=True, capture_output=True, text=True).stdout
        info: dict[str, Any] = json.loads(out)[0]
        return info

    def url(self, service: str) -> str:
        networks = self.inspect(service)["NetworkSettings"]["Networks"]
        return f"http://{next(iter(networks.values()))['IPAddress']}:8080"

    def kill(self, service: str) -> None:
        os.kill(int(self.inspect(service)["State"]["Pid"]), signal.SIGKILL)

    def describe(self, service: str) -> str:
        return f"restart count {self.inspect(service).get('RestartCount')}"


class Hosts:
    """The workers are processes at given addresses (systemd, or `balint serve --workers`)."""

    def __init__(self, base: str, urls: str, kill_command: str) -> None:
        self.base, self.urls, self.kill_command = base, urls.split(","), kill_command

    def url(self, service: str) -> str:
        return self.urls[int(service.rsplit("-", 1)[1])]

    def kill(self, service: str) -> None:
        # The operator's own command line, run as given.
        subprocess.run(shlex.split(self.kill_command), check=True)  # noqa: S603

    def describe(self, service: str) -> str:
        return "answering again"


Deployment = Compose | Hosts


async def accept(base: str, link: str, username: str) -> tuple[ApiClient, str]:
    api = ApiClient(base)
    status, body = await api.post("/api/invitations/accept", {
        "token": token_from_link(link.strip()), "username": f"{username}{RUN}",
        "display_name": username.title(),
        "password": secrets.token_urlsafe(24)})
    if status != 200:
        raise SystemExit(f"accepting {username}'s invitation: {status} {body['error']['code']}")
    return api, body["data"]["user_id"]


async def data(api: ApiClient, method: str, path: str, body: Any = None) -> Any:
    status, reply = await api.request(method, path, body)
    if status >= 300:
        raise SystemExit(f"{method} {path}: {status} {reply['error']['code']}")
    return reply["data"]


async def enter(url: str, api: ApiClient, session: str) -> tuple[SocketClient, Any]:
    """Connect and join the session; the join's answer holds the history."""
    client = SocketClient(url, api.cookie)
    for _ in range(60):  # a restarting worker refuses connections for a few seconds
        try:
            await client.connect()
            break
        except Exception:
            await asyncio.sleep(1)
    else:
        raise SystemExit(f"nothing answered at {url} for a minute")
    reply = await client.call("join", {"session_id": session})
    if not reply["ok"] and reply["error"]["code"] == "ground_rules_required":
        await client.ok("accept_rules", {"session_id": session})
        reply = await client.call("join", {"session_id": session})
    if not reply["ok"]:
        raise SystemExit(f"joining at {url}: {reply['error']['code']}")
    return client, reply["data"]


async def post_through_a_crash(d: Deployment, poster: SocketClient, api: ApiClient,
                               session: str) -> tuple[SocketClient, dict[str, int]]:
    """Post 18 messages (the rate limit allows 20 in 10 s) while worker-1 is killed; resend
    over a new connection through nginx what was not acknowledged, as the browser does."""
    acked: dict[str, int] = {}

    async def post() -> SocketClient:
        sock = poster
        for n in range(18):
            client_id = f"trial-{RUN}-{n:04d}"
            while client_id not in acked:
                try:
                    reply = await sock.call("send", {"session_id": session,
                                                     "client_id": client_id, "text": f"n{n}"})
                except Exception as err:  # the worker died under the call
                    print(f"  message {n}: {type(err).__name__}; reconnecting through nginx")
                    await sock.close()
                    sock, _ = await enter(d.base, api, session)
                    continue
                if not reply["ok"]:
                    raise SystemExit(f"message {n} refused: {reply['error']['code']}")
                acked[client_id] = reply["data"]["seq"]
            await asyncio.sleep(0.25)
        return sock

    posting = asyncio.ensure_future(post())
    await asyncio.sleep(1.0)
    d.kill("worker-1")
    print("killed worker-1's server process with SIGKILL")
    return await posting, acked


async def main(args: argparse.Namespace) -> None:
    d: Deployment = (Hosts(args.base, args.workers, args.kill_command) if args.workers
                     else Compose(args.engine, args.project, args.base))
    admin, _ = await accept(d.base, args.admin_link, "admin")
    programme = (await data(admin, "POST", "/api/programmes", {"name": "Deployment trial"}))["id"]
    group = (await data(admin, "POST", "/api/groups",
                        {"programme_id": programme, "name": "Deployment trial group"}))["id"]
    people: dict[str, tuple[ApiClient, str]] = {}
    for name, role in [("fiona", "facilitator"), ("tom", "member"), ("tara", "member")]:
        link = (await data(admin, "POST", f"/api/groups/{group}/invitations", {"role": role}))
        people[name] = await accept(d.base, link["link"], name)
    fiona, tom, tara = (people[n][0] for n in ("fiona", "tom", "tara"))
    await data(fiona, "PUT", f"/api/groups/{group}/settings", {"auto_admit": True})
    session = (await data(fiona, "POST", f"/api/groups/{group}/sessions",
                          {"title": "Week 1"}))["id"]
    print("signed in through nginx; programme, group, three members and a session set up")

    on = {"fiona": (await enter(d.url("worker-0"), fiona, session))[0],
          "tom": (await enter(d.url("worker-1"), tom, session))[0],
          "tara": (await enter(d.base, tara, session))[0]}
    await on["fiona"].wait_for(lambda: any(
        len(p["members"]) == 3 for p in on["fiona"].received("presence")), 10)
    print("presence on worker-0 lists all three")
    sent = await on["tom"].ok("send", {"session_id": session, "client_id": f"first-{RUN}",
                                       "text": "hello"})
    for name in ("fiona", "tara"):
        await on[name].wait_for(lambda name=name: any(
            m["seq"] == sent["seq"] for m in on[name].received("message")), 10)
    print("a message sent on worker-1 reached worker-0 and the member behind nginx")
    tom_id = people["tom"][1]
    await on["fiona"].ok("mute", {"session_id": session, "user_id": tom_id, "muted": True})
    refused = await on["tom"].call("send", {"session_id": session,
                                            "client_id": f"muted-{RUN}", "text": "x"})
    if refused["ok"] or refused["error"]["code"] != "muted":
        raise SystemExit("worker-1 did not apply the mute set on worker-0")
    await on["fiona"].ok("mute", {"session_id": session, "user_id": tom_id, "muted": False})
    print("a mute set on worker-0 refused the member's next message on worker-1")

    on["tom"], acked = await post_through_a_crash(d, on["tom"], tom, session)
    check, joined = await enter(d.base, tara, session)
    stored: dict[str, int] = {}
    for m in joined["messages"]:
        stored[m["id"]] = stored.get(m["id"], 0) + 1
    missing = [c for c in acked if c not in stored]
    twice = [c for c, count in stored.items() if count > 1]
    print(f"{len(acked)} messages acknowledged; missing from history: {len(missing)}, "
          f"stored twice: {len(twice)}")
    if missing or twice:
        raise SystemExit("acknowledged messages were lost or stored twice")

    back, _ = await enter(d.url("worker-1"), tom, session)  # waits up to a minute
    print(f"worker-1 is back ({d.describe('worker-1')}) and serves the room")
    for client in [*on.values(), check, back]:
        await client.close()
    for api, _ in [(admin, ""), *people.values()]:
        await api.close()
    print("trial passed")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("admin_link", help="what `balint invite --admin` printed")
    parser.add_argument("--engine", choices=["docker", "podman"], default="docker")
    parser.add_argument("--project", default="deploy", help="the compose project's name")
    parser.add_argument("--base", default="http://127.0.0.1:8080", help="nginx's address")
    parser.add_argument("--workers", default="",
                        help="worker-0's and worker-1's addresses, comma-separated (not compose)")
    parser.add_argument("--kill-command", default="",
                        help="with --workers: a command that SIGKILLs worker-1's process")
    asyncio.run(main(parser.parse_args()))
