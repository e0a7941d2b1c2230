"""`annotator-cli formats`: which formats there are and what each can carry."""

from __future__ import annotations

import argparse

from annotator.formats import all_formats

from .common import out

_FEATURES = ("overlaps", "fragments", "relations", "attributes", "notes", "annotators")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("formats", help="list export/import formats and what each carries")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    formats = sorted(all_formats(), key=lambda f: f.name)
    width = max((len(f.name) for f in formats), default=6)
    for fmt in formats:
        direction = "export + import" if fmt.readable else "export only"
        target = "folder" if fmt.dest_is_dir else ", ".join(fmt.extensions) or "file"
        out(f"{fmt.name:<{width}}  {fmt.title}")
        out(f"{'':<{width}}  {direction}; writes {target}; offsets: {fmt.offsets}")
        carried = fmt.carries.describe()
        missing = [n for n in _FEATURES if not getattr(fmt.carries, n)]
        line = "spans only" if carried == "spans only" else f"spans, {carried}"
        if missing:
            line += f"; not: {', '.join(missing)} (reported when dropped)"
        out(f"{'':<{width}}  carries: {line}")
        if fmt.options:
            opts = "; ".join(f"{k}: {v}" for k, v in fmt.options.items())
            out(f"{'':<{width}}  options (--option KEY=VALUE): {opts}")
        why = fmt.unavailable()
        if why:
            out(f"{'':<{width}}  UNAVAILABLE here: {why}")
    return 0
