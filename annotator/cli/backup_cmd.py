"""`annotator-cli backup`: list, make and restore project backups."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.store.backups import list_backups, make_backup, restore_backup

from .common import CliError, add_project_args, open_repo, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup",
        help="list, make or restore backups of a project",
        description="Backups are made automatically before upgrades and bulk imports, and daily. "
        "They live in the folder <project>.backups beside the project.",
    )
    add_project_args(p)
    p.add_argument("action", choices=("list", "create", "restore"))
    p.add_argument("backup", nargs="?", type=Path, help="the backup file to restore (see `backup list`)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_repo(args, read_only=args.action != "create") as repo:
        path = repo.path
        if args.action == "create":
            out(f"backed up to {make_backup(repo, 'manual')}")
            return 0
    if args.action == "list":
        backups = list_backups(path)
        if not backups:
            out(f"no backups of {path} yet")
        for b in backups:
            out(f"{b.label:<32} {b.path}")
        return 0
    if args.backup is None:
        raise CliError(
            "name the backup to restore, e.g. `annotator-cli backup restore --project P FILE` (see `backup list`)"
        )
    safety = restore_backup(path, args.backup)
    out(f"restored {path} from {args.backup}; the state before the restore is kept in {safety}")
    return 0
