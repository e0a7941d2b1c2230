"""`annotator-cli refresh`: compare every story with its file and re-anchor the changed ones."""

from __future__ import annotations

import argparse

from .common import add_project_args, open_for_writing, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "refresh",
        help="compare stories with their files; with --apply, update them and move their spans",
        description="Compare every story with the file it was imported from. Without --apply nothing is "
        "written: each changed story is listed with how many spans would move, be flagged for review or be "
        "orphaned (their words are gone). With --apply the project is backed up once, the stories are "
        "updated and the flagged and orphaned spans wait in the review list.",
    )
    add_project_args(p)
    p.add_argument("--apply", action="store_true", help="update the changed stories (after one backup)")
    p.add_argument("--list", "-l", action="store_true", help="also list every flagged or orphaned span")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_for_writing(args, read_only=not args.apply) as project:
        result = project.refresh(apply=args.apply)
    if not result.checks:
        out("every story matches its file")
        return 0
    for check in result.checks:
        out(check.line())
        if args.list:
            for c in check.changes:
                if c.needs_review:
                    new = "gone" if c.new_text is None else repr(c.new_text)
                    out(f"    {c.label} {c.status}: {c.old_text!r} -> {new} ({c.reason})")
    changed = len(result.changed)
    if args.apply:
        where = f"; backup in {result.backup}" if result.backup else ""
        out(f"{changed} stor{'y' if changed == 1 else 'ies'} updated{where}")
    else:
        out(f"{changed} stor{'y' if changed == 1 else 'ies'} changed on disk (use --apply to update)")
    return 0
