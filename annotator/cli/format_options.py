"""Options the exchange subcommands share: `--option KEY=VALUE` and terminal progress."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from annotator.workflows.progress import SILENT, Progress

from .common import CliError

__all__ = ["add_option_args", "parse_options", "terminal_progress"]


def add_option_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--option",
        action="append",
        dest="options",
        default=[],
        metavar="KEY=VALUE",
        help="a format option, e.g. variant=entities or offsets=codepoints (see `annotator-cli formats`)",
    )


def parse_options(raw: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for item in raw or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--option needs KEY=VALUE, not {item!r}")
        options[key.strip().replace("-", "_")] = value.strip()
    return options


def terminal_progress(verb: str) -> Progress:
    """A one-line counter on a terminal; silent when output is piped."""
    if not sys.stderr.isatty():
        return SILENT

    def report(done: int, total: int, label: str) -> None:
        counter = f"{done}/{total}" if total else f"{done}"
        end = "\n" if total and done >= total else ""
        print(f"\r{verb} {counter} {label[:40]:<40}", end=end, file=sys.stderr, flush=True)

    return Progress(report=report)
