"""`annotator-cli import`: story files and annotation files (auto-detected) into a project."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.formats import FormatError

from .common import CliError, add_project_args, open_for_writing, out
from .format_options import add_option_args, parse_options, terminal_progress


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import story files, annotation files, folders or archives of them",
        description="Import story files (.txt .md .html .json .jsonl NITF .xml .docx .pdf) or folders of them, and "
        "annotation files (annotator JSONL, brat folders, doccano, Label Studio ...), detected by their "
        "content (--format overrides); .zip and .tar(.gz) archives are unpacked safely and their files "
        "imported. Each file is imported whole or not at all; stories already in the "
        "project are matched by their text, and spans and links already there are skipped. Spans without "
        "an annotator in the file are filed under --annotator.",
    )
    add_project_args(p)
    p.add_argument(
        "--format",
        dest="format_name",
        metavar="NAME",
        default=None,
        help="read every FILE with this format instead of detecting it",
    )
    add_option_args(p)
    p.add_argument(
        "--split-articles",
        action="store_true",
        help="a Word or PDF file holding several articles (an archive or database export) becomes one story "
        "per article, cut at its markers ('Document 2 of 9', 'End of Document') or headline styles",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_for_writing(args) as project:
        try:
            summary = project.import_files(
                args.paths,
                format_name=args.format_name,
                options=parse_options(args.options),
                progress=terminal_progress("importing"),
                split_articles=args.split_articles,
            )
        except FormatError as exc:
            raise CliError(str(exc)) from None
    for line in summary.lines():
        out(line)
    if summary.refused:
        return 1
    return 0
