"""`annotator-cli export`: a project (or part of it) in a dataset format."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.core.model import Status
from annotator.formats import FormatError
from annotator.workflows.exchange import ExportScope, export_project

from .common import CliError, open_repo, out
from .format_options import add_option_args, parse_options, terminal_progress


def _status(value: str) -> str:
    v = value.strip().lower().replace("-", " ").replace("_", " ")
    if v not in Status.ALL:
        raise argparse.ArgumentTypeError(f"status must be one of: {', '.join(Status.ALL)}")
    return v


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export stories and annotations in a dataset format",
        description="Export a project in a dataset format (see `annotator-cli formats`). "
        "The file or folder appears under its name only when complete. "
        "Anything the format cannot carry is listed after the export.",
    )
    p.add_argument(
        "--project", type=Path, default=None, help="project file (default: the default project in your data folder)"
    )
    p.add_argument("--format", required=True, dest="format_name", metavar="NAME", help="format name")
    p.add_argument("--output", "-o", required=True, type=Path, metavar="PATH", help="file to write (a folder for brat)")
    p.add_argument(
        "--annotator",
        action="append",
        dest="annotators",
        metavar="NAME",
        help="only this annotator's spans and links (repeat for several; default: everyone)",
    )
    p.add_argument(
        "--status",
        action="append",
        dest="statuses",
        type=_status,
        metavar="STATUS",
        help="only stories with this status: new, 'in progress' or done (repeatable)",
    )
    p.add_argument("--story", action="append", dest="stories", metavar="ID", help="only this story (repeatable)")
    p.add_argument(
        "--full-paths",
        action="store_true",
        help="keep stories' absolute source paths (default: bare file names, which name no one's folders)",
    )
    add_option_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    scope = ExportScope(
        annotators=tuple(args.annotators) if args.annotators else None,
        statuses=tuple(args.statuses) if args.statuses else None,
        story_ids=tuple(args.stories) if args.stories else None,
    )
    options = parse_options(args.options)
    with open_repo(args, read_only=True) as repo:
        try:
            report = export_project(
                repo,
                args.format_name,
                args.output,
                scope=scope,
                options=options,
                progress=terminal_progress("exporting"),
                full_paths=args.full_paths,
            )
        except (FormatError, TypeError) as exc:
            raise CliError(str(exc)) from None
    out(f"wrote {args.output} ({args.format_name})")
    for line in report.lines():
        out(f"  {line}")
    return 0
