"""The backup commands of `balint` (server/cli.py adds them): backup, restore, backup-key."""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from server.backup import archive, restore
from server.backup.keyfile import BackupError, new_key_file
from server.clock import SystemClock
from server.config import Config


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("backup", help="write an encrypted backup of the data directory to DEST "
                       "(a file, or a folder for dated files) while the server runs")
    p.add_argument("dest", type=Path, help="backup file, or folder for balint-DATE.backup")
    p.add_argument("--verify", action="store_true",
                   help="instead, check that the backup DEST opens and is complete")
    p.add_argument("--keep", type=int, default=0,
                   help="with a folder: keep only the newest N backups in it")
    p.set_defaults(command_handler=_backup)
    p = sub.add_parser("restore", help="restore a backup into BALINT_DATA_DIR, then apply "
                       "every retention rule before anything is served")
    p.add_argument("src", type=Path)
    p.add_argument("--replace", action="store_true",
                   help="overwrite the data already in BALINT_DATA_DIR (stop the server first)")
    p.set_defaults(command_handler=_restore)
    p = sub.add_parser("backup-key", help="make the backup key file (keep it apart from data)")
    # `new` is the only action; the handler sits on backup-key itself (one per subcommand).
    p.set_defaults(command_handler=_new_key, needs_config=False)
    key_sub = p.add_subparsers(dest="key_command", required=True)
    new = key_sub.add_parser("new", help="write a new backup key file at PATH (never overwrites)")
    new.add_argument("path", type=Path)


def _report(job: Any) -> int:
    try:
        print(job())
    except BackupError as err:
        print(f"balint: {err}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as err:  # a full disk, a missing folder, a locked file
        print(f"balint: failed, nothing was changed: {type(err).__name__}: {err}",
              file=sys.stderr)
        return 1
    return 0


def _backup(args: argparse.Namespace, config: Config) -> int:
    now = SystemClock().now()
    if args.verify:
        return _report(lambda: archive.verify(config, args.dest, now))

    if args.keep and not args.dest.is_dir():
        print("balint: --keep needs DEST to be a folder (backups are then dated files in it)",
              file=sys.stderr)
        return 2

    def take() -> str:
        # The server is on the same machine: the backup gives way to it for the CPU.
        os.nice(10)
        path, counts = archive.take(config, args.dest, now)
        lines = [f"Backup written to {path}"]
        lines += [f"  {name.replace('_', ' ')}: {n}" for name, n in counts.items()]
        if args.keep:
            lines += [f"  removed old backup {old.name}" for old in archive.prune(args.dest,
                                                                                  args.keep)]
        return "\n".join(lines)

    return _report(take)


def _restore(args: argparse.Namespace, config: Config) -> int:
    return _report(lambda: asyncio.run(
        restore.restore(config, args.src, SystemClock(), replace=args.replace)))


def _new_key(args: argparse.Namespace, _config: Config) -> int:
    def make() -> str:
        kid = new_key_file(args.path)
        return (f"Backup key {kid} written to {args.path}. Keep a copy of this file somewhere "
                "safe and apart from the data directory; set BALINT_BACKUP_KEY_FILE to it. "
                "Do not copy the .epochs file beside it: deleting its old keys is what "
                "makes deleted chat unreadable in old backups.")
    return _report(make)

