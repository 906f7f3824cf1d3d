"""The `balint` command: run the server and do an operator's chores from the console."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from aiohttp import web

from server import cluster, logs, notes_client, payloads, signing_keys, workers
from server.actions import accounts, groups, invitations, media, sweeper
from server.app import create_app, open_services
from server.backup import commands as backup_commands
from server.clock import SystemClock
from server.config import Config, ConfigError
from server.errors import AppError
from server.keys import CONFIG, Services
from server.permissions import OPERATOR

log = logging.getLogger("balint.server")


async def _with_services(config: Config, job: Callable[[Services], Awaitable[Any]]) -> Any:
    # A chore that ends a session or destroys keys tells running workers to forget them.
    async with open_services(config, cluster.create(config), SystemClock(), chore=True) as svc:
        return await job(svc)


async def first_admin_invite(svc: Services) -> str | None:
    """A fresh administrator invitation while nobody administers this server yet."""
    if await svc.db.fetch_value("SELECT 1 FROM users WHERE is_admin = 1"):
        return None
    return await accounts.create_invitation(svc, OPERATOR, kind="admin")


async def _tune_gc(app: web.Application) -> None:
    """A long-lived server with thousands of sockets holds ~170 GC-tracked objects per member;
    with the default generation-0 threshold (700) full collections over them paused the server
    for 0.5-0.6 s several times a minute (bench: p99 670 ms; with this, 23 ms). Start-up objects
    are frozen out of collections; cycles are still collected, just less often."""
    gen0 = app[CONFIG].gc_gen0
    if gen0 > 0:
        gc.collect()
        gc.freeze()
        gc.set_threshold(gen0, *gc.get_threshold()[1:])


def loop_factory(choice: str) -> Callable[[], asyncio.AbstractEventLoop]:
    """The server's event loop: uvloop's unless asked for asyncio's or uvloop is missing.
    Same load (bench/README.md): about 15% less CPU per delivery than asyncio's loop."""
    if choice != "asyncio":
        try:
            import uvloop
        except ImportError:
            if choice == "uvloop":
                raise ConfigError("BALINT_EVENT_LOOP is uvloop, but uvloop is not installed "
                                  "(pip install uvloop)") from None
        else:
            return uvloop.new_event_loop  # type: ignore[no-any-return]
    return asyncio.new_event_loop


def _serve(config: Config, new_loop: Callable[[], asyncio.AbstractEventLoop], *,
           invite_admin: bool = True) -> int:
    logs.configure(config.log_level)
    invite = asyncio.run(_with_services(config, first_admin_invite)) if invite_admin else None
    app = create_app(config)

    async def announce(_app: web.Application) -> None:
        print(f"\nBalint Rooms is running at {config.base_url}/", flush=True)
        if invite:
            print(f"First administrator invitation (single use): {invite}\n", flush=True)

    app.on_startup.append(announce)
    app.on_startup.append(_tune_gc)
    loop = new_loop()
    log.info("event=start loop=%s worker=%s", type(loop).__module__.split(".")[0], config.worker)
    web.run_app(app, host=config.host, port=config.port, print=None,
                access_log_class=logs.AccessLog, loop=loop)
    return 0


# Each subcommand names its handler: `serve` and `notes` run by themselves; a chore runs with
# the store open and prints what it returns.
Command = Callable[[argparse.Namespace, Config], int]
Chore = Callable[[argparse.Namespace, Services], Awaitable[str]]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="balint", description="Balint Rooms server and tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve",
                       help="run the server (settings from BALINT_* environment variables)")
    p.add_argument("--workers", type=int, default=1,
                   help="run N worker processes on consecutive ports from BALINT_PORT, sharing "
                        "state through BALINT_REDIS_URL, behind a proxy (deploy/README.md)")
    p.add_argument("--no-invite", action="store_true",
                   help="do not print a first administrator invitation")
    p.set_defaults(command_handler=_serve_command)
    p = sub.add_parser("create-programme", help="create a training programme; prints its id")
    p.add_argument("name")
    p.set_defaults(chore=_create_programme)
    p = sub.add_parser("create-group", help="create a group in a programme; prints its id")
    p.add_argument("--programme", required=True, help="programme id")
    p.add_argument("name")
    p.set_defaults(chore=_create_group)
    p = sub.add_parser("invite", help="print a single-use invitation link")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--group", help="group id, with --role")
    who.add_argument("--admin", action="store_true", help="invite an administrator")
    who.add_argument("--lead", action="store_true",
                     help="invite a programme lead, with --programme")
    p.add_argument("--role", choices=accounts.ROLES, default="member")
    p.add_argument("--programme", help="programme id, with --lead")
    p.add_argument("--label", help="who the link is for, shown in the list of open invitations")
    p.set_defaults(chore=_invite)
    p = sub.add_parser("sweep", help="apply every retention rule now; prints what was deleted")
    p.set_defaults(chore=_sweep)
    p = sub.add_parser("rotate-certificate-key",
                       help="sign new certificates with a new key (old ones still verify)")
    p.set_defaults(chore=_rotate_certificate_key)
    p = sub.add_parser("rotate-turn-secret",
                       help="change the voice relay's secret in coturn's userdb now (making "
                            "it if missing): every relay pass handed out before is refused")
    p.set_defaults(chore=_rotate_turn_secret)
    p = sub.add_parser("open-session", help="open a session of a group now; prints its id")
    p.add_argument("--group", required=True, help="group id")
    p.add_argument("--title", default="Balint group")
    p.set_defaults(chore=_open_session)
    notes_client.add_parser(sub)
    backup_commands.add_parsers(sub)
    # A client of a running server: no data directory, no settings of ours.
    sub.choices["notes"].set_defaults(command_handler=lambda args, _config: notes_client.run(args),
                                      needs_config=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Command | None = getattr(args, "command_handler", None)
    chore: Chore | None = getattr(args, "chore", None)
    if handler is None and chore is None:  # a subcommand added without a handler
        raise SystemExit(f"balint: {args.command} has no handler (server/cli.py)")
    if not getattr(args, "needs_config", True):
        assert handler is not None
        return handler(args, Config())
    try:
        config = Config.from_env()
    except ConfigError as err:
        print(f"balint: {err}", file=sys.stderr)
        return 2
    if handler is not None:
        return handler(args, config)
    assert chore is not None
    try:
        print(asyncio.run(_with_services(config, partial(chore, args))))
    except AppError as err:
        print(f"balint: {err.message}", file=sys.stderr)
        return 1
    return 0


def _serve_command(args: argparse.Namespace, config: Config) -> int:
    if not 1 <= args.workers <= 64:
        print("balint: --workers must be between 1 and 64", file=sys.stderr)
        return 2
    try:
        config.check_web_dir()
        new_loop = loop_factory(config.event_loop)
    except ConfigError as err:
        print(f"balint: {err}", file=sys.stderr)
        return 2
    if args.workers > 1:
        if not args.no_invite:
            print(asyncio.run(_with_services(config, first_admin_invite)) or "", flush=True)
        return workers.supervise(config, args.workers)
    return _serve(config, new_loop, invite_admin=not args.no_invite)


# --- the chores: each acts as the console's operator ------------------------------------------


async def _create_programme(args: argparse.Namespace, svc: Services) -> str:
    return await groups.create_programme(svc, OPERATOR, args.name)


async def _create_group(args: argparse.Namespace, svc: Services) -> str:
    return await groups.create_group(svc, OPERATOR, args.programme, args.name)


async def _invite(args: argparse.Namespace, svc: Services) -> str:
    if args.admin:
        return await accounts.create_invitation(svc, OPERATOR, kind="admin")
    if args.lead:
        if not args.programme:
            raise AppError("programme_needed", "balint invite --lead needs --programme "
                           "ID (see balint create-programme).", 2)
        made = await invitations.invite_lead(svc, OPERATOR, args.programme,
                                             payloads.InviteLead(label=args.label))
        return str(made["link"])
    return await accounts.create_invitation(
        svc, OPERATOR, kind="group", group_id=args.group, role=args.role, label=args.label)


async def _sweep(args: argparse.Namespace, svc: Services) -> str:
    counts = await sweeper.sweep(svc)
    return "\n".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing was due"


async def _rotate_certificate_key(args: argparse.Namespace, svc: Services) -> str:
    return signing_keys.rotate(svc.config.data_dir, svc.clock.now())


async def _rotate_turn_secret(args: argparse.Namespace, svc: Services) -> str:
    if svc.config.turn_secret_db is None:
        return ("nothing to rotate: set BALINT_TURN_SECRET_DB (coturn's userdb); a static "
                "BALINT_TURN_SECRET is changed in both places by hand")
    await media.revoke_passes(svc)  # rooms on other workers hear it through Redis, if any
    return f"rotated the secret of realm {svc.config.turn_realm} in {svc.config.turn_secret_db}"


async def _open_session(args: argparse.Namespace, svc: Services) -> str:
    return await groups.open_session(svc, OPERATOR, args.group, args.title)
