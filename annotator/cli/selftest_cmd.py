"""`annotator-cli selftest`: the product checks itself end to end (also inside a frozen bundle)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "selftest",
        help="check that this installation works: import, tag, link, export, re-import",
        description="In throw-away projects: import a bundled sample story, tag spans, a second "
        "fragment and links, export native and brat, import both back and compare. "
        "Exit status 0 when everything holds, 1 with the failing step otherwise.",
    )
    p.add_argument("--story", type=Path, default=None, help="use this story file instead of a bundled sample")
    p.add_argument("--keep", type=Path, default=None, metavar="DIR", help="leave the test projects and exports in DIR")
    p.add_argument("--verbose", action="store_true", help="show the full trace when a step fails")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from annotator.workflows.selftest import run_selftest

    ok = run_selftest(out, story=args.story, keep=args.keep, verbose=args.verbose)
    return 0 if ok else 1
