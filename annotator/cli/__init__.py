"""`annotator-cli`: the window's work without a window, for scripts and pipelines.

Each subcommand lives in its own module with ``register(subparsers)``; the list
below is the one place that names them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from annotator import __version__

# Modules under annotator.cli, in the order `--help` lists them.
SUBCOMMANDS = (
    "import_cmd",
    "export_cmd",
    "formats_cmd",
    "stats_cmd",
    "agree_cmd",
    "backup_cmd",
    "suggest_cmd",
    "selftest_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator-cli",
        description="Label claims, quotes and attributions in news stories, without the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .common import run_command

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
