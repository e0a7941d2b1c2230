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

# Subcommands in the order `--help` lists them: name, module under annotator.cli, and the
# one-line help shown in that list. Only the module of the command being run is imported,
# so `--version`, `--help` and each command pay for what they use alone (a test keeps these
# lines equal to each module's own).
SUBCOMMANDS: tuple[tuple[str, str, str], ...] = (
    ("import", "import_cmd", "import story files, annotation files, folders or archives of them"),
    ("export", "export_cmd", "export stories and annotations in a dataset format"),
    ("formats", "formats_cmd", "list export/import formats and what each carries"),
    ("stats", "stats_cmd", "count stories, spans and links in a project"),
    ("agree", "agree_cmd", "measure agreement between annotators"),
    ("backup", "backup_cmd", "list, make or restore backups of a project"),
    ("suggest", "suggest_cmd", "suggest quotes, attributions and claims (list them, or store them with --accept)"),
    ("refresh", "refresh_cmd", "compare stories with their files; with --apply, update them and move their spans"),
    ("learn", "learn_cmd", "train a model from one annotator's spans and links (for 'suggest --model')"),
    ("team", "team_cmd", "share work through a team folder (a network drive, Syncthing, Dropbox, a git repository)"),
    ("selftest", "selftest_cmd", "check that this installation works: import, tag, link, export, re-import"),
)


def build_parser(argv: Sequence[str] | None = None, *, full: bool = False) -> argparse.ArgumentParser:
    """The parser for ``argv``: the chosen command in full, the others as their names and
    help lines (``full=True`` builds every command's parser, for documentation checks)."""
    parser = argparse.ArgumentParser(
        prog="annotator-cli",
        description="Label claims, quotes and attributions in news stories, without the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # No global option takes a value, so the first bare word is the command.
    chosen = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")), None)
    for name, module, help_line in SUBCOMMANDS:
        if full or name == chosen:
            importlib.import_module(f"{__name__}.{module}").register(sub)
        else:
            sub.add_parser(name, help=help_line)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)  # --version and --help end here, before any project code loads
    from .common import run_command

    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
