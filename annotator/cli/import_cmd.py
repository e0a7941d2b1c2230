"""`annotator-cli import`: story files (and folders of them) into a project."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.workflows.stories import import_story_files

from .common import add_project_args, open_repo, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import story files or folders into a project",
        description="Import story files (.txt .md .html .json .jsonl NITF .xml) or folders of them. "
        "Each file is imported whole or not at all; stories already in the project are skipped.",
    )
    add_project_args(p)
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_repo(args) as repo:
        summary = import_story_files(repo, args.paths)
    for line in summary.lines():
        out(line)
    return 1 if summary.refused and not summary.imported else 0
